import { Browser, Page } from 'playwright-core';
import { ISSUER, PUBLISHABLE_KEY, SigningKey } from '../../../backend/test/support/clerk';
import { seriousA11yViolations } from '../support/axe';
import { launchBrowser, openPage, tourShot } from '../support/browser';
import { STAND_IN_USER_NAME, StandInClerk } from '../support/clerk-frontend-api';
import { Stack, startStack, stopStack } from '../support/stack';

/** The Frontend API host the test publishable key names (base64 of "clerk.robokit.test$"): a .test name never resolves. */
const FRONTEND_API = 'https://clerk.robokit.test';

/** Records the text of every script the page loads, to tell whether Clerk's SDK was among them. */
function recordScripts(page: Page): string[] {
  const scripts: string[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') void response.text().then((text) => scripts.push(text), () => undefined);
  });
  return scripts;
}
const hasClerkSdk = (scripts: string[]) => scripts.some((text) => text.includes('"@clerk/clerk-js"'));

/** API calls that ask for data: everything under /api/v1 except the public sign-in settings. */
function recordDataCalls(page: Page): { url: string; authorization: string | undefined }[] {
  const calls: { url: string; authorization: string | undefined }[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/v1/') && pathname !== '/api/v1/config') calls.push({ url: request.url(), authorization: request.headers()['authorization'] });
  });
  return calls;
}

const pathAndQuery = (page: Page) => {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
};

