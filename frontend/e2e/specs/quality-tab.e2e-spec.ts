import { Browser } from 'playwright-core';
import { ensureImported, forgetImports, importOutcome } from '../support/api';
import { seriousA11yViolations } from '../support/axe';
import { launchBrowser, openPage, tourShot } from '../support/browser';
import { runQuality } from '../support/quality';

describe('the quality tab', () => {
  let browser: Browser;
  let datasetId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    datasetId = await ensureImported('demo/so100_pick_place');
    expect(await importOutcome(datasetId)).toBe('completed');
    await runQuality(datasetId);
  });
  afterAll(() => browser?.close());

  it('shows the dataset score, the figures, the distributions and the flagged episodes, each linking to its flagged frames', async () => {
    const { page, context, consoleErrors, foreignRequests } = await openPage(browser);
    await page.goto(`/datasets/${datasetId}/quality`);
    await page.getByText('dataset score (mean of episodes, 0–100)').waitFor();
    await page.getByRole('region', { name: 'Flags by metric' }).getByText('stale_state').waitFor();
    for (const chart of ['Episode score', 'Episode length (frames)', 'Jerk', 'Smoothness (SPARC)', 'Idle ratio']) {
      await page.getByRole('img', { name: new RegExp(`^${chart.replace(/[()]/g, '\\$&')} over 12 episodes`) }).waitFor();
    }
    const link = page.getByRole('link', { name: /^frames \d+–\d+$/ }).first();
    await link.waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await tourShot(page, 'dataset-quality');

    const [, first] = /^frames (\d+)–/.exec((await link.textContent()) ?? '') ?? [];
    await link.click();
    await page.waitForURL(new RegExp(`/episodes/\\d+\\?frame=${first}$`));
    await page.getByText(new RegExp(`^\\s*Frame ${first} /`)).waitFor();
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it('offers to run the analysis when none ran, and shows it arriving without a reload', async () => {
    await forgetImports('demo/aloha_transfer');
    const freshId = await ensureImported('demo/aloha_transfer');
    expect(await importOutcome(freshId)).toBe('completed');
    const { page, context, consoleErrors } = await openPage(browser);
    await page.goto(`/datasets/${freshId}/quality`);
    await page.getByRole('heading', { name: 'No quality analysis yet' }).waitFor();
    await page.getByRole('button', { name: 'Run quality analysis' }).click();
    await page.getByText('dataset score (mean of episodes, 0–100)').waitFor({ timeout: 90_000 });
    expect(await page.getByText(/Analysed .*: 40 of 40 episodes/).count()).toBe(1);
    // The API's 404 for the analysis that did not exist yet is the one expected console error.
    expect(consoleErrors.filter((error) => !error.includes('404'))).toEqual([]);
    await context.close();
  });

  it('has no serious accessibility violations, at desktop and phone width', async () => {
    for (const width of [1280, 390]) {
      const { page, context } = await openPage(browser, { width, height: 900 });
      await page.goto(`/datasets/${datasetId}/quality`);
      await page.getByRole('link', { name: /^frames \d+–\d+$/ }).first().waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await context.close();
    }
  });
});
