import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatStepperHarness } from '@angular/material/stepper/testing';
import { MatTabGroupHarness } from '@angular/material/tabs/testing';
import { provideRouter, Router } from '@angular/router';
import { ErrorCode } from '@robokit/api';
import { ImportPage } from './import.page';

const REPO = 'demo/so100_pick_place';
const SHA = 'a'.repeat(40);
const REFS = {
  branches: [{ name: 'main', ref: 'refs/heads/main', targetCommit: SHA }],
  tags: [{ name: 'v2.1', ref: 'refs/tags/v2.1', targetCommit: SHA }],
  converts: [],
};
const SUMMARY = { repoId: REPO, author: 'demo', downloads: 120, likes: 3, gated: false, private: false, lastModified: '2026-01-02T03:04:05.000Z', tags: ['LeRobot', 'so100'] };

function errorBody(statusCode: number, code: ErrorCode, details: Record<string, unknown> = {}) {
  return { statusCode, code, message: `server says ${code}`, details, retryable: false, requestId: 'req-1' };
}

describe('ImportPage', () => {
  let fixture: ComponentFixture<ImportPage>;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [ImportPage],
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ImportPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    // A loading resource holds the page unstable, so the answer must come while stability is awaited.
    const stable = fixture.whenStable();
    const search = await respond(isSearch, { items: [SUMMARY], page: 1, pageSize: 10, hasMore: false });
    expect(search.request.params.get('robotics')).toBe('true');
    expect(search.request.params.get('sort')).toBe('downloads');
    await stable;
  });

  afterEach(() => http.verify());

  const isSearch = (req: HttpRequest<unknown>) => req.url === '/api/v1/huggingface/search' && !req.params.has('author');
  const isLookup = (req: HttpRequest<unknown>) => req.url === '/api/v1/huggingface/search' && req.params.has('author');

  /** Answers a request as soon as the page sends it. */
  async function respond(match: string | ((req: HttpRequest<unknown>) => boolean), body: object, status = 200): Promise<TestRequest> {
    let request: TestRequest | undefined;
    await vi.waitFor(() => {
      [request] = http.match(match);
      if (!request) throw new Error('not asked yet');
    });
    request!.flush(body, { status, statusText: status < 300 ? 'OK' : 'Error' });
    return request!;
  }

  /** Types into the id field and clicks Look up, answering the refs and the listing the page asks for. */
  async function lookUp(text: string, refs?: { body: object; status?: number }): Promise<void> {
    await (await loader.getHarness(MatTabGroupHarness)).selectTab({ label: 'Enter an id or URL' });
    await (await loader.getHarness(MatInputHarness.with({ placeholder: /lerobot\/pusht/ }))).setValue(text);
    const clicked = (await loader.getHarness(MatButtonHarness.with({ text: 'Look up' }))).click();
    if (refs) {
      await respond((req) => req.url.endsWith('/refs'), refs.body, refs.status);
      const lookup = await respond(isLookup, { items: [SUMMARY], page: 1, pageSize: 100, hasMore: false });
      expect(lookup.request.params.get('robotics')).toBe('false');
    }
    await clicked;
  }

  async function answer(request: TestRequest, body: object, status: number): Promise<void> {
    request.flush(body, { status, statusText: status < 300 ? 'OK' : 'Error' });
    await fixture.whenStable();
  }

  /** Looks the repo up, goes through both steps with the default revision, and clicks Create. */
  async function createFromTypedRepo(): Promise<TestRequest> {
    await lookUp(`https://huggingface.co/datasets/${REPO}`, { body: REFS });
    const stepper = await loader.getHarness(MatStepperHarness);
    await stepper.selectStep({ label: 'Revision' });
    await stepper.selectStep({ label: 'Review' });
    const [review] = await stepper.getSteps({ label: 'Review' });
    await (await review.getHarness(MatButtonHarness.with({ text: 'Create dataset' }))).click();
    const create = http.expectOne({ method: 'POST', url: '/api/v1/datasets' });
    expect(create.request.body).toEqual({ source: { type: 'huggingface', repo_id: REPO, revision: 'main' }, format_type: 'lerobot' });
    return create;
  }

  async function selectedStep(): Promise<string> {
    const [step] = await (await loader.getHarness(MatStepperHarness)).getSteps({ selected: true });
    return step.getLabel();
  }

  it('names a bad repo id as it is typed, with the server’s rules, and asks nothing', async () => {
    await lookUp('demo/bad..name');
    const field = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: 'Repository id or Hub URL' }));
    expect(await field.getTextErrors()).toEqual(['The repository id must not contain "--" or "..".']);
    http.expectNone((req) => req.url.includes('/refs'));
    expect(await (await loader.getHarness(MatButtonHarness.with({ text: 'Next' }))).isDisabled()).toBe(true);
  });

  it('says on the first step when the Hub has no such repo, and lets nobody go on', async () => {
    await lookUp('demo/missing', { body: errorBody(404, ErrorCode.RepoNotFound), status: 404 });
    expect(fixture.nativeElement.querySelector('rk-problem').textContent).toContain('server says REPO_NOT_FOUND');
    expect(await (await loader.getHarness(MatButtonHarness.with({ text: 'Next' }))).isDisabled()).toBe(true);
  });

  it('sends the user back to the revision step when the revision is missing', async () => {
    await answer(await createFromTypedRepo(), errorBody(404, ErrorCode.RevisionNotFound), 404);
    expect(await selectedStep()).toBe('Review');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Pick another revision' }))).click();
    expect(await selectedStep()).toBe('Revision');
  });

  it('puts the server’s 400 field errors under the field they name', async () => {
    const fields = [{ field: 'source.repo_id', problems: ['repo_id is not acceptable here'] }];
    await answer(await createFromTypedRepo(), errorBody(400, ErrorCode.ValidationFailed, { fields }), 400);
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Choose another repository' }))).click();
    expect(await selectedStep()).toBe('Dataset');
    const field = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: 'Repository id or Hub URL' }));
    expect(await field.getTextErrors()).toEqual(['repo_id is not acceptable here']);
  });

  it('links to the existing dataset when the source is already imported', async () => {
    await answer(await createFromTypedRepo(), errorBody(409, ErrorCode.DatasetExists, { datasetId: 'ds-7' }), 409);
    const link = await loader.getHarness(MatButtonHarness.with({ text: 'Open the existing dataset' }));
    expect(await (await link.host()).getAttribute('href')).toBe('/datasets/ds-7');
  });

  it('offers a retry that sends the same request again when the failure is passing', async () => {
    vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const create = await createFromTypedRepo();
    await answer(create, { ...errorBody(503, ErrorCode.HubUnavailable), retryable: true }, 503);
    await (await loader.getHarness(MatButtonHarness.with({ text: /Retry/ }))).click();
    const again = http.expectOne({ method: 'POST', url: '/api/v1/datasets' });
    expect(again.request.body).toEqual(create.request.body);
    again.flush({ id: 'ds-9' }, { status: 201, statusText: 'Created' });
  });

  it('opens the new dataset’s page once created', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    await answer(await createFromTypedRepo(), { id: 'ds-1' }, 201);
    expect(navigate).toHaveBeenCalledWith(['/datasets', 'ds-1']);
  });
});
