import { Browser } from 'playwright-core';
import { seriousA11yViolations } from '../support/axe';
import { launchBrowser, openPage } from '../support/browser';

describe('the dashboard shell', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('loads with bundled fonts and icons: no request leaves the RoboKit origin', async () => {
    const { page, foreignRequests, consoleErrors, context } = await openPage(browser);
    await page.goto('/no-such-page');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.evaluate(() => document.fonts.ready);
    const roboto = await page.evaluate(() => document.fonts.check('16px Roboto'));
    expect(roboto).toBe(true);
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('switches between system, light and dark themes and remembers the choice', async () => {
    const { page, context } = await openPage(browser, { colorScheme: 'light' });
    await page.goto('/no-such-page');
    const toggle = (theme: string) => page.getByRole('button', { name: `Theme: ${theme}. Change theme` });
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    // Each click waits for the button to name the new theme, so a click never lands before the last one rendered.
    await toggle('system').click();
    await toggle('light').click();
    await toggle('dark').waitFor();
    expect(await background()).not.toEqual(light);
    await page.reload();
    // The class is set when the app has started, which can be after the reload's load event.
    await page.waitForFunction(() => document.documentElement.classList.contains('theme-dark'), undefined, { timeout: 5000 });
    await toggle('dark').waitFor();
    await context.close();
  });

  it('has no serious accessibility violations, at desktop and phone width', async () => {
    for (const width of [1280, 390]) {
      const { page, context } = await openPage(browser, { width, height: 800 });
      await page.goto('/no-such-page');
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await context.close();
    }
  });
});
