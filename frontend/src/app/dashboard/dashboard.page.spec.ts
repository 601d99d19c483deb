import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { provideRouter } from '@angular/router';
import { ErrorCode } from '@robokit/api';
import { Subject } from 'rxjs';
import { Schemas } from '../core/api/api-client';
import { ActiveJobs, JobMonitor } from '../core/jobs/job-monitor.service';
import { PollState } from '../core/jobs/poller';
import { DashboardPage } from './dashboard.page';

type Job = Schemas['JobWithDatasetDto'];

const OVERVIEW = {
  datasets: { total: 4, byStatus: { queued: 0, running: 1, completed: 2, failed: 1, cancelled: 0 } },
  jobs: { active: 1, queued: 0, running: 1, failedLast24h: 1 },
};

function job(overrides: Partial<Job>): Job {
  return {
    id: 'job-1',
    datasetId: 'ds-1',
    type: 'metadata_extraction',
    status: 'running',
    progress: 40,
    parameters: {},
    commitSha: 'a'.repeat(40),
    attempts: 1,
    summary: null,
    error: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    startedAt: '2026-01-01T10:00:01.000Z',
    finishedAt: null,
    updatedAt: '2026-01-01T10:00:02.000Z',
    repoId: 'demo/so100_pick_place',
    displayName: null,
    ...overrides,
  };
}

const FAILED = job({
  id: 'job-2',
  datasetId: 'ds-2',
  type: 'validation',
  status: 'failed',
  repoId: 'demo/always_fails',
  finishedAt: '2026-01-01T09:00:00.000Z',
  error: { code: ErrorCode.HubUnavailable, message: 'The Hub answered 500', retryable: true },
});

const DATASET = {
  id: 'ds-1',
  source: { type: 'huggingface', repoId: 'demo/so100_pick_place', revision: 'main', commitSha: 'a'.repeat(40), url: 'https://huggingface.co/datasets/demo/so100_pick_place' },
  formatType: 'lerobot',
  status: 'completed',
  displayName: null,
  description: null,
  tags: [],
  hub: null,
  codebaseVersion: 'v2.1',
  robotType: 'so100',
  totalEpisodes: 12,
  totalFrames: 2700,
  sizeBytes: 1000,
  createdAt: '2026-01-01T08:00:00.000Z',
  updatedAt: '2026-01-01T08:00:00.000Z',
};

function activeState(items: Job[]): PollState<ActiveJobs> {
  return { value: { items, total: items.length, page: 1, pageSize: 50 }, problem: null, failures: 0, nextAttemptAt: null, active: items.length > 0 };
}

describe('DashboardPage', () => {
  let fixture: ComponentFixture<DashboardPage>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let active: Subject<PollState<ActiveJobs>>;

  const isOverview = (req: HttpRequest<unknown>) => req.url === '/api/v1/overview';
  const isFailures = (req: HttpRequest<unknown>) => req.url === '/api/v1/jobs' && req.params.get('status') === 'failed';
  const isRecent = (req: HttpRequest<unknown>) => req.url === '/api/v1/datasets';

  /** Answers the three lists the page loads (a loading resource holds the page unstable until answered). */
  async function answerAll(overview: object = OVERVIEW, status = 200): Promise<void> {
    TestBed.tick();
    http.expectOne(isOverview).flush(overview, { status, statusText: status === 200 ? 'OK' : 'Error' });
    const failures = http.expectOne(isFailures);
    expect(failures.request.params.get('sort')).toBe('-finishedAt');
    failures.flush({ items: [FAILED], total: 1, page: 1, pageSize: 5 });
    const recent = http.expectOne(isRecent);
    expect(recent.request.params.get('sort')).toBe('-createdAt');
    recent.flush({ items: [DATASET], total: 1, page: 1, pageSize: 5 });
    await fixture.whenStable();
  }

  beforeEach(() => {
    active = new Subject();
    TestBed.configureTestingModule({
      imports: [DashboardPage],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: JobMonitor, useValue: { activeJobs: () => active, refreshActiveJobs: vi.fn() } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DashboardPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
  });

  afterEach(() => http.verify());

  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';

  it('shows the counts, the live active jobs, the failures with their error, and the recent datasets', async () => {
    await answerAll();
    active.next(activeState([job({})]));
    await fixture.whenStable();

    const counts = fixture.nativeElement.querySelector('rk-overview-counts') as HTMLElement;
    expect(counts.textContent).toMatch(/4\s*table_rows\s*Datasets/);
    expect(counts.textContent).toMatch(/1\s*error\s*Import failed/);
    const failedTile = [...counts.querySelectorAll('a')].find((a) => a.textContent?.includes('Import failed'));
    expect(failedTile?.getAttribute('href')).toBe('/datasets?status=failed');

    const activeList = fixture.nativeElement.querySelector('rk-active-jobs') as HTMLElement;
    expect(activeList.textContent).toContain('demo/so100_pick_place');
    expect(activeList.textContent).toContain('40 %');
    expect(activeList.querySelector('mat-progress-bar')?.getAttribute('aria-valuenow')).toBe('40');

    const failure = fixture.nativeElement.querySelector('rk-recent-failures li') as HTMLElement;
    expect(failure.textContent).toContain('The Hub answered 500');
    expect(failure.getAttribute('data-code')).toBe('HUB_UNAVAILABLE');
    expect(failure.querySelector('a')?.getAttribute('href')).toBe('/datasets/ds-2/jobs');

    const table = await loader.getHarness(MatTableHarness);
    expect(await table.getCellTextByColumnName()).toMatchObject({
      name: { text: ['demo/so100_pick_place'] },
      episodes: { text: ['12'] },
      robot: { text: ['so100'] },
    });

    active.next(activeState([job({ progress: 75 })]));
    await fixture.whenStable();
    expect(activeList.textContent).toContain('75 %');
    http.expectNone(isOverview); // progress alone changes no count
  });

  it('fetches the counts and lists again when a job finishes', async () => {
    await answerAll();
    active.next(activeState([job({})]));
    await fixture.whenStable();
    active.next(activeState([]));
    await answerAll({ ...OVERVIEW, jobs: { ...OVERVIEW.jobs, active: 0 } });
    expect(text()).toContain('No job is queued or running.');
  });

  it('shows a failed count request with a retry that asks again', async () => {
    await answerAll({ statusCode: 503, code: ErrorCode.ServiceUnavailable, message: 'Database down', retryable: true, requestId: 'r-1' }, 503);
    expect(text()).toContain('Database down');
    const retry = (await loader.getHarness(MatButtonHarness.with({ text: /Retry/ }))).click();
    await vi.waitFor(() => http.expectOne(isOverview).flush(OVERVIEW));
    await retry;
    expect(text()).not.toContain('Database down');
  });
});
