import { ErrorCode } from '@robokit/api';
import { DomainError } from '../common/domain-error';

export const HUB_AWARE_BACKOFF = 'hub-aware';

/**
 * Exponential backoff with jitter (half of each delay is random, so retries of many jobs spread out), but
 * never sooner than the Hub asked: a 429's Retry-After or RateLimit reset wins when it is longer.
 */
export function retryDelay(baseMs: number, attemptsMade: number, error: unknown, random: () => number = Math.random): number {
  const exponential = baseMs * 2 ** Math.max(0, attemptsMade - 1);
  const jittered = Math.round(exponential * (0.5 + 0.5 * random()));
  const askedMs = error instanceof DomainError && error.code === ErrorCode.RateLimited && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 0;
  return Math.max(jittered, askedMs);
}
