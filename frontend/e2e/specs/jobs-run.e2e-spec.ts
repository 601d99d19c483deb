import { Browser, Locator, Page } from 'playwright-core';
import { api, ensureImported, importOutcome } from '../support/api';
import { seriousA11yViolations } from '../support/axe';
import { launchBrowser, openPage, tourShot } from '../support/browser';

const SO100 = 'demo/so100_pick_place';
// Its data files always answer 500: metadata extraction succeeds, a validation (which reads them) fails.
const ALWAYS_FAILS = 'demo/always_fails';
const BIG = 'real/g1-policy-train';

async function openJobs(page: Page, id: string): Promise<Locator> {
  await page.goto(`/datasets/${id}/jobs`);
  await page.getByRole('heading', { name: 'Start a job' }).waitFor();
  return page.getByRole('table', { name: 'Jobs' });
}

/** Picks a job type in the form and starts it with the fields as they are. */
async function startJob(page: Page, title: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Job type' }).click();
  await page.getByRole('option', { name: new RegExp(`^${title}`) }).click();
  await page.getByRole('button', { name: `Start ${title}` }).click();
}

describe('the dataset page jobs tab', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('starts a validation from the form built from its schema and follows it to completion', async () => {
    const id = await ensureImported(SO100);
    expect(await importOutcome(id)).toBe('completed');
    const { page, context, consoleErrors } = await openPage(browser);
    const table = await openJobs(page, id);
    // Types this version cannot run are listed, disabled, with the reason.
    await page.getByRole('combobox', { name: 'Job type' }).click();
    const conversion = page.getByRole('option', { name: /^Conversion/ });
    expect(await conversion.getAttribute('aria-disabled')).toBe('true');
    expect(await conversion.textContent()).toContain('Not available in this version yet.');
    await page.getByRole('option', { name: /^Validation/ }).click();
    const probe = page.getByRole('switch', { name: 'Probe the videos' });
    expect(await probe.getAttribute('aria-checked')).toBe('false');

    const before = (await api<{ total: number }>(`/datasets/${id}/jobs`)).body.total;
    await page.getByRole('button', { name: 'Start Validation' }).click();
    await page.getByText('Validation queued').waitFor();
    await table.getByRole('row').filter({ hasText: 'Validation' }).first().getByText('Completed').waitFor();
    expect((await api<{ total: number }>(`/datasets/${id}/jobs`)).body.total).toBe(before + 1);

    await table.getByRole('button', { name: 'Show details of the Validation job' }).first().click();
    const parameters = table.getByRole('region', { name: 'Parameters' }).first();
    expect(await parameters.getByRole('definition').allTextContents()).toEqual(['false']);
    expect(await parameters.getByRole('term').allTextContents()).toEqual(['check_videos']);
    await table.getByRole('region', { name: 'Result summary' }).first().getByRole('term').filter({ hasText: /^valid$/ }).waitFor();
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('shows why a job failed and retries it', async () => {
    const id = await ensureImported(ALWAYS_FAILS);
    expect(await importOutcome(id)).toBe('completed');
    const { page, context } = await openPage(browser);
    const table = await openJobs(page, id);
    await startJob(page, 'Validation');

    const failed = table.getByRole('row').filter({ hasText: 'Validation' }).first();
    await failed.getByText('Failed').waitFor({ timeout: 60_000 });
    const error = table.getByRole('group', { name: 'Why it failed' }).first();
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toMatch(/^[A-Z_]+$/);
    expect(await error.textContent()).toMatch(/retrying may help|will fail again/);
    const attempts = Number(await failed.getByRole('cell').nth(3).textContent());
    expect(attempts).toBeGreaterThanOrEqual(1);
    await page.getByText('Validation queued').waitFor({ state: 'detached' });
    await tourShot(page, 'dataset-jobs');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await failed.getByRole('button', { name: 'Retry Validation job' }).click();
    await page.getByText('Validation queued again').waitFor();
    // The same job runs again: more attempts, and it fails again.
    await page.waitForFunction(
      ([before]) => {
        const row = [...document.querySelectorAll('tr')].find((tr) => tr.textContent?.includes('Validation'));
        const cells = row?.querySelectorAll('td');
        return cells && Number(cells[3]?.textContent) > before && cells[1]?.textContent?.includes('Failed');
      },
      [attempts],
      { timeout: 60_000 },
    );
    await context.close();
  });

  it('fits a phone screen without serious accessibility violations', async () => {
    const id = await ensureImported(SO100);
    const { page, context } = await openPage(browser, { width: 390, height: 844 });
    const table = await openJobs(page, id);
    await table.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });

  it('cancels a queued job, or says why it cannot when the job already finished', async () => {
    const id = await ensureImported(BIG);
    expect(await importOutcome(id)).toBe('completed');
    // Two quality analyses (a few seconds each on 100 episodes) hold both worker slots, so the job started
    // from the form waits in the queue; different parameters make them two jobs rather than the same work.
    for (const parameters of [{ fit_min_episodes: 6 }, { fit_min_episodes: 7 }]) {
      const { status } = await api(`/datasets/${id}/jobs`, { method: 'POST', body: JSON.stringify({ type: 'evaluate_quality_heuristics', parameters }) });
      expect([200, 201]).toContain(status);
    }
    const { page, context } = await openPage(browser);
    const table = await openJobs(page, id);
    await startJob(page, 'Validation');
    const row = table.getByRole('row').filter({ hasText: 'Validation' }).first();
    await row.getByRole('button', { name: 'Cancel Validation job' }).click();

    const outcome = await Promise.race([
      row.getByText('Cancelled').waitFor().then(() => 'cancelled' as const),
      table.locator('[data-code="JOB_STATE_CONFLICT"]').waitFor().then(() => 'conflict' as const),
    ]);
    console.info(`cancel test: the job was ${outcome === 'cancelled' ? 'caught in the queue' : 'already finished (409)'}`);
    if (outcome === 'cancelled') {
      await row.getByRole('button', { name: 'Retry Validation job' }).waitFor();
    } else {
      await table.getByText('The job changed state meanwhile; refresh to see where it is.').waitFor();
    }
    await context.close();
  });
});
