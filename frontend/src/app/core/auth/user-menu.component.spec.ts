import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { provideRouter, Router } from '@angular/router';
import { AuthService } from './auth.service';
import { ALICE, FakeSessionProvider, provideFakeSessionProvider } from './testing/fake-session-provider';
import { UserMenuComponent } from './user-menu.component';

@Component({ template: '' })
class BlankPage {}

describe('UserMenuComponent', () => {
  let fake: FakeSessionProvider;

  async function render(mode: 'none' | 'clerk') {
    fake = new FakeSessionProvider();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: BlankPage }]),
        provideFakeSessionProvider(fake),
      ],
    });
    const started = TestBed.inject(AuthService).start();
    TestBed.inject(HttpTestingController)
      .expectOne('/api/v1/config')
      .flush({ auth: { mode, publishableKey: mode === 'clerk' ? 'pk_test_Y2xlcmsucm9ib2tpdC50ZXN0JA' : null } });
    await started;
    const fixture = TestBed.createComponent(UserMenuComponent);
    await fixture.whenStable();
    return { fixture, loader: TestbedHarnessEnvironment.loader(fixture), documentLoader: TestbedHarnessEnvironment.documentRootLoader(fixture) };
  }

  it('shows nothing with sign-in off, nor while nobody is signed in', async () => {
    const off = await render('none');
    expect(await off.loader.getAllHarnesses(MatButtonHarness)).toEqual([]);
    TestBed.resetTestingModule();
    const signedOut = await render('clerk');
    expect(await signedOut.loader.getAllHarnesses(MatButtonHarness)).toEqual([]);
  });

  it('names the signed-in user and signs out to the sign-in page', async () => {
    const { fixture, loader } = await render('clerk');
    fake.switchTo(ALICE);
    await fixture.whenStable();
    const menu = await loader.getHarness(MatMenuHarness);
    expect(await (await menu.host()).getAttribute('aria-label')).toBe('Account: Alice Example');
    await menu.open();
    const items = await menu.getItems();
    expect(items).toHaveLength(1);
    expect(await items[0].getText()).toMatch(/Sign out$/);
    await items[0].click();
    await fixture.whenStable();
    expect(fake.signOuts).toBe(1);
    expect(TestBed.inject(Router).url).toBe('/sign-in');
    expect(await loader.getAllHarnesses(MatMenuHarness)).toEqual([]);
  });

  it('says when signing out failed, and retries from the message', async () => {
    const { fixture, loader, documentLoader } = await render('clerk');
    fake.switchTo(ALICE);
    fake.signOutError = new Error('offline');
    await fixture.whenStable();
    const menu = await loader.getHarness(MatMenuHarness);
    await menu.clickItem({ text: /Sign out/ });
    const snackBar = await vi.waitFor(() => documentLoader.getHarness(MatSnackBarHarness));
    expect(await snackBar.getMessage()).toBe('Signing out failed (offline).');
    fake.signOutError = null;
    await snackBar.dismissWithAction();
    await vi.waitFor(() => expect(fake.signOuts).toBe(2));
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/sign-in'));
  });
});
