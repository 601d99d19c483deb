import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { ActivatedRoute, convertToParamMap } from '@angular/router';
import { ErrorCode } from '@robokit/api';
import { of } from 'rxjs';
import { DatasetContext, Job } from '../dataset-context';
import { JobsPage } from './jobs.page';

const ID = '00000000-0000-4000-8000-000000000001';
const FAILED: Job = {
  id: '00000000-0000-4000-8000-0000000000aa',
  datasetId: ID,
  type: 'validation',
  status: 'failed',
  progress: 40,
  parameters: { check_videos: false },
  commitSha: 'c'.repeat(40),
  attempts: 3,
  summary: null,
  error: { code: ErrorCode.HubUnavailable, message: 'The Hub answered 500.', retryable: true, details: { path: 'data/x.parquet' } },
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: '2026-01-01T00:00:01.000Z',
  finishedAt: '2026-01-01T00:00:03.500Z',
  updatedAt: '2026-01-01T00:00:03.500Z',
};
const STATUS = `/api/v1/datasets/${ID}/status`;
const RUNNING: Job = { ...FAILED, id: '00000000-0000-4000-8000-0000000000bb', type: 'evaluate_quality_heuristics', status: 'running', error: null, attempts: 1, finishedAt: null };

function statusBody(activeJobs: Job[]) {
  return { datasetId: ID, status: 'completed', progress: 100, importJob: FAILED, activeJobs };
}

function errorBody(statusCode: number, code: ErrorCode, retryable: boolean) {
  return { statusCode, code, message: `server says ${code}`, retryable, requestId: 'req-1' };
}

describe('JobsPage', () => {
  let fixture: ComponentFixture<JobsPage>;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [JobsPage],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        DatasetContext,
        { provide: ActivatedRoute, useValue: { paramMap: of(convertToParamMap({ id: ID })) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(JobsPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    const stable = fixture.whenStable();
    await respond(`/api/v1/datasets/${ID}`, { id: ID, status: 'completed' });
    await respond(STATUS, statusBody([RUNNING]));
    await respond('/api/v1/jobs/parameter-schemas', { items: [] });
    await respondList();
    await stable;
  });

  afterEach(() => {
    http.match(STATUS); // the shared poll asks again every few seconds while a job runs
    http.verify();
  });

  async function respond(match: string | ((req: HttpRequest<unknown>) => boolean), body: object | null, status = 200): Promise<TestRequest> {
    let request: TestRequest | undefined;
    await vi.waitFor(() => {
      [request] = http.match(match);
      if (!request) throw new Error(`not asked yet: ${String(match)}`);
    });
    request!.flush(body, { status, statusText: status < 300 ? 'OK' : 'Error' });
    return request!;
  }

  const respondList = (items = [FAILED, RUNNING]) =>
    respond((req) => req.url === `/api/v1/datasets/${ID}/jobs` && req.method === 'GET', { items, total: items.length, page: 1, pageSize: 25 });

  /**
   * Answers every request the page sends until it sends no more (the order of the reloads a change causes
   * is not part of the contract); returns them in order.
   */
  async function answerAll(answer: (req: HttpRequest<unknown>) => object | null): Promise<HttpRequest<unknown>[]> {
    const seen: HttpRequest<unknown>[] = [];
    for (let quiet = 0; quiet < 5; ) {
      const open = http.match(() => true);
      quiet = open.length ? 0 : quiet + 1;
      for (const request of open) {
        seen.push(request.request);
        request.flush(answer(request.request));
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await fixture.whenStable();
    return seen;
  }

  const button = (label: string) => loader.getHarness(MatButtonHarness.with({ selector: `[aria-label="${label}"]` }));
  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';

  it('lists the jobs with their state, duration, attempts and the error of the failed one', async () => {
    const rows = await (await loader.getHarness(MatTableHarness)).getRows();
    const failed = await rows[0].getCellTextByColumnName();
    expect(failed['type']).toContain('Validation');
    expect(failed['status']).toContain('Failed');
    expect(failed['duration']).toBe('3 s');
    expect(failed['attempts']).toBe('3');
    expect(fixture.nativeElement.querySelector('[data-code="HUB_UNAVAILABLE"]').textContent).toContain('The Hub answered 500.');
    expect(await (await button('Retry Validation job')).isDisabled()).toBe(false);
    expect(await (await button('Cancel Quality heuristics job')).isDisabled()).toBe(false);
  });

  it('shows a refused retry (409 JOB_STATE_CONFLICT) on the job with its advice, offers no pointless retry, and lists again', async () => {
    const clicked = (await button('Retry Validation job')).click();
    const retry = await respond(`/api/v1/datasets/${ID}/jobs/${FAILED.id}/retry`, errorBody(409, ErrorCode.JobStateConflict, false), 409);
    expect(retry.request.method).toBe('POST');
    await respondList();
    await clicked;
    const problem = fixture.nativeElement.querySelector('rk-problem [data-code="JOB_STATE_CONFLICT"]') as HTMLElement;
    expect(problem.textContent).toContain('server says JOB_STATE_CONFLICT');
    expect(problem.textContent).toContain('The job changed state meanwhile; refresh to see where it is.');
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /^refresh\s*Retry/ }))).toEqual([]);
    expect(await (await button('Retry Validation job')).isDisabled()).toBe(false);
  });

  it('offers to repeat a cancel that failed for a passing reason, and clears the problem once it works', async () => {
    const clicked = (await button('Cancel Quality heuristics job')).click();
    await respond(`/api/v1/datasets/${ID}/jobs/${RUNNING.id}/cancel`, errorBody(503, ErrorCode.ServiceUnavailable, true), 503);
    await respondList();
    await clicked;
    expect(text()).toContain('server says SERVICE_UNAVAILABLE');

    await (await loader.getHarness(MatButtonHarness.with({ text: /Retry$/, ancestor: 'rk-problem' }))).click();
    const cancelled = { ...RUNNING, status: 'cancelled' as const };
    const requests = await answerAll((req) => {
      if (req.url.endsWith('/cancel')) return cancelled;
      if (req.url === STATUS) return statusBody([]);
      if (req.url.endsWith('/jobs')) return { items: [FAILED, cancelled], total: 2, page: 1, pageSize: 25 };
      return { id: ID, status: 'completed' };
    });
    expect(requests.filter((req) => req.url.endsWith('/cancel')).length).toBe(1);
    expect(text()).not.toContain('SERVICE_UNAVAILABLE');
    expect(await (await button('Retry Quality heuristics job')).isDisabled()).toBe(false);
  });

  it('after a retry is accepted, wakes the shared poll to follow the job and lists again', async () => {
    const clicked = (await button('Retry Validation job')).click();
    await respond(`/api/v1/datasets/${ID}/jobs/${FAILED.id}/retry`, { ...FAILED, status: 'queued', error: null });
    // The retried job is new to the poll, so the poll asks at once rather than at its next turn.
    await respond(STATUS, statusBody([{ ...FAILED, status: 'running', progress: 55 }, RUNNING]));
    await respondList([{ ...FAILED, status: 'queued', error: null }, RUNNING]);
    await clicked;
    // The row shows the live state from the poll, not the list's.
    const [row] = await (await loader.getHarness(MatTableHarness)).getRows();
    expect((await row.getCellTextByColumnName())['status']).toContain('55 %');
  });
});
