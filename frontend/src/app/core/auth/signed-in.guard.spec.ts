import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { AuthService } from './auth.service';
import { signedInGuard } from './signed-in.guard';
import { ALICE, FakeSessionProvider, provideFakeSessionProvider } from './testing/fake-session-provider';

@Component({ template: '' })
class BlankPage {}

describe('signedInGuard', () => {
  let fake: FakeSessionProvider;
  let router: Router;

  async function setUp(config: (request: ReturnType<HttpTestingController['expectOne']>) => void, until?: Promise<void>) {
    fake = new FakeSessionProvider();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeSessionProvider(fake, { until }),
        provideRouter([
          { path: 'sign-in', component: BlankPage },
          { path: '', canActivateChild: [signedInGuard], children: [{ path: 'datasets', component: BlankPage }] },
        ]),
      ],
    });
    router = TestBed.inject(Router);
    const started = TestBed.inject(AuthService).initialize();
    config(TestBed.inject(HttpTestingController).expectOne('/api/v1/config'));
    await started;
  }
  const clerk = { auth: { mode: 'clerk', publishableKey: 'pk_test_Y2xlcmsucm9ib2tpdC50ZXN0JA' } };

  it('opens every page when sign-in is off', async () => {
    await setUp((request) => request.flush({ auth: { mode: 'none', publishableKey: null } }));
    await router.navigateByUrl('/datasets?q=aloha');
    expect(router.url).toBe('/datasets?q=aloha');
  });

  it('sends whoever is not signed in to the sign-in page, with the page asked for as the way back', async () => {
    await setUp((request) => request.flush(clerk));
    await router.navigateByUrl('/datasets?q=aloha');
    expect(router.url).toBe(`/sign-in?returnUrl=${encodeURIComponent('/datasets?q=aloha')}`);
  });

  it('opens the page for a signed-in user, waiting while Clerk switches sessions', async () => {
    await setUp((request) => request.flush(clerk));
    fake.switchTo(undefined);
    const navigated = router.navigateByUrl('/datasets');
    await new Promise((resolve) => setTimeout(resolve));
    expect(router.url).toBe('/');
    fake.switchTo(ALICE);
    await navigated;
    expect(router.url).toBe('/datasets');
  });

  it('waits for Clerk while it loads, then decides', async () => {
    let clerkAnswers!: () => void;
    await setUp((request) => request.flush(clerk), new Promise((resolve) => (clerkAnswers = resolve)));
    fake.current = ALICE;
    const navigated = router.navigateByUrl('/datasets');
    await new Promise((resolve) => setTimeout(resolve));
    expect(router.url).toBe('/');
    clerkAnswers();
    await navigated;
    expect(router.url).toBe('/datasets');
  });

  it('shows no page while the API’s sign-in settings are unknown: the sign-in page explains', async () => {
    await setUp((request) => request.error(new ProgressEvent('error')));
    await router.navigateByUrl('/datasets');
    expect(router.url).toBe('/sign-in?returnUrl=%2Fdatasets');
  });
});
