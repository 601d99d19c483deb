import { defer, EMPTY, expand, map, merge, Observable, of, scan, switchMap, timer, catchError } from 'rxjs';
import { ApiProblem, toApiProblem } from '../api/api-problem';

export interface PollOptions {
  /** Pause between two answers while the watched work is active. */
  intervalMs: number;
  /** First pause after a failure; it doubles with every further failure up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_POLL: PollOptions = { intervalMs: 2500, backoffMs: 5000, maxBackoffMs: 60_000 };

/** What every view of a polled resource shows: the last good answer, and the trouble if the last call failed. */
export interface PollState<T> {
  value: T | null;
  problem: ApiProblem | null;
  /** Failures in a row; 0 after a success. */
  failures: number;
  /** When the next call is due after a failure (ms since epoch), for "retrying in 8 s". */
  nextAttemptAt: number | null;
  /** True while answers say the work is active, so the poller keeps asking. */
  active: boolean;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; problem: ApiProblem; failures: number; delayMs: number };

/**
 * Polls `fetch` while `isActive` says the answer shows work in progress, one call at a time: the next call
 * starts only after the previous answer and a pause, so slow answers never stack. Failures back off
 * exponentially (honouring Retry-After). `visible$` must emit the page's visibility at once and on every
 * change: polling stops while it is false and restarts with a call when it turns true; `wake$` restarts it
 * after the user starts new work.
 */
export function poll<T>(
  fetch: () => Observable<T>,
  isActive: (value: T) => boolean,
  visible$: Observable<boolean>,
  wake$: Observable<unknown>,
  options: PollOptions = DEFAULT_POLL,
): Observable<PollState<T>> {
  const attempt = (failures: number): Observable<Outcome<T>> =>
    defer(fetch).pipe(
      map((value): Outcome<T> => ({ ok: true, value })),
      catchError((error: unknown) => {
        const problem = toApiProblem(error);
        const backoff = Math.min(options.maxBackoffMs, options.backoffMs * 2 ** failures);
        const delayMs = Math.max(backoff, (problem.retryAfterSeconds ?? 0) * 1000);
        return of<Outcome<T>>({ ok: false, problem, failures: failures + 1, delayMs });
      }),
    );

  const loop = attempt(0).pipe(
    expand((outcome) => {
      if (outcome.ok) return isActive(outcome.value) ? timer(options.intervalMs).pipe(switchMap(() => attempt(0))) : EMPTY;
      return timer(outcome.delayMs).pipe(switchMap(() => attempt(outcome.failures)));
    }),
  );

  const running = merge(visible$.pipe(map((visible) => ({ visible }))), wake$.pipe(map(() => ({ visible: true }))));
  return running.pipe(
    switchMap(({ visible }) => (visible ? loop : EMPTY)),
    scan(
      (state: PollState<T>, outcome: Outcome<T>): PollState<T> =>
        outcome.ok
          ? { value: outcome.value, problem: null, failures: 0, nextAttemptAt: null, active: isActive(outcome.value) }
          : { ...state, problem: outcome.problem, failures: outcome.failures, nextAttemptAt: Date.now() + outcome.delayMs },
      { value: null, problem: null, failures: 0, nextAttemptAt: null, active: false },
    ),
  );
}
