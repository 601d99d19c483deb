import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { JobMonitor } from './job-monitor.service';

describe('JobMonitor.activeJobs', () => {
  let monitor: JobMonitor;
  let http: HttpTestingController;

  beforeEach(() => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()] });
    monitor = TestBed.inject(JobMonitor);
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  const page = (count: number) => ({ items: Array.from({ length: count }, (_, i) => ({ id: `job-${i}` })), total: count, page: 1, pageSize: 50 });
  const answer = (count: number) => {
    const request = http.expectOne((req) => req.url === '/api/v1/jobs');
    expect(request.request.params.getAll('status')).toEqual(['queued', 'running']);
    request.flush(page(count));
  };

  it('is one poll for every view, asking while a job is active and stopping when none is', () => {
    const seen: number[] = [];
    const first = monitor.activeJobs().subscribe((state) => seen.push(state.value?.items.length ?? -1));
    const second = monitor.activeJobs().subscribe();
    answer(2);
    vi.advanceTimersByTime(2500);
    answer(0);
    vi.advanceTimersByTime(60_000);
    http.expectNone((req) => req.url === '/api/v1/jobs');
    expect(seen).toEqual([2, 0]);
    first.unsubscribe();
    second.unsubscribe();
  });

  it('starts again when work is queued on any dataset, or when the user asks', () => {
    const subscription = monitor.activeJobs().subscribe();
    answer(0);
    monitor.wake('some-dataset');
    answer(1);
    vi.advanceTimersByTime(2500);
    answer(0);
    monitor.refreshActiveJobs();
    answer(0);
    subscription.unsubscribe();
  });
});
