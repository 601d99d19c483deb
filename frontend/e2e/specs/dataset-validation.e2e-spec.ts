import { Browser } from 'playwright-core';
import { ensureImported, forgetImports, importOutcome } from '../support/api';
import { seriousA11yViolations } from '../support/axe';
import { launchBrowser, openPage, tourShot } from '../support/browser';

// A real v3.0 recording whose videos are not in the repo: validation finds an error and a warning.
const REPO = 'real/record-test';

describe('the dataset page validation tab', () => {
  let browser: Browser;
  let id: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    await forgetImports(REPO);
    id = await ensureImported(REPO);
    expect(await importOutcome(id)).toBe('completed');
  });
  afterAll(() => browser?.close());

  it('runs a first validation and shows its problems by severity and code, each linking to its episode', async () => {
    const { page, context, consoleErrors } = await openPage(browser);
    const notFound: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 404) notFound.push(new URL(response.url()).pathname);
    });
    await page.goto(`/datasets/${id}/validation`);
    await page.getByRole('heading', { name: 'Not validated yet' }).waitFor();
    // The API answers 404 ANALYSIS_NOT_FOUND while no validation ran; Chromium logs it, nothing else may fail.
    expect(notFound).toEqual([`/api/v1/datasets/${id}/validation`]);
    await page.getByRole('button', { name: 'Run validation' }).click();

    await page.getByRole('heading', { name: 'Not valid as LeRobot v3.0' }).waitFor();
    await page.getByText('1 error · 1 warning · 0 notes', { exact: false }).waitFor();
    const errors = page.getByRole('region', { name: /^Errors/ });
    const warnings = page.getByRole('region', { name: /^Warnings/ });
    await errors.getByRole('button', { name: /VIDEO_MISSING/ }).click();
    const location = errors.getByRole('listitem').filter({ hasText: 'videos/observation.images.front/chunk-000/file-000.mp4' });
    await location.getByText('episode 0, observation.images.front').waitFor();
    await errors.getByRole('listitem').filter({ hasText: 'videos/observation.images.top/chunk-000/file-000.mp4' }).waitFor();
    await warnings.getByRole('button', { name: /CAMERA_STD_ZERO/ }).waitFor();
    await tourShot(page, 'dataset-validation');
    expect(await seriousA11yViolations(page)).toEqual([]);

    expect(consoleErrors).toEqual(['Failed to load resource: the server responded with a status of 404 (Not Found)']);

    await location.getByRole('link', { name: 'Open episode 0' }).click();
    await page.waitForURL(`**/datasets/${id}/episodes/0`);
    await context.close();
  });

  it('validates again on demand and keeps the report on screen meanwhile', async () => {
    const { page, context } = await openPage(browser, { width: 390, height: 844 });
    await page.goto(`/datasets/${id}/validation`);
    const rerun = page.getByRole('button', { name: 'Validate again' });
    await rerun.click();
    await page.getByRole('heading', { name: 'Not valid as LeRobot v3.0' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('[aria-labelledby="run-heading"]'));
    // A trial click waits until the button can be pressed again (it fails if it never can), without pressing it.
    await rerun.click({ trial: true, timeout: 10_000 });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });
});
