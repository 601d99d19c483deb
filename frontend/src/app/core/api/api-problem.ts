import { HttpErrorResponse } from '@angular/common/http';
import { ErrorBody, ErrorCode } from '@robokit/api';

/**
 * A failed API call as the UI shows it: what happened, what to do, whether retrying helps (and when), and
 * the details a user can pass on to support (code, request id).
 */
export interface ApiProblem {
  status: number;
  code: ErrorCode | 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE';
  message: string;
  advice: string;
  retryable: boolean;
  /** Seconds the server asked us to wait (429/503 Retry-After). */
  retryAfterSeconds: number | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

const ADVICE: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.ValidationFailed]: 'Check the highlighted fields and try again.',
  [ErrorCode.RepoNotFound]: 'Check the repository id for typos; private repositories need a token on the server.',
  [ErrorCode.RevisionNotFound]: 'Pick a branch, tag or commit that exists in this repository.',
  [ErrorCode.RepoGated]: 'Accept the dataset’s conditions on the Hugging Face Hub with the account whose token the server uses.',
  [ErrorCode.HubUnauthorized]: 'The server’s Hugging Face token was refused; an administrator must replace HF_TOKEN.',
  [ErrorCode.DatasetExists]: 'This source is already imported; open the existing dataset instead.',
  [ErrorCode.JobStateConflict]: 'The job changed state meanwhile; refresh to see where it is.',
  [ErrorCode.MetadataMissing]: 'This repository has no meta/info.json: it is not a LeRobot dataset at this revision.',
  [ErrorCode.MetadataInvalid]: 'meta/info.json cannot be read; fix it in the repository or pick another revision.',
  [ErrorCode.UnsupportedVersion]: 'Convert the dataset with LeRobot’s converter to v2.1 or v3.0, then import it again.',
  [ErrorCode.UnsupportedFormat]: 'RoboKit reads LeRobot datasets only for now.',
  [ErrorCode.RateLimited]: 'Too many requests: wait for the countdown, then retry.',
  [ErrorCode.HubUnavailable]: 'The Hugging Face Hub does not answer; retry in a moment.',
  [ErrorCode.HubBadResponse]: 'The Hub answered something unexpected; retry later.',
  [ErrorCode.ServiceUnavailable]: 'A RoboKit service is down; retry in a moment.',
  [ErrorCode.DatasetNotFound]: 'The dataset was deleted or the link is wrong.',
  [ErrorCode.AuthRequired]: 'Sign in to continue.',
  [ErrorCode.AuthTokenInvalid]: 'Your session was refused; sign out and sign in again.',
  [ErrorCode.AuthTokenExpired]: 'Your session ended; sign in again.',
  [ErrorCode.HeadersTooLarge]: 'The request was too large; clear this site’s cookies and reload.',
  [ErrorCode.FileTooLarge]: 'The dataset holds a file above this installation’s size limit (HUB_MAX_FILE_BYTES).',
  [ErrorCode.HubUnsafePath]: 'The Hub listed a file path RoboKit refuses to write; report the repository to its owner.',
  [ErrorCode.FileCorrupt]: 'A file of the dataset is broken on the Hub itself; upload it again, then import or run the job on the new revision.',
  [ErrorCode.DownloadIntegrity]: 'A file from the Hub did not match its checksum; retry, and report it if it keeps failing.',
  [ErrorCode.InternalError]: 'Something broke on the server; retry, and report the request id if it keeps failing.',
};

export function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value && 'statusCode' in value;
}

export function toApiProblem(error: unknown): ApiProblem {
  if (!(error instanceof HttpErrorResponse)) {
    return problem(0, 'UNEXPECTED_RESPONSE', error instanceof Error ? error.message : String(error), false);
  }
  if (error.status === 0) {
    return problem(0, 'NETWORK_ERROR', 'The RoboKit server cannot be reached.', true, 'Check your connection; RoboKit retries by itself.');
  }
  const retryAfter = parseRetryAfter(error.headers?.get('Retry-After') ?? null);
  if (!isErrorBody(error.error)) {
    return { ...problem(error.status, 'UNEXPECTED_RESPONSE', `The server answered ${error.status} ${error.statusText}.`, error.status >= 500), retryAfterSeconds: retryAfter };
  }
  const body = error.error;
  return {
    status: body.statusCode,
    code: body.code,
    message: body.message,
    advice: ADVICE[body.code] ?? (body.retryable ? 'Retry in a moment.' : 'Change the request and try again.'),
    retryable: body.retryable,
    retryAfterSeconds: retryAfter,
    requestId: body.requestId ?? error.headers?.get('X-Request-Id') ?? null,
    details: body.details ?? {},
  };
}

function problem(status: number, code: ApiProblem['code'], message: string, retryable: boolean, advice = 'Retry, or reload the page.'): ApiProblem {
  return { status, code, message, advice, retryable, retryAfterSeconds: null, requestId: null, details: {} };
}

/** Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}
