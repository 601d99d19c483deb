import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSortHarness } from '@angular/material/sort/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Schemas } from '../core/api/api-client';
import { DatasetsPage } from './datasets.page';

type Summary = Schemas['DatasetSummaryDto'];

function summary(n: number): Summary {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    source: { type: 'huggingface', repoId: `demo/set_${n}`, revision: 'main', commitSha: 'a'.repeat(40), url: 'https://huggingface.co/datasets/demo/x/tree/a' },
    formatType: 'lerobot',
    status: 'completed',
    displayName: null,
    description: null,
    tags: [],
    hub: null,
    codebaseVersion: 'v2.1',
    robotType: 'so100',
    totalEpisodes: n,
    totalFrames: n * 100,
    sizeBytes: n * 1000,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

const isList = (req: HttpRequest<unknown>) => req.method === 'GET' && req.url === '/api/v1/datasets';

describe('DatasetsPage', () => {
  let http: HttpTestingController;
  let router: Router;
  let loader: HarnessLoader;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'datasets', component: DatasetsPage }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    harness = await RouterTestingHarness.create();
    loader = TestbedHarnessEnvironment.loader(harness.fixture);
  });

  afterEach(() => http.verify());

  /** Answers the list request the page sends next (a loading resource holds the page unstable until then). */
  async function answerList(total: number, items: Summary[]): Promise<TestRequest> {
    let request: TestRequest | undefined;
    await vi.waitFor(() => {
      [request] = http.match(isList);
      if (!request) throw new Error('the list was not asked for yet');
    });
    const page = Number(request!.request.params.get('page'));
    request!.flush({ items, total, page, pageSize: Number(request!.request.params.get('pageSize')) });
    return request!;
  }

  async function open(url: string, total = 3, items = [summary(1), summary(2), summary(3)]): Promise<TestRequest> {
    const navigated = harness.navigateByUrl(url, DatasetsPage);
    const request = await answerList(total, items);
    await navigated;
    await harness.fixture.whenStable();
    return request;
  }

  /** Runs a harness action that changes the URL, answering the list request it causes. */
  async function act(action: () => Promise<unknown>, total = 3): Promise<HttpRequest<unknown>> {
    const [request] = await Promise.all([answerList(total, [summary(1)]), action()]);
    return request.request;
  }

  const field = async (label: string) => loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));

  it('shows the view a link describes: search, filters, sort and page come from the URL and go to the API', async () => {
    const request = await open('/datasets?q=aloha&status=failed&robotType=so100&version=v2.1&sort=-totalEpisodes&page=2&pageSize=10', 12, [summary(11), summary(12)]);
    expect(request.request.params.toString()).toBe('q=aloha&status=failed&robotType=so100&codebaseVersion=v2.1&sort=-totalEpisodes&page=2&pageSize=10');

    expect(await (await (await field('Search')).getControl(MatInputHarness))!.getValue()).toBe('aloha');
    expect(await (await (await field('Status')).getControl(MatSelectHarness))!.getValueText()).toBe('failed');
    expect(await (await (await field('Version')).getControl(MatSelectHarness))!.getValueText()).toBe('v2.1');
    const sort = await loader.getHarness(MatSortHarness);
    const active = await sort.getActiveHeader();
    expect(await active?.getLabel()).toBe('Episodes');
    expect(await active?.getSortDirection()).toBe('desc');
    const paginator = await loader.getHarness(MatPaginatorHarness);
    expect(await paginator.getPageSize()).toBe(10);
    expect(await paginator.getRangeLabel()).toBe('11 – 12 of 12');
    const rows = await (await loader.getHarness(MatTableHarness)).getRows();
    expect(await rows[0].getCellTextByColumnName()).toMatchObject({ repoId: 'demo/set_11', totalEpisodes: '11', sizeBytes: '11 kB' });
  });

  it('writes a filter to the URL and starts again at the first page', async () => {
    await open('/datasets?page=3&sort=repoId');
    const status = (await (await field('Status')).getControl(MatSelectHarness))!;
    await status.open();
    const request = await act(() => status.clickOptions({ text: 'completed' }));
    expect(router.url).toBe('/datasets?status=completed&sort=repoId');
    expect(request.params.get('status')).toBe('completed');
    expect(request.params.get('page')).toBe('1');
  });

  it('writes the search to the URL once typing pauses, trimmed', async () => {
    await open('/datasets');
    const search = (await (await field('Search')).getControl(MatInputHarness))!;
    const request = await act(() => search.setValue('  pick place '));
    expect(router.url).toBe('/datasets?q=pick%20place');
    expect(request.params.get('q')).toBe('pick place');
    // The URL trimmed what was typed; the field keeps the user's spaces, who may be typing on.
    expect(await search.getValue()).toBe('  pick place ');
  });

  it('sorts by a column through the URL, and clearing filters keeps the sort', async () => {
    await open('/datasets?robotType=aloha');
    const [frames] = await (await loader.getHarness(MatSortHarness)).getSortHeaders({ label: 'Frames' });
    await act(() => frames.click());
    expect(router.url).toBe('/datasets?robotType=aloha&sort=totalFrames');
    const [clear] = await loader.getAllHarnesses(MatButtonHarness.with({ text: /Clear filters/ }));
    await act(() => clear.click());
    expect(router.url).toBe('/datasets?sort=totalFrames');
  });

  it('pages through the URL; a new page size starts at the first page', async () => {
    await open('/datasets', 60);
    const paginator = await loader.getHarness(MatPaginatorHarness);
    await act(() => paginator.goToNextPage(), 60);
    expect(router.url).toBe('/datasets?page=2');
    await act(() => paginator.setPageSize(50), 60);
    expect(router.url).toBe('/datasets?pageSize=50');
  });

  it('follows the URL when it changes under the page (back and forward)', async () => {
    await open('/datasets?q=one');
    const request = await act(() => router.navigateByUrl('/datasets?q=two&version=v3.0'));
    expect(request.params.get('q')).toBe('two');
    expect(await (await (await field('Search')).getControl(MatInputHarness))!.getValue()).toBe('two');
    expect(await (await (await field('Version')).getControl(MatSelectHarness))!.getValueText()).toBe('v3.0');
  });

  it('offers the import when there are no datasets, and clearing the filters when none match', async () => {
    await open('/datasets', 0, []);
    expect(harness.routeNativeElement?.textContent).toContain('No datasets yet.');
    const imports = await loader.getAllHarnesses(MatButtonHarness.with({ text: /Import a dataset/ }));
    expect(imports.length).toBe(2); // the page's own button and the empty state's
    expect(await (await imports[1].host()).getAttribute('href')).toBe('/import');
    await act(() => router.navigateByUrl('/datasets?q=zzz'), 0);
    expect(harness.routeNativeElement?.textContent).toContain('No dataset matches these filters.');
  });

  it('deletes only after confirmation, then lists again', async () => {
    await open('/datasets');
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Delete demo/set_2"]' }))).click();
    const dialogs = TestbedHarnessEnvironment.documentRootLoader(harness.fixture);
    const dialog = await dialogs.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Delete demo/set_2?');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete' }))).click();
    // The dialog answers once its closing animation ends.
    const deletion = await vi.waitFor(() => http.expectOne({ method: 'DELETE', url: `/api/v1/datasets/${summary(2).id}` }));
    deletion.flush(null, { status: 204, statusText: 'No Content' });
    await answerList(2, [summary(1), summary(3)]);
    await harness.fixture.whenStable();
    expect((await (await loader.getHarness(MatTableHarness)).getRows()).length).toBe(2);
  });
});
