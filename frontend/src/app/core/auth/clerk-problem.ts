import { ApiProblem } from '../api/api-problem';

const ADVICE = 'Check the connection, and that no firewall or content blocker stops Clerk; then retry.';

/** A failure with Clerk (loading it, its form, signing out), shown like a failed call: retryable, the cause in the details. */
export function clerkProblem(message: string, cause?: unknown, advice = ADVICE): ApiProblem {
  const details = cause === undefined ? {} : { error: cause instanceof Error ? cause.message : String(cause) };
  return { status: 0, code: 'NETWORK_ERROR', message, advice, retryable: true, retryAfterSeconds: null, requestId: null, details };
}
