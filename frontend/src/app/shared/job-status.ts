import { ACTIVE_JOB_STATUSES, JobStatus } from '@robokit/api';

/** Queued or running: the job (or import) is still in hand and its state will change. */
export function isActiveStatus(status: JobStatus | `${JobStatus}`): boolean {
  return ACTIVE_JOB_STATUSES.includes(status as JobStatus);
}
