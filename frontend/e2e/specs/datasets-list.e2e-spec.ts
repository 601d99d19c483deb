import { Browser, Page } from 'playwright-core';
import { api, ensureImported, forgetImports, importOutcome } from '../support/api';
import { seriousA11yViolations } from '../support/axe';
import { launchBrowser, openPage, tourShot } from '../support/browser';

// Six datasets, so that five a page makes two pages.
const REPOS = ['demo/so100_pick_place', 'demo/aloha_transfer', 'demo/always_fails', 'demo/flaky', 'real/record-test', 'real/g1-policy-train'];
const DOOMED = 'real/paulpacaud-empty';

/** The repo ids in the table, top to bottom. */
async function shownRepos(page: Page): Promise<string[]> {
  const links = page.getByRole('table', { name: 'Datasets' }).getByRole('row').getByRole('link');
  return (await links.allTextContents()).map((text) => text.trim());
}

async function waitForRepos(page: Page, expected: (repos: string[]) => boolean): Promise<string[]> {
  let repos: string[] = [];
  for (let tries = 0; tries < 100; tries++) {
    repos = await shownRepos(page);
    if (expected(repos)) return repos;
    await page.waitForTimeout(100);
  }
  throw new Error(`The table never showed the expected rows; it shows ${JSON.stringify(repos)}`);
}

describe('the datasets list', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    const ids = await Promise.all(REPOS.map((repo) => ensureImported(repo)));
    await Promise.all(ids.map((id) => importOutcome(id)));
  });
  afterAll(() => browser?.close());

  it('searches, filters, sorts and pages on the server, and the URL reproduces the view', async () => {
    const { page, context, consoleErrors, foreignRequests } = await openPage(browser);
    await page.goto('/datasets');
    await page.getByRole('heading', { name: 'Datasets', level: 1 }).waitFor();
    await waitForRepos(page, (repos) => REPOS.every((repo) => repos.includes(repo)));
    await tourShot(page, 'datasets-list');

    await page.getByRole('searchbox', { name: 'Search' }).fill('aloha');
    await page.waitForURL(/[?&]q=aloha/);
    expect(await waitForRepos(page, (repos) => repos.length === 1)).toEqual(['demo/aloha_transfer']);
    await page.getByRole('button', { name: 'Clear filters' }).first().click();

    await page.getByRole('combobox', { name: 'Version' }).click();
    await page.getByRole('option', { name: 'v3.0' }).click();
    await page.waitForURL(/version=v3\.0/);
    const v3 = await waitForRepos(page, (repos) => repos.includes('real/record-test') && !repos.includes('demo/so100_pick_place'));
    expect(v3).not.toContain('real/g1-policy-train');

    await page.getByRole('textbox', { name: 'Robot type' }).fill('so101_follower');
    await page.waitForURL(/robotType=so101_follower/);
    expect(await waitForRepos(page, (repos) => repos.length === 1)).toEqual(['real/record-test']);
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await page.waitForURL((url) => url.search === '');

    // Episodes ascending, then descending: demo/aloha_transfer (40) comes after demo/so100_pick_place (12), then before it.
    await page.getByRole('button', { name: 'Episodes' }).click();
    await page.waitForURL(/sort=totalEpisodes/);
    let repos = await waitForRepos(page, (shown) => shown.indexOf('demo/so100_pick_place') < shown.indexOf('demo/aloha_transfer') && shown.includes('demo/so100_pick_place'));
    await page.getByRole('button', { name: 'Episodes' }).click();
    await page.waitForURL(/sort=-totalEpisodes/);
    repos = await waitForRepos(page, (shown) => shown.indexOf('demo/aloha_transfer') < shown.indexOf('demo/so100_pick_place') && shown.includes('demo/aloha_transfer'));
    expect(repos.length).toBeGreaterThanOrEqual(REPOS.length);

    // Five a page, then the second page.
    // By keyboard: the paginator's enlarged touch target sits over its select.
    await page.getByRole('combobox', { name: 'Items per page:' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: '5', exact: true }).click();
    await page.waitForURL(/pageSize=5/);
    const firstPage = await waitForRepos(page, (shown) => shown.length === 5);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.waitForURL(/page=2/);
    const secondPage = await waitForRepos(page, (shown) => shown.length > 0 && !shown.includes(firstPage[0]));
    expect(secondPage.some((repo) => firstPage.includes(repo))).toBe(false);

    // A reload (or a shared link) shows the same view; back returns to the first page.
    const url = page.url();
    await page.reload();
    expect(page.url()).toBe(url);
    expect(await waitForRepos(page, (shown) => shown.length > 0)).toEqual(secondPage);
    await page.getByText(/^\s*6\s–\s\d+\sof\s\d+\s*$/).waitFor();
    await page.goBack();
    await page.waitForURL((current) => !current.search.includes('page=2'));
    expect(await waitForRepos(page, (shown) => shown.length === 5)).toEqual(firstPage);

    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it('says when nothing matches, and links to the import when there is nothing at all', async () => {
    const { page, context } = await openPage(browser);
    await page.goto('/datasets?q=no-such-dataset-anywhere');
    await page.getByText('No dataset matches these filters.').waitFor();
    expect(await page.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('no-such-dataset-anywhere');
    await page.getByRole('button', { name: 'Clear filters' }).last().click();
    await page.waitForURL((url) => url.search === '');
    await page.getByRole('table', { name: 'Datasets' }).waitFor();
    await context.close();
  });

  it('deletes a dataset after confirmation, and keeps it when the user changes their mind', async () => {
    await forgetImports(DOOMED);
    const id = await ensureImported(DOOMED);
    await importOutcome(id);
    const { page, context, consoleErrors } = await openPage(browser);
    await page.goto(`/datasets?q=${encodeURIComponent(DOOMED)}`);
    await waitForRepos(page, (repos) => repos.includes(DOOMED));

    await page.getByRole('button', { name: `Delete ${DOOMED}` }).click();
    const dialog = page.getByRole('dialog', { name: `Delete ${DOOMED}?` });
    await dialog.getByText(/cancels its running jobs/).waitFor();
    await dialog.getByRole('button', { name: 'Keep' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await api(`/datasets/${id}`)).status).toBe(200);

    await page.getByRole('button', { name: `Delete ${DOOMED}` }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByText(`Deleted ${DOOMED}`).waitFor();
    await page.getByText('No dataset matches these filters.').waitFor();
    expect((await api(`/datasets/${id}`)).status).toBe(404);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('has no serious accessibility violations, at desktop and phone width', async () => {
    for (const width of [1280, 390]) {
      const { page, context } = await openPage(browser, { width, height: 800 });
      await page.goto('/datasets');
      await page.getByRole('table', { name: 'Datasets' }).waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      if (width === 390) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await context.close();
    }
  });
});
