import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { QualitySummary } from '@robokit/api';
import { DatasetContext, Job } from '../dataset-context';
import { QualityPage } from './quality.page';

const distribution = { count: 12, min: 1, median: 2, p95: 3, max: 4, bins: [{ from: 1, to: 4, count: 12 }] };
const SUMMARY = {
  episodesTotal: 12,
  episodesAnalysed: 12,
  framesAnalysed: 2896,
  score: 93.4,
  verdicts: { PASS: 9, REVIEW: 2, EXCLUDE: 1 },
  metricCounts: { stale_state: 1, jerk: 0, length_outlier: 2 },
  distributions: { length: distribution, jerk: distribution, sparc: distribution, idleRatio: distribution, score: distribution },
  metrics: { length_outlier: distribution },
  findings: [],
  flagged: [],
} as unknown as QualitySummary;

describe('QualityPage', () => {
  let fixture: ComponentFixture<QualityPage>;
  let http: HttpTestingController;
  const activeJobs = signal(new Map<string, Job>());
  const jobsSettled = signal(0);
  const wake = vi.fn();

  async function create() {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: DatasetContext,
          useValue: { id: signal('ds-1'), dataset: signal({ id: 'ds-1', source: { repoId: 'demo/so100' } }), activeJobs, jobsSettled, status: signal(null), wake },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(QualityPage);
    fixture.autoDetectChanges();
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne((request) => request.url === '/api/v1/datasets/ds-1/reviews').flush({ items: [], total: 0, page: 1, pageSize: 10 });
  }

  const latest = () => http.expectOne('/api/v1/datasets/ds-1/analyses/evaluate_quality_heuristics/latest');
  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';
  /** Lets the page send its requests (stability would wait for their answers). */
  const settle = () => new Promise((resolve) => setTimeout(resolve));

  afterEach(() => http.verify());

  it('shows the dataset score, its verdict and what flagged episodes', async () => {
    await create();
    latest().flush({ jobId: 'j', type: 'evaluate_quality_heuristics', commitSha: 'c', parameters: {}, summary: null, result: { summary: SUMMARY }, completedAt: '2026-01-01T00:00:00Z' });
    await fixture.whenStable();
    expect(text()).toContain('93');
    expect(text()).toContain('1 episode should be excluded');
    expect(text()).toMatch(/length_outlier\s*2 episodes\s*median 2, p95 3/);
    expect(text()).toMatch(/stale_state\s*1 episode(?!s)/);
    expect(text()).not.toContain('jerk 0');
  });

  it('offers to run the analysis when none ran, starts it and wakes the shared poller', async () => {
    await create();
    latest().flush(
      { statusCode: 404, code: 'ANALYSIS_NOT_FOUND', message: 'No completed evaluate_quality_heuristics analysis.', retryable: false, requestId: 'r' },
      { status: 404, statusText: 'Not Found' },
    );
    await fixture.whenStable();
    expect(text()).toContain('No quality analysis yet');
    expect(fixture.nativeElement.querySelector('[role=alert]')).toBeNull();

    const run = [...fixture.nativeElement.querySelectorAll('button')].find((button: HTMLButtonElement) => button.textContent?.includes('Run quality analysis')) as HTMLButtonElement;
    run.click();
    const start = http.expectOne('/api/v1/datasets/ds-1/jobs');
    expect(start.request.method).toBe('POST');
    expect(start.request.body).toEqual({ type: 'evaluate_quality_heuristics' });
    const job = { id: 'job-1', datasetId: 'ds-1', type: 'evaluate_quality_heuristics', status: 'queued', progress: 0 } as Job;
    start.flush(job, { status: 201, statusText: 'Created' });
    expect(wake).toHaveBeenCalled();

    // Progress comes from the shared poll, and the result is read once the job has settled.
    activeJobs.set(new Map([['job-1', { ...job, status: 'running', progress: 40 } as Job]]));
    await fixture.whenStable();
    expect(text()).toContain('Quality analysis running: 40%');
    activeJobs.set(new Map());
    jobsSettled.set(1);
    await settle();
    http.expectOne('/api/v1/datasets/ds-1/jobs/job-1').flush({ ...job, status: 'completed', progress: 100 });
    latest().flush({ jobId: 'job-1', type: 'evaluate_quality_heuristics', commitSha: 'c', parameters: {}, summary: null, result: { summary: SUMMARY }, completedAt: '2026-01-01T00:00:00Z' });
    await fixture.whenStable();
    expect(text()).toContain('dataset score');
  });
});
