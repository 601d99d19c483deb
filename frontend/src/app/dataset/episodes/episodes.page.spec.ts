import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSortHarness } from '@angular/material/sort/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { DatasetContext } from '../dataset-context';
import { Episode, EpisodesPage } from './episodes.page';

const episode = (index: number, extra: Partial<Episode> = {}): Episode => ({
  index,
  length: 200 + index,
  durationS: (200 + index) / 30,
  task: 'Pick the cube',
  tasks: ['Pick the cube'],
  score: 90 - index,
  verdict: 'PASS',
  flags: [],
  review: null,
  ...extra,
});

describe('EpisodesPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let loader: HarnessLoader;

  async function open(url: string) {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'episodes', component: EpisodesPage },
          { path: 'episodes/:index', children: [] },
        ]),
        {
          provide: DatasetContext,
          useValue: { id: signal('ds-1'), dataset: signal({ metadata: { tasks: [{ taskIndex: 0, task: 'Pick the cube' }] } }), jobsSettled: signal(0) },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url, EpisodesPage);
    loader = TestbedHarnessEnvironment.loader(harness.fixture);
    http.expectOne((request) => request.url.endsWith('/analyses/evaluate_quality_heuristics/latest')).flush({
      jobId: 'j',
      type: 'evaluate_quality_heuristics',
      commitSha: 'c',
      parameters: {},
      summary: null,
      completedAt: '2026-01-01T00:00:00Z',
      result: { summary: { metricCounts: { stale_state: 2, jerk: 0, timestamp_sync: 1 } } },
    });
  }

  function episodesRequest(): TestRequest {
    return http.expectOne((request) => request.url === '/api/v1/datasets/ds-1/episodes');
  }

  /**
   * Runs a harness action that makes the page load again: the harness waits for the page to settle, which
   * it does only once the request is answered, so the request is awaited and answered alongside.
   */
  async function whileLoading(action: Promise<unknown>, items: Episode[]): Promise<TestRequest> {
    let request: TestRequest | undefined;
    for (let attempt = 0; attempt < 100 && !request; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      request = http.match((candidate) => candidate.url === '/api/v1/datasets/ds-1/episodes')[0];
    }
    if (!request) throw new Error('The page asked for no episodes.');
    await answer(request, items);
    await action;
    return request;
  }

  async function answer(request: TestRequest, items: Episode[], total = items.length) {
    request.flush({ items, total, page: Number(request.request.params.get('page')), pageSize: Number(request.request.params.get('pageSize')) });
    await harness.fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('asks the API for the view the URL names and shows the rows', async () => {
    await open('/episodes?page=2&sort=-score&verdict=EXCLUDE&review=exclude');
    const request = episodesRequest();
    expect(request.request.params.toString()).toBe('page=2&pageSize=25&sort=-score&verdict=EXCLUDE&review=exclude');
    await answer(request, [episode(30, { verdict: 'EXCLUDE', score: 12.4, flags: ['stale_state'], review: { decision: 'exclude', note: 'blocked' } })], 26);
    const table = await loader.getHarness(MatTableHarness);
    const [row] = await table.getRows();
    const { verdict, ...cells } = await row.getCellTextByColumnName();
    expect(cells).toEqual({ index: '30', length: '230', task: 'Pick the cube', durationS: '7.7 s', score: '12', flags: 'stale_state', review: 'Excluded' });
    expect(verdict).toMatch(/Exclude$/);
    const sort = await loader.getHarness(MatSortHarness);
    expect(await (await sort.getActiveHeader())?.getLabel()).toBe('Score');
    expect(await (await sort.getActiveHeader())?.getSortDirection()).toBe('desc');
  });

  it('keeps a new filter in the URL and starts again at page 1', async () => {
    await open('/episodes?page=3');
    await answer(episodesRequest(), [episode(0)], 80);
    const selects = await loader.getAllHarnesses(MatSelectHarness);
    await selects[1].open();
    const options = await selects[1].getOptions();
    expect(await Promise.all(options.map((option) => option.getText()))).toEqual(['Any', 'stale_state (2)', 'timestamp_sync (1)']);
    const request = await whileLoading(selects[1].clickOptions({ text: 'stale_state (2)' }), []);
    expect(TestBed.inject(Router).url).toBe('/episodes?flag=stale_state');
    expect(request.request.params.get('flag')).toBe('stale_state');
    expect(request.request.params.get('page')).toBe('1');
  });

  it('sorts through the column headers', async () => {
    await open('/episodes');
    await answer(episodesRequest(), [episode(0), episode(1)]);
    const sort = await loader.getHarness(MatSortHarness);
    const [frames] = await sort.getSortHeaders({ label: 'Frames' });
    const request = await whileLoading(frames.click(), [episode(0), episode(1)]);
    expect(TestBed.inject(Router).url).toBe('/episodes?sort=length');
    expect(request.request.params.get('sort')).toBe('length');
  });

  it('opens the viewer from a row', async () => {
    await open('/episodes');
    await answer(episodesRequest(), [episode(0), episode(7)]);
    const rows = await (await loader.getHarness(MatTableHarness)).getRows();
    await (await rows[1].host()).click();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/episodes/7');
  });

  it('shows a failure with a retry', async () => {
    await open('/episodes');
    episodesRequest().flush(
      { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'The database does not answer.', retryable: true, requestId: 'r' },
      { status: 503, statusText: 'Unavailable' },
    );
    await harness.fixture.whenStable();
    const alert = harness.routeNativeElement?.querySelector('[role=alert]');
    expect(alert?.textContent).toContain('The database does not answer.');
    (alert?.querySelector('button') as HTMLButtonElement).click();
    await whileLoading(harness.fixture.whenStable(), [episode(0)]);
    expect(harness.routeNativeElement?.querySelector('[role=alert]')).toBeNull();
  });
});
