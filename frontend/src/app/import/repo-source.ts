import { repoIdProblem, revisionProblem } from '@robokit/api';

/** A Hub dataset as the user named it: its repo id, and the revision when a URL carried one. */
export interface RepoSource {
  repoId: string;
  revision: string | null;
}

export type ParsedRepoSource = { ok: true; source: RepoSource } | { ok: false; problem: string };

const HUB_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);
/** The Hub's page kinds that follow a repo id and name a revision next: /tree/<rev>, /blob/<rev>/<path>, ... */
const REVISION_PAGES = new Set(['tree', 'blob', 'resolve', 'commit']);

/**
 * Reads what a user pasted: `owner/name`, a legacy single name, or a Hub page of the dataset
 * (https://huggingface.co/datasets/owner/name[/tree/<rev>[/path]]), and checks it with the server's own rules
 * (shared/api validation), so a bad id is named before any request is made.
 */
export function parseRepoSource(input: string): ParsedRepoSource {
  const text = input.trim();
  if (!text) return { ok: false, problem: 'Enter a repository id such as lerobot/pusht, or a Hub dataset URL.' };
  const parsed = looksLikeUrl(text) ? fromUrl(text) : ({ ok: true, source: { repoId: text, revision: null } } as const);
  if (!parsed.ok) return parsed;
  const { repoId, revision } = parsed.source;
  const repoProblem = repoIdProblem(repoId);
  if (repoProblem) return { ok: false, problem: `The repository id ${repoProblem}.` };
  const refProblem = revision === null ? null : revisionProblem(revision);
  if (refProblem) return { ok: false, problem: `The revision in the URL ${refProblem}.` };
  return parsed;
}

function looksLikeUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || [...HUB_HOSTS].some((host) => text.toLowerCase().startsWith(`${host}/`));
}

function fromUrl(text: string): ParsedRepoSource {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, problem: 'This is not a valid URL.' };
  }
  if (!HUB_HOSTS.has(url.hostname.toLowerCase())) {
    return { ok: false, problem: `Only Hugging Face Hub URLs (https://huggingface.co/datasets/…) can be imported, not ${url.hostname}.` };
  }
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments[0] !== 'datasets' || segments.length < 2) {
    return { ok: false, problem: 'This Hub URL is not a dataset: dataset URLs start with https://huggingface.co/datasets/.' };
  }
  const rest = segments.slice(1);
  // A legacy single-name repo is followed directly by the page kind (datasets/<name>/tree/<rev>).
  const nameLength = rest.length >= 2 && !REVISION_PAGES.has(rest[1]) ? 2 : 1;
  const repoId = rest.slice(0, nameLength).join('/');
  const page = rest[nameLength];
  if (page === undefined) return { ok: true, source: { repoId, revision: null } };
  const encodedRevision = rest[nameLength + 1];
  if (!REVISION_PAGES.has(page) || encodedRevision === undefined) {
    return { ok: false, problem: 'Use the dataset’s main page or a /tree/<revision> page of it.' };
  }
  let revision: string;
  try {
    // The Hub writes a revision with slashes as one encoded segment (tree/refs%2Fconvert%2Fparquet).
    revision = decodeURIComponent(encodedRevision);
  } catch {
    return { ok: false, problem: 'The revision in the URL is not correctly encoded.' };
  }
  return { ok: true, source: { repoId, revision } };
}
