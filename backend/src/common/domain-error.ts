import { ErrorCode, JobError } from '@robokit/api';

/**
 * The one error type domain code throws. The HTTP status comes from the code (see error-status.ts), so a
 * service never decides how an error looks on the wire, and a job failure stores the same facts.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Overrides the code's default: e.g. a Hub 5xx is retryable, a 404 is not. */
    readonly retryableOverride?: boolean,
    /** Seconds a client should wait (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toJobError(): JobError {
    return { code: this.code, message: this.message, details: this.details, retryable: isRetryable(this) };
  }
}

const RETRYABLE_CODES = new Set<ErrorCode>([
  ErrorCode.RateLimited,
  ErrorCode.HubUnavailable,
  ErrorCode.DownloadIntegrity,
  ErrorCode.ServiceUnavailable,
  ErrorCode.InternalError,
]);

export function isRetryable(error: DomainError): boolean {
  return error.retryableOverride ?? RETRYABLE_CODES.has(error.code);
}
