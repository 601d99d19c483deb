import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { ErrorCode } from '@robokit/api';
import { ApiProblem } from '../api/api-problem';
import { AuthService } from './auth.service';
import { ALICE, FakeSessionProvider, provideFakeSessionProvider } from './testing/fake-session-provider';

@Component({ template: '' })
class BlankPage {}

const KEY = 'pk_test_Y2xlcmsucm9ib2tpdC50ZXN0JA';
const clerkConfig = { auth: { mode: 'clerk', publishableKey: KEY } };
const refused: ApiProblem = {
  status: 401,
  code: ErrorCode.AuthTokenInvalid,
  message: 'The session token was signed by an unknown key.',
  advice: 'Sign in again.',
  retryable: false,
  retryAfterSeconds: null,
  requestId: 'req-1',
  details: {},
};

describe('AuthService (the app initializer)', () => {
  let fake: FakeSessionProvider;
  let http: HttpTestingController;
  let auth: AuthService;
  let router: Router;

  function setUp(loadFailures: Error[] = [], until?: Promise<void>) {
    fake = new FakeSessionProvider();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: BlankPage }]),
        provideFakeSessionProvider(fake, { failures: loadFailures, until }),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    router = TestBed.inject(Router);
  }

  /** Runs start() with the API answering `answer` to GET /api/v1/config. */
  async function start(answer: (request: ReturnType<HttpTestingController['expectOne']>) => void): Promise<void> {
    const started = auth.start();
    answer(http.expectOne({ method: 'GET', url: '/api/v1/config' }));
    await started;
  }

  afterEach(() => http.verify());

  it('with sign-in off, opens every page and never loads Clerk', async () => {
    setUp();
    await start((request) => request.flush({ auth: { mode: 'none', publishableKey: null } }));
    expect(auth.state()).toEqual({ kind: 'open' });
    expect(auth.usesSessions()).toBe(false);
    expect(fake.publishableKey).toBeNull();
    expect(await auth.token()).toBeNull();
  });

  it('with sign-in on, loads Clerk with the publishable key the API names, and knows who is signed in', async () => {
    setUp();
    fake.current = ALICE;
    await start((request) => request.flush(clerkConfig));
    expect(fake.publishableKey).toBe(KEY);
    expect(auth.state()).toEqual({ kind: 'ready' });
    expect(auth.usesSessions()).toBe(true);
    expect(auth.user()).toEqual(ALICE);
    fake.switchTo(null);
    expect(auth.user()).toBeNull();
  });

  it('as the app initializer, waits for the settings only: Clerk goes on loading while the shell shows', async () => {
    let clerkAnswers!: () => void;
    setUp([], new Promise((resolve) => (clerkAnswers = resolve)));
    const initialized = auth.initialize();
    http.expectOne('/api/v1/config').flush(clerkConfig);
    await initialized;
    expect(auth.state()).toEqual({ kind: 'starting' });
    clerkAnswers();
    await auth.loaded();
    expect(auth.state()).toEqual({ kind: 'ready' });
  });

  it('when the config call fails, ends in a clear, retryable failure instead of throwing; the retry recovers', async () => {
    setUp();
    await start((request) => request.error(new ProgressEvent('error')));
    expect(auth.state()).toMatchObject({ kind: 'failed', stage: 'config', problem: { code: 'NETWORK_ERROR', message: 'The RoboKit server cannot be reached.', retryable: true } });

    await start((request) =>
      request.flush({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'The RoboKit API does not answer.', retryable: true, requestId: '' }, { status: 503, statusText: 'Service Unavailable' }),
    );
    expect(auth.state()).toMatchObject({ kind: 'failed', stage: 'config', problem: { code: 'SERVICE_UNAVAILABLE', message: 'The RoboKit API does not answer.' } });

    await start((request) => request.flush({ auth: { mode: 'none', publishableKey: null } }));
    expect(auth.state()).toEqual({ kind: 'open' });
  });

  it('when Clerk cannot be loaded, says so (with the reason in the details) and loads it on retry', async () => {
    setUp([new Error('Clerk (clerk.robokit.test) did not answer within 20 s.')]);
    await start((request) => request.flush(clerkConfig));
    expect(auth.state()).toEqual({
      kind: 'failed',
      stage: 'provider',
      problem: expect.objectContaining({
        message: 'The sign-in service (Clerk) cannot be reached.',
        retryable: true,
        details: { error: 'Clerk (clerk.robokit.test) did not answer within 20 s.' },
      }),
    });
    expect(auth.usesSessions()).toBe(false);

    await start((request) => request.flush(clerkConfig));
    expect(auth.state()).toEqual({ kind: 'ready' });
  });

  it('with sign-in on but no publishable key on the server, tells the administrator what to set', async () => {
    setUp();
    await start((request) => request.flush({ auth: { mode: 'clerk', publishableKey: null } }));
    expect(auth.state()).toMatchObject({ kind: 'failed', stage: 'provider', problem: { advice: 'An administrator must set CLERK_PUBLISHABLE_KEY on the API.' } });
    expect(fake.publishableKey).toBeNull();
  });

  it('hands out a token only while someone is signed in, and waits while Clerk switches sessions', async () => {
    setUp();
    await start((request) => request.flush(clerkConfig));
    expect(await auth.token()).toBeNull();
    fake.switchTo(undefined);
    const token = auth.token({ fresh: true });
    fake.switchTo(ALICE);
    expect(await token).toBe('token-1-fresh');
  });

  it('after the API refuses a session, signs it out and opens the sign-in page with the way back, once for many calls', async () => {
    setUp();
    fake.current = ALICE;
    await start((request) => request.flush(clerkConfig));
    await router.navigateByUrl('/datasets?q=aloha');
    await Promise.all([auth.signInAgain(router.url, refused), auth.signInAgain(router.url, refused)]);
    expect(fake.signOuts).toBe(1);
    expect(router.url).toBe('/sign-in?returnUrl=%2Fdatasets%3Fq%3Daloha');
    expect(auth.rejection()).toEqual(refused);

    // Signing in again answers the refusal.
    fake.switchTo(ALICE);
    expect(auth.rejection()).toBeNull();
  });

  it('when nobody was signed in, just opens the sign-in page: nothing to sign out, nothing refused', async () => {
    setUp();
    await start((request) => request.flush(clerkConfig));
    await auth.signInAgain('/import', { ...refused, code: ErrorCode.AuthRequired });
    expect(fake.signOuts).toBe(0);
    expect(auth.rejection()).toBeNull();
    expect(router.url).toBe('/sign-in?returnUrl=%2Fimport');
  });

  it('follows Clerk’s navigation on this origin only', async () => {
    setUp();
    await start((request) => request.flush(clerkConfig));
    fake.navigate!('/datasets/abc/quality', { replace: false });
    await new Promise((resolve) => setTimeout(resolve));
    expect(router.url).toBe('/datasets/abc/quality');
    fake.navigate!('https://evil.example/phish', { replace: false });
    await new Promise((resolve) => setTimeout(resolve));
    expect(router.url).toBe('/datasets/abc/quality');
  });
});
