import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

const TOUR_DIR = join(__dirname, '..', '..', '..', 'docs', 'tour');

export const webUrl = (): string => {
  const url = process.env.WEB_URL;
  if (!url) throw new Error('WEB_URL is not set: run the browser tests through frontend/e2e/jest.config.js');
  return url;
};

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A page that records what a user would call broken: console errors, failed loads, and requests that leave the origin. */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  foreignRequests: string[];
}

/** `baseUrl` opens another stack's dashboard than the one global-setup started (WEB_URL). */
export async function openPage(browser: Browser, options: { width?: number; height?: number; colorScheme?: 'light' | 'dark'; baseUrl?: string } = {}): Promise<WatchedPage> {
  const baseUrl = options.baseUrl ?? webUrl();
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const watched: WatchedPage = { context, page, consoleErrors: [], foreignRequests: [] };
  const origin = new URL(baseUrl).origin;
  page.on('console', (message) => {
    if (message.type() === 'error') watched.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watched.consoleErrors.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) watched.foreignRequests.push(url);
  });
  return watched;
}

/** Saves the page for the product tour that the README links. */
export async function tourShot(page: Page, name: string): Promise<void> {
  mkdirSync(TOUR_DIR, { recursive: true });
  await page.screenshot({ path: join(TOUR_DIR, `${name}.png`), fullPage: true });
}

/**
 * The wizard's Next of the step on screen. Every step keeps its own Next in the page, and while the stepper
 * animates from one step to the next both can be visible: the later one is the step being shown.
 */
export function stepperNext(page: Page) {
  return page.getByRole('button', { name: 'Next' }).filter({ visible: true }).last();
}
