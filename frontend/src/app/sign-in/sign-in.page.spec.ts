import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { ErrorCode } from '@robokit/api';
import { RouterTestingHarness } from '@angular/router/testing';
import { AuthService } from '../core/auth/auth.service';
import { ALICE, FakeSessionProvider, provideFakeSessionProvider } from '../core/auth/testing/fake-session-provider';
import { SignInPage } from './sign-in.page';

@Component({ template: '' })
class BlankPage {}

const CLERK = { auth: { mode: 'clerk', publishableKey: 'pk_test_Y2xlcmsucm9ib2tpdC50ZXN0JA' } };
const NONE = { auth: { mode: 'none', publishableKey: null } };

describe('SignInPage', () => {
  let fake: FakeSessionProvider;
  let http: HttpTestingController;
  let auth: AuthService;
  let router: Router;

  async function setUp(answerConfig: (request: ReturnType<HttpTestingController['expectOne']>) => void, loadFailures: Error[] = []) {
    fake = new FakeSessionProvider();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeSessionProvider(fake, { failures: loadFailures }),
        provideRouter(
          [
            { path: 'sign-in', component: SignInPage },
            { path: '**', component: BlankPage },
          ],
          withComponentInputBinding(),
        ),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    router = TestBed.inject(Router);
    const started = auth.start();
    answerConfig(http.expectOne('/api/v1/config'));
    await started;
  }

  async function open(url: string) {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    await harness.fixture.whenStable();
    return { harness, element: harness.routeNativeElement as HTMLElement, loader: TestbedHarnessEnvironment.loader(harness.fixture) };
  }

  const text = (element: HTMLElement) => element.textContent?.replace(/\s+/g, ' ') ?? '';

  it('shows Clerk’s form and hands it the page to return to', async () => {
    await setUp((request) => request.flush(CLERK));
    const { element } = await open(`/sign-in?returnUrl=${encodeURIComponent('/datasets/abc/quality?episode=4')}`);
    expect(element.querySelector('h1')?.textContent).toBe('Sign in to RoboKit');
    expect(fake.mounts).toHaveLength(1);
    expect(fake.mounts[0].returnUrl).toBe('/datasets/abc/quality?episode=4');
    expect(element.contains(fake.mounts[0].element)).toBe(true);
  });

  it('never hands Clerk a return URL off this origin', async () => {
    await setUp((request) => request.flush(CLERK));
    await open(`/sign-in?returnUrl=${encodeURIComponent('//evil.example/login')}`);
    expect(fake.mounts[0].returnUrl).toBe('/');
  });

  it('goes back to the page once signed in', async () => {
    await setUp((request) => request.flush(CLERK));
    const { harness } = await open('/sign-in?returnUrl=%2Fimport');
    fake.switchTo(ALICE);
    await harness.fixture.whenStable();
    expect(router.url).toBe('/import');
  });

  it('with sign-in off, goes straight on to the page', async () => {
    await setUp((request) => request.flush(NONE));
    await open('/sign-in?returnUrl=%2Fdatasets%3Fq%3Dso100');
    expect(router.url).toBe('/datasets?q=so100');
    expect(fake.mounts).toEqual([]);
  });

  it('when the server cannot be reached, says so with a retry that starts again', async () => {
    await setUp((request) => request.error(new ProgressEvent('error')));
    const { element, loader, harness } = await open('/sign-in?returnUrl=%2Fdatasets');
    expect(element.querySelector('h1')?.textContent).toBe('RoboKit cannot start');
    expect(text(element)).toContain('The RoboKit server cannot be reached.');
    await (await loader.getHarness(MatButtonHarness.with({ text: /Retry/ }))).click();
    http.expectOne('/api/v1/config').flush(NONE);
    await harness.fixture.whenStable();
    await vi.waitFor(() => expect(router.url).toBe('/datasets'));
  });

  it('when Clerk cannot be reached, says so instead of showing a blank page, and the retry loads it', async () => {
    await setUp((request) => request.flush(CLERK), [new Error('Clerk’s API (clerk.robokit.test) cannot be reached.')]);
    const { element, loader, harness } = await open('/sign-in?returnUrl=%2Fdatasets');
    expect(element.querySelector('h1')?.textContent).toBe('Sign-in is unavailable');
    expect(text(element)).toContain('The sign-in service (Clerk) cannot be reached.');
    await (await loader.getHarness(MatButtonHarness.with({ text: /Retry/ }))).click();
    http.expectOne('/api/v1/config').flush(CLERK);
    await vi.waitFor(() => expect(fake.mounts).toHaveLength(1));
    await harness.fixture.whenStable();
    expect(element.querySelector('h1')?.textContent).toBe('Sign in to RoboKit');
  });

  it('when Clerk’s form cannot be fetched, says so and tries again on retry', async () => {
    await setUp((request) => request.flush(CLERK));
    fake.mountError = new Error('https://clerk.robokit.test/npm/@clerk/ui@1/dist/ui.browser.js could not be loaded.');
    const { element, loader, harness } = await open('/sign-in?returnUrl=%2Fdatasets');
    await vi.waitFor(() => expect(text(element)).toContain('Clerk’s sign-in form cannot be loaded.'));
    fake.mountError = null;
    await (await loader.getHarness(MatButtonHarness.with({ text: /Retry/ }))).click();
    await harness.fixture.whenStable();
    expect(fake.mounts).toHaveLength(1);
    expect(text(element)).not.toContain('cannot be loaded');
  });

  it('when the server refused a session Clerk could not end, explains and offers the sign-out instead of looping back', async () => {
    await setUp((request) => request.flush(CLERK));
    fake.switchTo(ALICE);
    const { harness } = await open('/datasets');
    fake.signOutError = new Error('offline');
    await auth.signInAgain(router.url, {
      status: 401,
      code: ErrorCode.AuthTokenInvalid,
      message: 'The session token was made for another origin.',
      advice: 'Sign in again.',
      retryable: false,
      retryAfterSeconds: null,
      requestId: null,
      details: {},
    });
    await harness.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    const element = harness.routeNativeElement as HTMLElement;
    const loader = TestbedHarnessEnvironment.loader(harness.fixture);
    expect(router.url).toBe('/sign-in?returnUrl=%2Fdatasets');
    expect(text(element)).toContain('The server refused your session:');
    expect(text(element)).toContain('The session token was made for another origin.');
    expect(fake.mounts).toEqual([]);

    fake.signOutError = null;
    await (await loader.getHarness(MatButtonHarness.with({ text: /Sign out to sign in again/ }))).click();
    await harness.fixture.whenStable();
    expect(text(element)).toContain('The server refused your session, so you were signed out:');
    expect(fake.mounts).toHaveLength(1);
  });
});
