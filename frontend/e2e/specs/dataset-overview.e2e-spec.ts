import { Browser } from 'playwright-core';
import { api, ensureImported, forgetImports, importOutcome } from '../support/api';
import { seriousA11yViolations } from '../support/axe';
import { launchBrowser, openPage, tourShot } from '../support/browser';

const SO100 = 'demo/so100_pick_place';
const ALOHA = 'demo/aloha_transfer';

describe('the dataset page overview', () => {
  let browser: Browser;
  let so100: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    so100 = await ensureImported(SO100);
    expect(await importOutcome(so100)).toBe('completed');
  });
  afterAll(() => browser?.close());

  it('shows the metadata of demo/so100_pick_place: robot, timing, cameras, features, tasks and the Hub commit', async () => {
    const { page, context, consoleErrors, foreignRequests } = await openPage(browser);
    await page.goto(`/datasets/${so100}`);
    await page.waitForURL(`**/datasets/${so100}/overview`);
    await page.getByRole('heading', { name: SO100, level: 1 }).waitFor();
    expect(await page.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');
    for (const tab of ['Episodes', 'Quality', 'Validation', 'Jobs']) await page.getByRole('tab', { name: tab }).waitFor();

    const facts = page.getByRole('region', { name: 'Dataset' });
    const fact = (name: string) => facts.getByRole('term').filter({ hasText: new RegExp(`^${name}$`) }).locator('xpath=following-sibling::dd');
    expect(await fact('Robot').textContent()).toBe('so100');
    expect(await fact('Frame rate').textContent()).toBe('30 fps');
    expect(await fact('Episodes').textContent()).toBe('12');
    expect(await fact('Frames').textContent()).toBe('2,896');
    expect(await fact('Format').textContent()).toBe('LeRobot v2.1');
    expect(await fact('Episode length').textContent()).toMatch(/^\d+ – \d+ frames \(median \d+\)$/);

    const { body } = await api<{ source: { commitSha: string } }>(`/datasets/${so100}`);
    const hubLink = page.getByRole('link', { name: /On the Hub at/ });
    expect(await hubLink.getAttribute('href')).toMatch(new RegExp(`/datasets/${SO100}/tree/${body.source.commitSha}$`));
    expect(await hubLink.textContent()).toContain(body.source.commitSha.slice(0, 7));

    const cameras = page.getByRole('table', { name: 'Cameras' });
    const camera = cameras.getByRole('row', { name: /observation\.images\.top/ });
    await camera.getByRole('cell', { name: '160 × 120' }).waitFor();
    const features = page.getByRole('table', { name: 'Features' });
    const state = features.getByRole('row', { name: /^observation\.state / });
    await state.getByRole('cell', { name: '[6]' }).waitFor();
    await state.getByRole('cell', { name: 'shoulder_pan, shoulder_lift, elbow_flex, wrist_flex, wrist_roll, gripper' }).waitFor();
    await page.getByRole('region', { name: 'Tasks' }).getByText('Pick the red cube and place it in the bin').waitFor();
    await tourShot(page, 'dataset-overview');

    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it('follows a running import live and shows the metadata when it completes, without a reload', async () => {
    await forgetImports(ALOHA);
    const id = await ensureImported(ALOHA);
    const { page, context, consoleErrors } = await openPage(browser);
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(`/datasets/${id}/overview`);
    await page.getByRole('heading', { name: ALOHA, level: 1 }).waitFor();
    // Whether the page still caught the import running or not, the metadata arrives through the shared poll.
    await page.getByRole('table', { name: 'Cameras' }).getByRole('row', { name: /observation\.images\.wrist_left/ }).waitFor();
    await page.getByText('Completed', { exact: true }).waitFor();
    expect(loads).toBe(1);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('edits the display name, description and tags', async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`/datasets/${so100}/overview`);
    await page.getByRole('button', { name: 'Edit details' }).click();
    await page.getByRole('textbox', { name: 'Display name' }).fill('SO-100 pick and place');
    await page.getByRole('textbox', { name: 'Description' }).fill('Twelve demonstrations.');
    await page.getByRole('textbox', { name: 'Tags' }).fill('demo, pick-place, demo');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'SO-100 pick and place', level: 1 }).waitFor();
    await page.getByText('Twelve demonstrations.').waitFor();
    expect(await page.getByRole('list', { name: 'Tags' }).getByRole('listitem').allTextContents()).toEqual(['demo', 'pick-place']);
    // Other specs find this dataset by its repo id.
    await api(`/datasets/${so100}`, { method: 'PATCH', body: JSON.stringify({ displayName: null, description: null, tags: [] }) });
    await context.close();
  });

  it('says clearly when the dataset does not exist, with a way back to the list', async () => {
    const { page, context } = await openPage(browser);
    await page.goto('/datasets/00000000-0000-4000-8000-000000000000/overview');
    await page.getByRole('heading', { name: 'Dataset not found' }).waitFor();
    await page.getByRole('link', { name: 'Back to the datasets' }).click();
    await page.waitForURL('**/datasets');
    await context.close();
  });

  it('has no serious accessibility violations, at desktop and phone width', async () => {
    for (const width of [1280, 390]) {
      const { page, context } = await openPage(browser, { width, height: 800 });
      await page.goto(`/datasets/${so100}/overview`);
      await page.getByRole('table', { name: 'Features' }).waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await context.close();
    }
  });
});
