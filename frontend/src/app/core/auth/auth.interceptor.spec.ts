import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';
import { ALICE, FakeSessionProvider, provideFakeSessionProvider } from './testing/fake-session-provider';

@Component({ template: '' })
class BlankPage {}

const errorBody = (code: string) => ({ statusCode: 401, code, message: `${code} from the API`, retryable: false, requestId: 'req-1' });

describe('authInterceptor', () => {
  let fake: FakeSessionProvider;
  let http: HttpTestingController;
  let client: HttpClient;
  let router: Router;

  async function setUp(mode: 'none' | 'clerk') {
    fake = new FakeSessionProvider();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: BlankPage }]),
        provideFakeSessionProvider(fake),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    router = TestBed.inject(Router);
    const started = TestBed.inject(AuthService).start();
    http.expectOne('/api/v1/config').flush({ auth: { mode, publishableKey: mode === 'clerk' ? 'pk_test_Y2xlcmsucm9ib2tpdC50ZXN0JA' : null } });
    await started;
  }

  /** Sends a GET and returns the request as it left the app (the interceptor awaits the token first). */
  async function send(url: string): Promise<{ request: TestRequest; result: Promise<unknown> }> {
    const result = firstValueFrom(client.get(url));
    result.catch(() => undefined);
    await settle();
    return { request: http.expectOne(url), result };
  }

  /** Lets the promises the interceptor awaits (the token) resolve. */
  const settle = () => new Promise((resolve) => setTimeout(resolve));

  afterEach(() => http.verify());

  it('with sign-in off, leaves calls as they are and sends them at once', async () => {
    await setUp('none');
    client.get('/api/v1/datasets').subscribe();
    const request = http.expectOne('/api/v1/datasets');
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush({ items: [] });
  });

  it('puts the session token on API calls as Bearer, and on nothing else', async () => {
    await setUp('clerk');
    fake.switchTo(ALICE);
    const api = await send('/api/v1/datasets');
    expect(api.request.request.headers.get('Authorization')).toBe('Bearer token-1');
    api.request.flush({ items: [] });

    for (const url of ['https://huggingface.co/api/datasets', '/assets/logo.svg', '/apiary']) {
      const other = await send(url);
      expect(other.request.request.headers.has('Authorization')).toBe(false);
      other.request.flush({});
    }
    expect(fake.tokenRequests).toHaveLength(1);
  });

  it('sends no token while nobody is signed in', async () => {
    await setUp('clerk');
    const { request } = await send('/api/v1/datasets');
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush({ items: [] });
  });

  it('on a 401, opens the sign-in page with the current page as the way back, and still fails the call', async () => {
    await setUp('clerk');
    await router.navigateByUrl('/datasets/abc/episodes/3?frame=120');
    const { request, result } = await send('/api/v1/datasets/abc');
    request.flush(errorBody('AUTH_REQUIRED'), { status: 401, statusText: 'Unauthorized' });
    await expect(result).rejects.toBeInstanceOf(HttpErrorResponse);
    await vi.waitFor(() => expect(router.url).toBe(`/sign-in?returnUrl=${encodeURIComponent('/datasets/abc/episodes/3?frame=120')}`));
  });

  it('when a signed-in session is refused, signs it out before sending the user to sign in', async () => {
    await setUp('clerk');
    fake.switchTo(ALICE);
    await router.navigateByUrl('/import');
    const { request } = await send('/api/v1/datasets');
    request.flush(errorBody('AUTH_TOKEN_INVALID'), { status: 401, statusText: 'Unauthorized' });
    await vi.waitFor(() => expect(router.url).toBe('/sign-in?returnUrl=%2Fimport'));
    expect(fake.signOuts).toBe(1);
    expect(TestBed.inject(AuthService).rejection()?.code).toBe('AUTH_TOKEN_INVALID');
  });

  it('retries an expired token once with a fresh one before giving up', async () => {
    await setUp('clerk');
    fake.switchTo(ALICE);
    const { request, result } = await send('/api/v1/datasets');
    request.flush(errorBody('AUTH_TOKEN_EXPIRED'), { status: 401, statusText: 'Unauthorized' });
    await settle();
    const retried = http.expectOne('/api/v1/datasets');
    expect(retried.request.headers.get('Authorization')).toBe('Bearer token-2-fresh');
    retried.flush({ items: [] });
    await expect(result).resolves.toEqual({ items: [] });
    expect(router.url).toBe('/');
  });

  it('lets other errors through untouched, without leaving the page', async () => {
    await setUp('clerk');
    fake.switchTo(ALICE);
    await router.navigateByUrl('/datasets');
    const { request, result } = await send('/api/v1/datasets/missing');
    request.flush({ statusCode: 404, code: 'DATASET_NOT_FOUND', message: 'Not found', retryable: false, requestId: 'r' }, { status: 404, statusText: 'Not Found' });
    await expect(result).rejects.toMatchObject({ status: 404 });
    expect(router.url).toBe('/datasets');
    expect(fake.tokenRequests).toHaveLength(1);
  });

  it('with sign-in off, a 401 does not send anyone to a sign-in page there is none of', async () => {
    await setUp('none');
    await router.navigateByUrl('/datasets');
    const result = firstValueFrom(client.get('/api/v1/datasets'));
    http.expectOne('/api/v1/datasets').flush(errorBody('AUTH_REQUIRED'), { status: 401, statusText: 'Unauthorized' });
    await expect(result).rejects.toMatchObject({ status: 401 });
    expect(router.url).toBe('/datasets');
  });
});
