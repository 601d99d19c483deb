import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { api, ensureImported, importOutcome } from '../support/api';
import { seriousA11yViolations } from '../support/axe';
import { launchBrowser, openPage, tourShot } from '../support/browser';
import { runQuality } from '../support/quality';

const REPO = 'demo/so100_pick_place';
const EPISODE = 3;

interface Position {
  /** The video's currentTime minus the episode's start in its file. */
  videoS: number;
  /** Where the plot's playhead stands, in seconds, as the chart holds it. */
  playheadS: number;
  /** The same, read from the drawn line: its pixel offset over the plot's width, times the x range. */
  drawnS: number;
  fps: number;
}

/** What the video shows and where the plot cursor stands, read in one go in the page (it moves while playing). */
async function position(page: Page, datasetId: string): Promise<Position> {
  const series = await api<{ fps: number; length: number; videos: { startS: number }[] }>(`/datasets/${datasetId}/episodes/${EPISODE}?points=2`);
  const { fps, length } = series.body;
  const startS = series.body.videos[0].startS;
  // Located by role and name first, so the in-page read below cannot pick another element.
  await page.getByLabel('Camera observation.images.top').waitFor();
  await page.getByRole('img', { name: /^State of episode/ }).getByTestId('playhead').waitFor({ state: 'attached' });
  const read = await page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('video[aria-label="Camera observation.images.top"]');
    const chart = [...document.querySelectorAll('[role=img]')].find((element) => element.getAttribute('aria-label')?.startsWith('State of episode'));
    const line = chart?.querySelector('[data-testid=playhead]')?.getBoundingClientRect();
    const over = chart?.querySelector('.u-over')?.getBoundingClientRect();
    if (!video || !chart || !line || !over) return null;
    return { currentTime: video.currentTime, playhead: Number(chart.getAttribute('data-playhead')), lineX: line.x + line.width / 2 - over.x, width: over.width };
  });
  if (!read) throw new Error('The viewer shows no video or no drawn playhead');
  // uPlot's x range runs from the first to the last point: frame 0 to frame length - 1.
  const drawnS = (read.lineX / read.width) * ((length - 1) / fps);
  return { videoS: read.currentTime - startS, playheadS: read.playhead, drawnS, fps };
}

/**
 * The video and the plot agree on the frame: the frame the video shows (frame i from i/fps to (i+1)/fps) is
 * the one the playhead marks, within `slackFrames` while playing; and the line is drawn where it says.
 */
function expectInSync({ videoS, playheadS, drawnS, fps }: Position, slackFrames = 0): void {
  const videoFrame = Math.floor(videoS * fps + 1e-6);
  const cursorFrame = Math.round(playheadS * fps);
  expect(Math.abs(videoFrame - cursorFrame)).toBeLessThanOrEqual(slackFrames);
  expect(Math.abs(drawnS - playheadS)).toBeLessThanOrEqual(1.5 / fps);
}

async function frameShown(page: Page): Promise<number> {
  const text = await page.getByText(/^\s*Frame \d+ \/ \d+/).textContent();
  return Number(/Frame (\d+)/.exec(text ?? '')?.[1]);
}

async function waitForFrame(page: Page, frame: number): Promise<void> {
  await page.getByText(new RegExp(`^\\s*Frame ${frame} /`)).waitFor();
}

