import { Schemas } from '../core/api/api-client';

export type HubSummary = Schemas['HubDatasetSummaryDto'];
export type HubRefs = Schemas['HubRefsDto'];
export type HubRef = Schemas['HubRefDto'];

const VERSION_REF = /^v(\d+)\.(\d+)$/;

/**
 * The newest LeRobot codebase version the repo's refs name. LeRobot tags (or, before v2.1, branches) every
 * push with its codebase version (lerobot-format.md §9.2), so this is what `main` most likely holds; the
 * import reads meta/info.json to know for sure.
 */
export function lerobotVersionOf(refs: HubRefs): string | null {
  const versions = [...refs.tags, ...refs.branches]
    .map((ref) => VERSION_REF.exec(ref.name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ name: match[0], major: Number(match[1]), minor: Number(match[2]) }))
    .sort((a, b) => b.major - a.major || b.minor - a.minor);
  return versions[0]?.name ?? null;
}

/** The Hub marks LeRobot datasets with this tag (from the card LeRobot writes). */
export function isLeRobotTagged(summary: HubSummary): boolean {
  return summary.tags.some((tag) => tag.toLowerCase() === 'lerobot' || tag === 'library:lerobot');
}

/** Tags worth reading: the Hub's derived ones (task_categories:…, library:…, region:…) say less than the user's own. */
export function userTags(summary: HubSummary): string[] {
  return summary.tags.filter((tag) => !tag.includes(':'));
}