describe('sign-in', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  describe('switched off (AUTH_MODE=none, the stack every other spec uses)', () => {
    it('shows no sign-in UI, loads no Clerk code and asks no Clerk host', async () => {
      const { page, context, consoleErrors, foreignRequests } = await openPage(browser);
      const scripts = recordScripts(page);
      await page.goto('/');
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      // The sign-in page has nothing to do: straight on to the page asked for.
      await page.goto('/sign-in?returnUrl=%2Fdatasets');
      await page.getByRole('heading', { name: 'Datasets', level: 1 }).waitFor();
      expect(pathAndQuery(page)).toBe('/datasets');
      expect(await page.getByRole('button', { name: /^Account/ }).count()).toBe(0);
      expect(await page.getByText(/sign in/i).count()).toBe(0);
      expect(scripts.length).toBeGreaterThan(0);
      expect(hasClerkSdk(scripts)).toBe(false);
      expect(foreignRequests).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await context.close();
    });
  });

  describe('switched on (AUTH_MODE=clerk, a second stack)', () => {
    const key = new SigningKey('robokit-e2e');
    let stack: Stack;
    /** A session token as the Clerk instance would sign it, valid for ten minutes. */
    const sessionToken = (signer = key) => signer.token({ exp: Math.floor(Date.now() / 1000) + 600 });

    beforeAll(async () => {
      stack = await startStack({
        name: 'clerk',
        env: { AUTH_MODE: 'clerk', CLERK_JWT_KEY: key.pem, CLERK_ISSUER: ISSUER, CLERK_PUBLISHABLE_KEY: PUBLISHABLE_KEY },
      });
    }, 120_000);
    afterAll(() => stack && stopStack(stack));

    it('the API asks for a session and tells the dashboard which Clerk instance to use', async () => {
      const config = await fetch(`${stack.webUrl}/api/v1/config`).then((response) => response.json());
      expect(config).toEqual({ auth: { mode: 'clerk', publishableKey: PUBLISHABLE_KEY } });
      const anonymous = await fetch(`${stack.webUrl}/api/v1/datasets`);
      expect(anonymous.status).toBe(401);
      expect((await anonymous.json()).code).toBe('AUTH_REQUIRED');
    });

    it('shows no data and sends the user to sign in; says so plainly when Clerk cannot be reached, and the retry recovers', async () => {
      const { page, context } = await openPage(browser, { baseUrl: stack.webUrl });
      const scripts = recordScripts(page);
      const dataCalls = recordDataCalls(page);
      await page.goto('/datasets?q=pick');
      await page.getByRole('heading', { name: 'Sign-in is unavailable', level: 1 }).waitFor();
      expect(pathAndQuery(page)).toBe(`/sign-in?returnUrl=${encodeURIComponent('/datasets?q=pick')}`);
      await page.getByRole('alert').getByText('The sign-in service (Clerk) cannot be reached.').waitFor();
      // Clerk's SDK was loaded (on demand, not in the first bundle) and really tried its host.
      expect(hasClerkSdk(scripts)).toBe(true);
      expect(dataCalls).toEqual([]);
      expect(await page.getByRole('heading', { name: 'Datasets' }).count()).toBe(0);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await tourShot(page, 'sign-in-unavailable');
      await page.setViewportSize({ width: 390, height: 800 });
      await page.getByRole('button', { name: 'Open navigation' }).waitFor(); // the shell has switched to its phone layout
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await seriousA11yViolations(page)).toEqual([]);

      // Clerk answers again (here: the stand-in of its Frontend API, holding a session): Retry goes on to the page.
      const clerk = new StandInClerk(FRONTEND_API, stack.webUrl, () => sessionToken());
      await clerk.install(context);
      await page.getByRole('button', { name: 'Retry' }).click();
      await page.getByRole('heading', { name: 'Datasets', level: 1 }).waitFor();
      expect(pathAndQuery(page)).toBe('/datasets?q=pick');
      expect(clerk.unanswered).toEqual([]);
      await context.close();
    });

    it('puts the session token on every API call as Bearer, shows the user’s datasets, and signs out', async () => {
      const imported = await fetch(`${stack.webUrl}/api/v1/datasets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionToken()}` },
        body: JSON.stringify({ source: { type: 'huggingface', repo_id: 'demo/so100_pick_place', revision: 'main' } }),
      });
      expect([201, 409]).toContain(imported.status);

      const { page, context, consoleErrors } = await openPage(browser, { baseUrl: stack.webUrl });
      const clerk = new StandInClerk(FRONTEND_API, stack.webUrl, () => sessionToken());
      await clerk.install(context);
      const dataCalls = recordDataCalls(page);
      await page.goto('/datasets');
      await page.getByRole('table', { name: 'Datasets' }).getByRole('link', { name: 'demo/so100_pick_place' }).waitFor();
      expect(dataCalls.length).toBeGreaterThan(0);
      for (const call of dataCalls) expect(clerk.issued.map((token) => `Bearer ${token}`)).toContain(call.authorization);
      // A <video> element or a download link sends no header: Clerk's __session cookie signs their GETs.
      const sessionCookie = (await context.cookies()).find((cookie) => cookie.name === '__session');
      expect(clerk.issued).toContain(sessionCookie?.value);
      expect(await page.evaluate(() => fetch('/api/v1/datasets', { method: 'HEAD' }).then((response) => response.status))).toBe(200);

      const account = page.getByRole('button', { name: `Account: ${STAND_IN_USER_NAME}` });
      await account.click();
      const signOut = page.getByRole('menuitem', { name: 'Sign out' });
      await signOut.waitFor();
      await page.waitForTimeout(300); // the menu's opening animation
      await tourShot(page, 'signed-in-menu');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await signOut.click();
      await page.getByRole('heading', { name: 'Sign in to RoboKit', level: 1 }).waitFor();
      expect(clerk.signedIn).toBe(false);
      expect(await account.count()).toBe(0);
      // Clerk's sign-in form comes from Clerk's CDN, which this machine cannot reach: a clear message, not a blank page.
      await page.getByRole('alert').getByText('Clerk’s sign-in form cannot be loaded.').waitFor();
      expect(clerk.unanswered).toEqual([]);
      expect(consoleErrors.filter((text) => !text.includes('ui.browser.js') && !/Failed to load resource/.test(text))).toEqual([]);
      await context.close();
    });

    it('a token the API refuses ends the session and asks to sign in again; signed in, the user is back on the page', async () => {
      const stranger = new SigningKey('not-this-instance');
      let signer = stranger;
      const { page, context } = await openPage(browser, { baseUrl: stack.webUrl });
      const clerk = new StandInClerk(FRONTEND_API, stack.webUrl, () => sessionToken(signer));
      await clerk.install(context);
      await page.goto('/datasets?q=so100');
      await page.getByRole('heading', { name: 'Sign in to RoboKit', level: 1 }).waitFor();
      expect(pathAndQuery(page)).toBe(`/sign-in?returnUrl=${encodeURIComponent('/datasets?q=so100')}`);
      await page.getByText('The server refused your session, so you were signed out:').waitFor();
      expect(clerk.signedIn).toBe(false);

      // Signed in again elsewhere (another tab, say) with a token the API accepts: the sign-in page returns to the page.
      signer = key;
      clerk.signedIn = true;
      await page.reload();
      await page.getByRole('heading', { name: 'Datasets', level: 1 }).waitFor();
      expect(pathAndQuery(page)).toBe('/datasets?q=so100');
      await context.close();
    });

    it('never returns to another site after sign-in', async () => {
      const { page, context } = await openPage(browser, { baseUrl: stack.webUrl });
      const clerk = new StandInClerk(FRONTEND_API, stack.webUrl, () => sessionToken());
      await clerk.install(context);
      for (const target of ['https://evil.example/', '//evil.example/', '/\\evil.example/']) {
        await page.goto(`/sign-in?returnUrl=${encodeURIComponent(target)}`);
        await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
        expect(new URL(page.url()).origin).toBe(new URL(stack.webUrl).origin);
        expect(new URL(page.url()).pathname).toBe('/');
      }
      await context.close();
    });
  });
});
