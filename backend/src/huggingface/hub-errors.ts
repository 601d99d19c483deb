import { ErrorCode } from '@robokit/api';
import { DomainError } from '../common/domain-error';
import { LocalOnlyViolation } from './hub-fetch';
import { HubNetworkError, HubProtocolError, HubResponseError } from './hub-response-error';

export interface HubContext {
  repoId: string;
  revision?: string;
  path?: string;
  hubUrl: string;
}

function repoPage(context: HubContext): string {
  return `${context.hubUrl}/datasets/${context.repoId}`;
}

function fromResponse(error: HubResponseError, context: HubContext): DomainError {
  const details = { repoId: context.repoId, revision: context.revision, path: context.path, hubStatus: error.status, hubErrorCode: error.errorCode ?? undefined, hubRequestId: error.hubRequestId ?? undefined };
  switch (error.errorCode) {
    case 'RevisionNotFound':
      return new DomainError(ErrorCode.RevisionNotFound, `Revision "${context.revision}" does not exist in dataset ${context.repoId}. Pick a branch, tag or commit from its refs.`, details);
    case 'EntryNotFound':
      return new DomainError(ErrorCode.FileNotFound, `File ${context.path} does not exist in ${context.repoId} at ${context.revision}.`, details);
    case 'GatedRepo':
      return new DomainError(ErrorCode.RepoGated, `Dataset ${context.repoId} is gated. Request access on ${repoPage(context)}, then set HF_TOKEN to a token of an account that has it.`, details);
  }
  if (error.status === 429) {
    return new DomainError(ErrorCode.RateLimited, `The Hugging Face Hub is rate limiting requests; retry in ${error.retryAfterSeconds ?? 60} s.`, { ...details, source: 'hub' }, true, error.retryAfterSeconds ?? 60);
  }
  if (error.status === 401 && /invalid credentials/i.test(error.hubMessage)) {
    return new DomainError(ErrorCode.HubUnauthorized, 'The Hub rejected the configured HF_TOKEN (invalid or revoked). Set a valid token or unset it.', details);
  }
  if (error.status === 403 && /disabled/i.test(error.hubMessage)) {
    return new DomainError(ErrorCode.RepoNotFound, `Dataset ${context.repoId} has been disabled on the Hub.`, { ...details, disabled: true });
  }
  if (error.status === 403) {
    return new DomainError(ErrorCode.HubUnauthorized, `The Hub refused access to ${context.repoId} (${error.hubMessage}); the configured HF_TOKEN lacks the permission.`, details);
  }
  // The Hub answers 401 to anonymous requests for missing and private repos alike.
  if (error.errorCode === 'RepoNotFound' || error.status === 401 || error.status === 404) {
    return new DomainError(ErrorCode.RepoNotFound, `Dataset ${context.repoId} was not found on the Hub (if it is private, set HF_TOKEN to a token that can read it).`, details);
  }
  if (error.status >= 500 || error.status === 408) {
    return new DomainError(ErrorCode.HubUnavailable, `The Hugging Face Hub answered ${error.status}; it is probably a passing problem, retry shortly.`, details, true, 30);
  }
  return new DomainError(ErrorCode.HubBadResponse, `The Hub answered ${error.status} (${error.hubMessage}).`, details, false);
}

/** Gives any failure of a Hub call the code, message and retryability a user can act on. */
export function hubError(error: unknown, context: HubContext): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof HubResponseError) return fromResponse(error, context);
  if (error instanceof HubNetworkError) {
    return new DomainError(ErrorCode.HubUnavailable, `The Hub at ${context.hubUrl} could not be reached${context.path ? ` for ${context.path}` : ''} (${error.reason}); retry shortly.`, { repoId: context.repoId, path: context.path }, true, 30);
  }
  if (error instanceof HubProtocolError) {
    return new DomainError(ErrorCode.HubBadResponse, `The Hub at ${context.hubUrl} sent ${error.reason}${context.path ? ` for ${context.path}` : ''}; RoboKit refuses it.`, { repoId: context.repoId, path: context.path }, false);
  }
  // Response.json() of an answer that is not JSON; undici's SyntaxError may come from another realm.
  if ((error as Error | null)?.name === 'SyntaxError') {
    return new DomainError(ErrorCode.HubBadResponse, `The Hub at ${context.hubUrl} sent an answer that is not valid JSON (${(error as Error).message}).`, { repoId: context.repoId, path: context.path }, false);
  }
  if (error instanceof LocalOnlyViolation) {
    return new DomainError(ErrorCode.NotInLocalCache, `${context.repoId} is not in the local cache and ROBOKIT_HF_LOCAL_ONLY=1 forbids downloading it.`, { repoId: context.repoId, revision: context.revision, path: context.path });
  }
  // The library's own word for an answer it cannot parse; any other error here is a bug and stays a 500.
  if (error instanceof Error && error.name === 'InvalidApiResponseFormatError') {
    return new DomainError(ErrorCode.HubBadResponse, `The Hub sent an answer RoboKit could not understand: ${error.message}`, { repoId: context.repoId, path: context.path }, true);
  }
  throw error;
}
