import { Browser, Page } from 'playwright-core';
import { addHubFault, clearHubFaults, ensureImported, forgetImports } from '../support/api';
import { launchBrowser, openPage, tourShot, WatchedPage, stepperNext } from '../support/browser';

/** Looks a typed repo id or URL up on the first step. */
async function lookUp(page: Page, text: string): Promise<void> {
  await page.goto('/import');
  await page.getByRole('tab', { name: 'Enter an id or URL' }).click();
  await page.getByRole('textbox', { name: 'Repository id or Hub URL' }).fill(text);
  await page.getByRole('button', { name: 'Look up' }).click();
}

/** From a looked-up repo, through the revision step as preset, to Create. */
async function create(page: Page): Promise<void> {
  await stepperNext(page).click();
  // The revision step is on screen once its refs are; only then is its own Next the one to press.
  await page.getByRole('radio', { name: /^main/ }).waitFor();
  await stepperNext(page).click();
  await page.getByRole('button', { name: 'Create dataset' }).click();
}

async function problemCode(page: Page): Promise<string | null> {
  const alert = page.getByRole('alert').filter({ has: page.getByRole('button', { name: 'Details' }) });
  await alert.waitFor();
  return alert.getAttribute('data-code');
}

describe('the import wizard’s failures', () => {
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());
  beforeEach(async () => {
    watched = await openPage(browser);
    page = watched.page;
  });
  afterEach(async () => {
    await clearHubFaults();
    await watched.context.close();
  });

  it('400: names a badly typed repo id before asking anything, with the server’s rules', async () => {
    await lookUp(page, 'demo/so100..pick');
    await page.getByText('The repository id must not contain "--" or "..".').waitFor();
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await page.getByRole('textbox', { name: 'Repository id or Hub URL' }).fill('https://example.com/datasets/demo/x');
    await page.getByText(/Only Hugging Face Hub URLs/).waitFor();
  });

  it('404: says the repo does not exist on the first step', async () => {
    await lookUp(page, 'demo/no_such_dataset');
    expect(await problemCode(page)).toBe('REPO_NOT_FOUND');
    await page.getByText(/demo\/no_such_dataset was not found on the Hub/).waitFor();
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
  });

  it('404: a revision the repo lacks sends the user back to the revision step', async () => {
    await lookUp(page, 'https://huggingface.co/datasets/demo/aloha_transfer/tree/no-such-branch');
    await page.getByRole('region', { name: /demo\/aloha_transfer/ }).waitFor();
    await stepperNext(page).click();
    expect(await page.getByRole('textbox', { name: 'Revision' }).inputValue()).toBe('no-such-branch');
    await stepperNext(page).click();
    await page.getByRole('button', { name: 'Create dataset' }).click();
    expect(await problemCode(page)).toBe('REVISION_NOT_FOUND');
    await page.getByRole('button', { name: 'Pick another revision' }).click();
    await page.getByRole('radio', { name: /^main/ }).check();
    await stepperNext(page).click();
    await page.getByRole('button', { name: 'Create dataset' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('409: an imported source links to the existing dataset', async () => {
    const existing = await ensureImported('demo/aloha_transfer');
    await lookUp(page, 'demo/aloha_transfer');
    await page.getByRole('region', { name: /demo\/aloha_transfer/ }).waitFor();
    await create(page);
    expect(await problemCode(page)).toBe('DATASET_EXISTS');
    const link = page.getByRole('link', { name: 'Open the existing dataset' });
    expect(await link.getAttribute('href')).toBe(`/datasets/${existing}`);
    await tourShot(page, 'import-exists');
    await link.click();
    await page.waitForURL(`**/datasets/${existing}**`);
  });

  it('422: a dataset whose meta/info.json cannot be read says so and offers another revision', async () => {
    await lookUp(page, 'real/carla-zero-meta');
    await page.getByRole('region', { name: /real\/carla-zero-meta/ }).waitFor();
    await create(page);
    expect(await problemCode(page)).toBe('METADATA_INVALID');
    await page.getByText(/meta\/info\.json cannot be read/).waitFor();
    await page.getByRole('button', { name: 'Pick another revision' }).waitFor();
    expect(await page.getByRole('button', { name: /Retry/ }).count()).toBe(0);
  });

  it('429: counts the Hub’s Retry-After down, then the retry imports', async () => {
    await forgetImports('real/record-test');
    await lookUp(page, 'real/record-test');
    await page.getByRole('region', { name: /real\/record-test/ }).waitFor();
    await stepperNext(page).click();
    await page.getByRole('radio', { name: /^main/ }).waitFor();
    await stepperNext(page).click();
    // Only Create's own Hub call meets the 429; the revision step's refs must load first.
    await addHubFault({ repo: 'real/record-test', route: 'info', status: 429, retryAfter: 3, times: 1 });
    await page.getByRole('button', { name: 'Create dataset' }).click();
    expect(await problemCode(page)).toBe('RATE_LIMITED');
    const retry = page.getByRole('button', { name: /Retry in \d s/ });
    await retry.waitFor();
    expect(await retry.isDisabled()).toBe(true);
    await page.getByRole('button', { name: /^Retry$/ }).click({ timeout: 10_000 });
    await page.waitForURL(/\/datasets\/[0-9a-f-]{36}/);
  });

  it('503: says the Hub is down while searching, with a retry held back by its countdown', async () => {
    await page.goto('/import');
    await page.getByRole('option').first().waitFor();
    await addHubFault({ route: 'search', status: 503, times: 1 });
    await page.getByRole('searchbox', { name: 'Search the Hub' }).fill('transfer');
    expect(await problemCode(page)).toBe('HUB_UNAVAILABLE');
    expect(await page.getByRole('button', { name: /Retry in \d+ s/ }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Details' }).click();
    await page.getByText('HUB_UNAVAILABLE', { exact: true }).waitFor();
    expect(watched.consoleErrors.filter((error) => !error.includes('503'))).toEqual([]);
  });
});
