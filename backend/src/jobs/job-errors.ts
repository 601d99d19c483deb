import { ErrorCode, JobError } from '@robokit/api';
import { LeRobotFormatError } from '@robokit/lerobot';
import { isConnectionFailure } from '../common/connection-failure';
import { DomainError } from '../common/domain-error';
import { storable } from '../common/storable-text';

/** Thrown from progress() when the job was cancelled or deleted while it ran. */
export class JobCancelledError extends Error {
  constructor(jobId: string) {
    super(`Job ${jobId} was cancelled or deleted while it ran`);
    this.name = 'JobCancelledError';
  }
}

/**
 * What a failed attempt stores: domain errors as they are, format errors as permanent, lost connections and
 * bugs as retryable; always in a form the database accepts, since a failure that cannot be recorded would be
 * retried forever.
 */
export function jobErrorOf(error: unknown): JobError {
  return storable(describeFailure(error));
}

function describeFailure(error: unknown): JobError {
  if (error instanceof DomainError) return error.toJobError();
  if (error instanceof LeRobotFormatError) {
    return { code: error.code, message: error.message, details: error.details, retryable: false };
  }
  if (isConnectionFailure(error)) {
    // Not the job's fault: PostgreSQL or Redis went away while it ran. Worth another attempt, and said as such.
    return {
      code: ErrorCode.ServiceUnavailable,
      message: `PostgreSQL or Redis was not reachable while the job ran: ${(error as Error).message}`,
      retryable: true,
    };
  }
  return {
    code: ErrorCode.InternalError,
    message: `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`,
    retryable: true,
  };
}
