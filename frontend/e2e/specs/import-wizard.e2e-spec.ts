import { Browser } from 'playwright-core';
import { api, forgetImports, importOutcome } from '../support/api';
import { seriousA11yViolations } from '../support/axe';
import { launchBrowser, openPage, tourShot, stepperNext } from '../support/browser';

const REPO = 'demo/so100_pick_place';

describe('the import wizard', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    await forgetImports(REPO);
  });
  afterAll(() => browser?.close());

  it('imports a dataset found by search: pick it, pick a tag, review, create; the import completes', async () => {
    const { page, context, consoleErrors, foreignRequests } = await openPage(browser);
    await page.goto('/import');
    await page.getByRole('heading', { name: 'Import a dataset' }).waitFor();

    // Robotics datasets only, by default; the query narrows them.
    expect(await page.getByRole('switch', { name: 'Robotics datasets only' }).getAttribute('aria-checked')).toBe('true');
    await page.getByRole('searchbox', { name: 'Search the Hub' }).fill('so100');
    const result = page.getByRole('option', { name: new RegExp(REPO) });
    // The unfiltered list may still be on screen, or cleared while the search runs: wait for the narrowed one.
    await page.waitForFunction((repo) => {
      const options = [...document.querySelectorAll('[role="option"]')];
      return options.length === 1 && options[0].textContent?.includes(repo);
    }, REPO);
    await result.click();

    const facts = page.getByRole('region', { name: new RegExp(REPO) });
    await facts.getByText('v2.1', { exact: true }).waitFor();
    await facts.getByText('120', { exact: true }).waitFor(); // downloads
    await facts.getByText('public', { exact: true }).waitFor();
    await tourShot(page, 'import-1-find');
    await stepperNext(page).click();

    await page.getByRole('radio', { name: /^main/ }).waitFor();
    expect(await page.getByRole('radio', { name: /^main/ }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: /^v2\.1/ }).check();
    await tourShot(page, 'import-2-revision');
    await stepperNext(page).click();

    const create = page.getByRole('button', { name: 'Create dataset' });
    await create.waitFor();
    await page.getByText(/commit [0-9a-f]{12}/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await tourShot(page, 'import-3-review');
    await create.click();

    await page.waitForURL(/\/datasets\/[0-9a-f-]{36}/);
    const datasetId = new URL(page.url()).pathname.split('/')[2];
    const { body } = await api<{ source: unknown }>(`/datasets/${datasetId}`);
    expect(body.source).toMatchObject({ repoId: REPO, revision: 'v2.1' });
    // The dataset's page follows its import job until it completes, without a reload.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await page.getByRole('heading', { level: 1, name: REPO }).waitFor();
    await page.getByText('Completed', { exact: true }).first().waitFor({ timeout: 60_000 });
    expect(await importOutcome(datasetId)).toBe('completed');
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it('fits a phone screen and passes axe there', async () => {
    const { page, context } = await openPage(browser, { width: 390, height: 844 });
    await page.goto('/import');
    await page.getByRole('searchbox', { name: 'Search the Hub' }).fill('aloha');
    await page.getByRole('option', { name: /demo\/aloha_transfer/ }).click();
    await page.getByRole('region', { name: /demo\/aloha_transfer/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });
});
