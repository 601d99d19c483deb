import { ErrorCode } from '@robokit/api';
import { ApiProblem } from '../core/api/api-problem';

/** The wizard step where the user can fix a failure. */
export type FixStep = 'repo' | 'revision';

/** A failed import as the wizard acts on it. */
export interface ImportFailure {
  problem: ApiProblem;
  fixAt: FixStep | null;
  /** The server's words for the field the user typed, shown under it. */
  fieldErrors: Partial<Record<FixStep, string>>;
  /** Set when the source is already imported (409 DATASET_EXISTS). */
  existingDatasetId: string | null;
}

/** The API's field names (create body, refs path) mapped to the wizard's fields. */
const FIELDS: Record<string, FixStep> = {
  'source.repo_id': 'repo',
  repo: 'repo',
  'source.revision': 'revision',
};

const FIX_AT: Partial<Record<string, FixStep>> = {
  [ErrorCode.RepoNotFound]: 'repo',
  [ErrorCode.RepoGated]: 'repo',
  [ErrorCode.RevisionNotFound]: 'revision',
  // Another revision may hold a readable LeRobot version (a v2.1 tag next to an older main, say).
  [ErrorCode.MetadataMissing]: 'revision',
  [ErrorCode.MetadataInvalid]: 'revision',
  [ErrorCode.UnsupportedVersion]: 'revision',
};

export const FIX_LABELS: Record<FixStep, string> = {
  repo: 'Choose another repository',
  revision: 'Pick another revision',
};

export function importFailure(problem: ApiProblem): ImportFailure {
  const fieldErrors = problem.code === ErrorCode.ValidationFailed ? fieldErrorsOf(problem.details) : {};
  const fixAt = fieldErrors.repo ? 'repo' : fieldErrors.revision ? 'revision' : (FIX_AT[problem.code] ?? null);
  const datasetId = problem.code === ErrorCode.DatasetExists ? problem.details['datasetId'] : null;
  return { problem, fixAt, fieldErrors, existingDatasetId: typeof datasetId === 'string' ? datasetId : null };
}

function fieldErrorsOf(details: Record<string, unknown>): Partial<Record<FixStep, string>> {
  const errors: Partial<Record<FixStep, string>> = {};
  const fields = Array.isArray(details['fields']) ? details['fields'] : [];
  for (const entry of fields as { field?: unknown; problems?: unknown }[]) {
    const step = typeof entry.field === 'string' ? FIELDS[entry.field] : undefined;
    if (step && Array.isArray(entry.problems)) errors[step] = entry.problems.join('; ');
  }
  return errors;
}
