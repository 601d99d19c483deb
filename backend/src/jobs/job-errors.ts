import { ErrorCode, JobError } from '@robokit/api';
import { LeRobotFormatError } from '@robokit/lerobot';
import { DomainError } from '../common/domain-error';

/** Thrown from progress() when the job was cancelled or deleted while it ran. */
export class JobCancelledError extends Error {
  constructor(jobId: string) {
    super(`Job ${jobId} was cancelled or deleted while it ran`);
    this.name = 'JobCancelledError';
  }
}

/** What a failed attempt stores: domain errors as they are, format errors as permanent, bugs as retryable. */
export function jobErrorOf(error: unknown): JobError {
  if (error instanceof DomainError) return error.toJobError();
  if (error instanceof LeRobotFormatError) {
    return { code: error.code, message: error.message, details: error.details, retryable: false };
  }
  return {
    code: ErrorCode.InternalError,
    message: `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`,
    retryable: true,
  };
}
