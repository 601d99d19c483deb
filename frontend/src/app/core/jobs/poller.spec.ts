import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { BehaviorSubject, Observable, of, Subject, throwError, delay } from 'rxjs';
import { poll, PollState } from './poller';

const OPTIONS = { intervalMs: 2500, backoffMs: 5000, maxBackoffMs: 40_000 };

interface Answer {
  active: boolean;
  n: number;
}

function failure(status: number, retryAfter?: string): HttpErrorResponse {
  return new HttpErrorResponse({
    status,
    headers: retryAfter ? new HttpHeaders({ 'Retry-After': retryAfter }) : undefined,
    error: { statusCode: status, code: status === 429 ? 'RATE_LIMITED' : 'SERVICE_UNAVAILABLE', message: 'nope', retryable: true, requestId: 'r1' },
  });
}

describe('poll', () => {
  let visible: BehaviorSubject<boolean>;
  let wake: Subject<void>;
  let calls: number;
  let states: PollState<Answer>[];

  beforeEach(() => {
    vi.useFakeTimers();
    visible = new BehaviorSubject(true);
    wake = new Subject();
    calls = 0;
    states = [];
  });
  afterEach(() => vi.useRealTimers());

  function start(answer: (call: number) => Observable<Answer>) {
    return poll(() => answer(++calls), (value) => value.active, visible, wake, OPTIONS).subscribe((state) => states.push(state));
  }

  it('asks every interval while the work is active, and stops when it is not', () => {
    start((call) => of({ active: call < 3, n: call }));
    expect(calls).toBe(1);
    vi.advanceTimersByTime(2500);
    expect(calls).toBe(2);
    vi.advanceTimersByTime(2500);
    expect(calls).toBe(3);
    vi.advanceTimersByTime(60_000);
    expect(calls).toBe(3);
    expect(states.at(-1)).toMatchObject({ value: { n: 3 }, active: false, problem: null });
  });

  it('never stacks requests: the next call waits for a slow answer', () => {
    start((call) => of({ active: true, n: call }).pipe(delay(10_000)));
    vi.advanceTimersByTime(9_999);
    expect(calls).toBe(1);
    vi.advanceTimersByTime(1 + 2500);
    expect(calls).toBe(2);
  });

  it('backs off exponentially on failures, keeps the last good answer, and recovers', () => {
    start((call) => (call === 1 || call >= 5 ? of({ active: true, n: call }) : throwError(() => failure(503))));
    vi.advanceTimersByTime(2500); // call 2 fails
    expect(states.at(-1)).toMatchObject({ value: { n: 1 }, failures: 1 });
    expect(states.at(-1)?.problem?.code).toBe('SERVICE_UNAVAILABLE');
    vi.advanceTimersByTime(4999);
    expect(calls).toBe(2);
    vi.advanceTimersByTime(1); // call 3 after 5 s, fails
    expect(calls).toBe(3);
    vi.advanceTimersByTime(10_000); // call 4 after 10 s, fails
    expect(calls).toBe(4);
    expect(states.at(-1)?.failures).toBe(3);
    vi.advanceTimersByTime(20_000); // call 5 after 20 s succeeds
    expect(calls).toBe(5);
    expect(states.at(-1)).toMatchObject({ value: { n: 5 }, failures: 0, problem: null });
  });

  it('waits at least as long as the Retry-After of a 429', () => {
    start((call) => (call === 1 ? throwError(() => failure(429, '30')) : of({ active: false, n: call })));
    expect(states.at(-1)?.problem?.retryAfterSeconds).toBe(30);
    vi.advanceTimersByTime(29_999);
    expect(calls).toBe(1);
    vi.advanceTimersByTime(1);
    expect(calls).toBe(2);
  });

  it('pauses while the page is hidden and asks again at once when it is shown', () => {
    start((call) => of({ active: true, n: call }));
    visible.next(false);
    vi.advanceTimersByTime(60_000);
    expect(calls).toBe(1);
    visible.next(true);
    expect(calls).toBe(2);
  });

  it('starts again when woken after the work had stopped', () => {
    start((call) => of({ active: call === 2, n: call }));
    vi.advanceTimersByTime(10_000);
    expect(calls).toBe(1);
    wake.next();
    expect(calls).toBe(2);
    vi.advanceTimersByTime(2500);
    expect(calls).toBe(3);
    vi.advanceTimersByTime(10_000);
    expect(calls).toBe(3);
  });
});
