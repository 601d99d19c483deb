// `npm run bench:web [-- --dist frontend/dist]`: the dashboard's two performance figures of issue 5.
// 1. Initial JavaScript of the dashboard route, gzip-compressed: the scripts index.html loads (entry and
//    module preloads) plus the route's lazy page chunk and what it imports, from the build's stats.json.
// 2. Frame rate of the episode viewer's chart with 28 lines of 100,000 points while the cursor moves, in
//    headless Debian Chromium, from requestAnimationFrame timings (the hidden /bench/chart route).
// Without --dist it builds the production dashboard into a temporary folder first.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { serveDashboard } from '../frontend/serve.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INITIAL_TARGET_KB = 250;
const FPS_TARGET = 30;
/** The page module the '' (dashboard) route loads. */
const DASHBOARD_ENTRY = 'src/app/dashboard/dashboard.page.ts';

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};

function build() {
  const out = join(tmpdir(), 'robokit-bench-web');
  console.log(`Building the production dashboard into ${out} …`);
  execFileSync('npx', ['ng', 'build', '--configuration=production', '--stats-json', `--output-path=${out}`], { cwd: join(ROOT, 'frontend'), stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

const dist = option('dist') ? resolve(option('dist')) : build();
const browserDir = join(dist, 'browser');
if (!existsSync(join(browserDir, 'index.html'))) throw new Error(`No built dashboard in ${browserDir}: run without --dist to build one.`);

const gzipKb = (file) => gzipSync(readFileSync(join(browserDir, file)), { level: 9 }).length / 1024;

function initialScripts() {
  const html = readFileSync(join(browserDir, 'index.html'), 'utf8');
  const tags = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)];
  return tags.map((match) => match[1] ?? match[2]);
}

/** The route's page chunk and every chunk it imports statically (dynamic imports load later, on demand). */
function routeScripts(stats, entry) {
  const page = Object.entries(stats.outputs).find(([, output]) => output.entryPoint === entry)?.[0];
  if (!page) return null;
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of stats.outputs[file]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(page);
  return [...seen];
}

function bundleFigures() {
  const initial = initialScripts();
  const statsFile = join(dist, 'stats.json');
  const route = existsSync(statsFile) ? routeScripts(JSON.parse(readFileSync(statsFile, 'utf8')), DASHBOARD_ENTRY) : null;
  const files = [...new Set([...initial, ...(route ?? [])])];
  const total = files.reduce((sum, file) => sum + gzipKb(file), 0);
  console.log(`\nInitial JavaScript of the dashboard route (gzip): ${total.toFixed(1)} kB, target ≤ ${INITIAL_TARGET_KB} kB: ${total <= INITIAL_TARGET_KB ? 'met' : 'MISSED'}`);
  console.log(`  index.html scripts: ${initial.length} files, ${initial.reduce((sum, file) => sum + gzipKb(file), 0).toFixed(1)} kB`);
  if (route) {
    const extra = route.filter((file) => !initial.includes(file));
    console.log(`  dashboard page chunks: ${extra.length} more files, ${extra.reduce((sum, file) => sum + gzipKb(file), 0).toFixed(1)} kB`);
  } else {
    console.log(`  (no stats.json or no ${DASHBOARD_ENTRY} in it: index.html scripts only)`);
  }
}

async function chartFigures() {
  // No API needed: the benchmark page draws synthetic data.
  const server = await serveDashboard({ port: 0, root: browserDir, apiUrl: 'http://127.0.0.1:9' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const started = Date.now();
    await page.goto(`${server.url}/bench/chart`);
    await page.locator('rk-time-chart canvas').nth(1).waitFor();
    console.log(`\nEpisode viewer chart: 28 lines × 100,000 points drawn in ${((Date.now() - started) / 1000).toFixed(1)} s (page load included)`);
    await page.getByRole('button', { name: 'Run' }).click();
    await page.waitForFunction(() => window.__chartBench, null, { timeout: 60_000, polling: 500 });
    const result = await page.evaluate(() => window.__chartBench);
    console.log(
      `  cursor moving: ${result.fps.toFixed(1)} fps over ${result.frames} frames, target ≥ ${FPS_TARGET} fps: ${result.fps >= FPS_TARGET ? 'met' : 'MISSED'}` +
        ` (p95 frame ${result.p95FrameMs.toFixed(1)} ms, worst ${result.worstFrameMs.toFixed(1)} ms)`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

bundleFigures();
await chartFigures();
