import { ErrorCode } from '@robokit/api';
import { DomainError } from '../common/domain-error';
import { retryDelay } from './retry-backoff';

describe('retryDelay', () => {
  it('doubles per attempt, with up to half of each delay random', () => {
    expect([1, 2, 3].map((attempt) => retryDelay(1000, attempt, new Error('x'), () => 1))).toEqual([1000, 2000, 4000]);
    expect(retryDelay(1000, 3, new Error('x'), () => 0)).toBe(2000);
  });

  it("waits at least as long as the Hub's Retry-After", () => {
    const limited = new DomainError(ErrorCode.RateLimited, 'slow down', undefined, true, 300);
    expect(retryDelay(1000, 1, limited, () => 1)).toBe(300_000);
    expect(retryDelay(1000, 12, limited, () => 1)).toBe(2048 * 1000);
  });

  it("ignores the hint an API answer gives for other errors (it is meant for clients, not for job retries)", () => {
    const unavailable = new DomainError(ErrorCode.HubUnavailable, 'down', undefined, true, 30);
    expect(retryDelay(1000, 1, unavailable, () => 1)).toBe(1000);
  });
});