describe('the episodes tab and the episode viewer', () => {
  let browser: Browser;
  let datasetId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    datasetId = await ensureImported(REPO);
    expect(await importOutcome(datasetId)).toBe('completed');
    await runQuality(datasetId);
    await api(`/datasets/${datasetId}/episodes/${EPISODE}/review`, { method: 'DELETE' });
  });
  afterAll(() => browser?.close());

  it('lists the episodes with their scores, sorts them, and opens one', async () => {
    const { page, context, consoleErrors, foreignRequests } = await openPage(browser);
    await page.goto(`/datasets/${datasetId}/episodes`);
    const table = page.getByRole('table', { name: 'Episodes' });
    await table.getByRole('row').nth(12).waitFor();
    expect(await table.getByRole('row').count()).toBe(13);
    expect(await table.getByRole('row').nth(1).getByRole('cell').nth(4).textContent()).toMatch(/^\s*\d+\s*$/);
    await tourShot(page, 'dataset-episodes');

    await table.getByRole('button', { name: 'Score' }).click();
    await page.waitForURL(/sort=score/);
    await table.getByRole('button', { name: 'Score' }).click();
    await page.waitForURL(/sort=-score/);
    const scores = async () => (await table.getByRole('row').locator('td:nth-child(5)').allTextContents()).map(Number);
    await page.reload();
    await table.getByRole('row').nth(12).waitFor();
    const sorted = await scores();
    expect(sorted).toEqual([...sorted].sort((a, b) => b - a));

    await table.getByRole('link', { name: String(EPISODE), exact: true }).click();
    await page.waitForURL(new RegExp(`/episodes/${EPISODE}(\\?|$)`));
    await page.getByRole('heading', { name: new RegExp(`^Episode ${EPISODE}`) }).waitFor();
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it('plays the video in sync with the plots, steps frame by frame, and seeks from the plot', async () => {
    const { page, context, consoleErrors } = await openPage(browser);
    await page.goto(`/datasets/${datasetId}/episodes/${EPISODE}`);
    const video = page.getByLabel('Camera observation.images.top');
    await video.waitFor();
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2);
    await page.getByRole('img', { name: /^State of episode/ }).locator('canvas').waitFor();
    await page.getByRole('img', { name: /^Action of episode/ }).locator('canvas').waitFor();

    // Keyboard: one frame, then ten with Shift, then back one.
    const region = page.getByRole('group', { name: 'Episode playback' });
    await region.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await waitForFrame(page, 11);
    expectInSync(await position(page, datasetId));

    // Play: the cursor follows the video.
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.waitForTimeout(1200);
    const playing = await position(page, datasetId);
    expect(playing.videoS).toBeGreaterThan(0.8);
    expectInSync(playing, 2);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Play' }).waitFor();
    const paused = await position(page, datasetId);
    expectInSync(paused);
    expect(await frameShown(page)).toBe(Math.round(paused.playheadS * paused.fps));
    await page.evaluate(() => window.scrollTo(0, 0));
    await tourShot(page, 'episode-viewer');

    // Pressing on the plot seeks the video to that point.
    const plot = page.getByRole('img', { name: /^State of episode/ }).locator('.u-over');
    const box = await plot.boundingBox();
    if (!box) throw new Error('No plot area');
    const pausedFrame = await frameShown(page);
    await plot.click({ position: { x: box.width * 0.75, y: box.height / 2 } });
    await page.waitForFunction((before) => !document.body.textContent?.includes(`Frame ${before} /`), pausedFrame);
    const lastFrame = await frameCount(datasetId);
    const sought = await position(page, datasetId);
    expect(Math.abs(sought.playheadS / (lastFrame / sought.fps) - 0.75)).toBeLessThan(0.01);
    expectInSync(sought);

    // A link with ?frame=N opens there; pausing keeps the frame in the URL.
    await page.goto(`/datasets/${datasetId}/episodes/${EPISODE}?frame=40`);
    await waitForFrame(page, 40);
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1);
    expectInSync(await position(page, datasetId));
    await page.getByRole('group', { name: 'Episode playback' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/frame=41/);

    await page.getByRole('link', { name: 'Next' }).click();
    await page.waitForURL(new RegExp(`/episodes/${EPISODE + 1}$`));
    await waitForFrame(page, 0);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('marks the episode excluded with a note, sees it on the Quality tab, and exports the kept episodes without it', async () => {
    const { page, context, consoleErrors } = await openPage(browser);
    await page.goto(`/datasets/${datasetId}/episodes/${EPISODE}`);
    await page.getByRole('radio', { name: /Exclude/ }).click();
    await page.getByRole('textbox', { name: 'Note (optional)' }).fill('Gripper slips at the end');
    await page.getByRole('button', { name: 'Save review' }).click();
    await page.getByRole('status').filter({ hasText: `episode ${EPISODE} marked exclude` }).waitFor();

    await page.getByRole('tab', { name: 'Quality' }).click();
    const reviews = page.getByRole('table', { name: 'Reviews' });
    const row = reviews.getByRole('row').filter({ has: page.getByRole('link', { name: String(EPISODE), exact: true }) });
    await row.getByText('Gripper slips at the end').waitFor();
    expect(await row.getByRole('cell').nth(1).textContent()).toContain('Excluded');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export kept episodes' }).click();
    const file = await (await download).path();
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { repoId: string; commitSha: string; episodes: number[]; excluded: number[] };
    expect(exported.repoId).toBe(REPO);
    expect(exported.commitSha).toMatch(/^[0-9a-f]{40}$/);
    expect(exported.excluded).toContain(EPISODE);
    expect(exported.episodes).not.toContain(EPISODE);
    expect([...exported.episodes, ...exported.excluded].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));

    // The episodes list filters by it.
    await page.goto(`/datasets/${datasetId}/episodes?review=exclude`);
    const rows = page.getByRole('table', { name: 'Episodes' }).getByRole('row');
    await rows.nth(1).getByText('Excluded').waitFor();
    expect(await rows.count()).toBe(1 + exported.excluded.length);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('has no serious accessibility violations, at desktop and phone width', async () => {
    for (const width of [1280, 390]) {
      const { page, context } = await openPage(browser, { width, height: 900 });
      await page.goto(`/datasets/${datasetId}/episodes/${EPISODE}`);
      await page.getByRole('img', { name: /^State of episode/ }).locator('canvas').waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.goto(`/datasets/${datasetId}/episodes`);
      await page.getByRole('table', { name: 'Episodes' }).getByRole('row').nth(12).waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await context.close();
    }
  });
});

async function frameCount(datasetId: string): Promise<number> {
  const { body } = await api<{ length: number }>(`/datasets/${datasetId}/episodes/${EPISODE}?points=2`);
  // The plot's x axis spans frame 0 to the last frame.
  return body.length - 1;
}
