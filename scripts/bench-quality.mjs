// `npm run bench:quality [-- --frames 1e7] [-- --repeat 3]`: times a plain read of the signal columns, the full
// quality analysis and validation on generated LeRobot v2.1 and v3.0 datasets, each in its own process so that
// every phase's peak memory is its own, and prints the figures against the targets of issue 4. Each phase runs
// `repeat` times, the three phases taking turns, and the figures are the medians: on this kind of virtual machine
// one process can run at two thirds of the next one's speed, which a single timing reports as a slower program.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesUnder } from './files-under.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};

function listing(root) {
  return filesUnder(root)
    .filter((path) => !/(^|\/)\.complete$/.test(path))
    .map((path) => ({ path, size: statSync(join(root, path)).size, lfs: false }));
}

/** One phase in this process; prints {seconds, frames, maxRssMb} as JSON. */
async function phase(name, dir) {
  const lerobot = (await import('@robokit/lerobot')).default;
  const listed = listing(dir);
  const files = lerobot.directoryFiles(dir, listed.map((file) => file.path));
  const dataset = await lerobot.openDataset(files);
  const frames = dataset.episodes.reduce((sum, episode) => sum + episode.length, 0);
  const started = process.hrtime.bigint();
  if (name === 'read') {
    // The same reader and columns the analysis uses, with nothing computed on them.
    const { readFrames } = (await import('@robokit/lerobot/dist/quality/frame-reader.js')).default;
    const { planSignals } = (await import('@robokit/lerobot/dist/quality/signals.js')).default;
    const plan = planSignals(dataset.info, ['action', 'observation.state'], []);
    const dataFiles = [...new Set(dataset.episodes.map((episode) => episode.dataFile))].map((path) => ({
      path,
      local: files.localPath(path),
      expectedRows: dataset.episodes.filter((episode) => episode.dataFile === path).reduce((sum, episode) => sum + episode.length, 0),
    }));
    let checksum = 0;
    for await (const event of readFrames(dataFiles, plan, { grouping: dataset.version === 'v3.0' ? 'episode' : 'file' })) {
      if (event.kind === 'run') checksum += event.run.rows + (event.run.signals[0]?.[0] ?? 0);
    }
    if (!Number.isFinite(checksum)) throw new Error('unreachable: keeps the read from being optimised away');
  } else if (name === 'quality') {
    await lerobot.evaluateQuality(dataset, files, {});
  } else {
    await lerobot.validateDataset(dataset, files, listed);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ seconds, frames, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

/** Writes the dataset (in its own process: Linux hands a parent's peak RSS down to the children it forks). */
async function generate(dir, version, frames, episodes) {
  const testing = (await import('@robokit/testing')).default;
  await testing.writeLeRobotDataset(dir, { version, episodes, episodeLength: Math.round(frames / episodes), joints: 14, seed: 1 });
  writeFileSync(join(dir, '.complete'), '');
}

/** Generated once per size and version, then reused (the spec's seed makes it the same every time). */
function dataset(version, frames, episodes) {
  const dir = join(process.env.ROBOKIT_BENCH_DIR ?? join(tmpdir(), 'robokit-bench'), `${version}-${frames}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--generate', version, '--dir', dir, '--frames', String(frames), '--episodes', String(episodes)], { stdio: 'inherit' });
  console.log(`generated ${version} (${frames} frames) in ${((Date.now() - started) / 1000).toFixed(1)} s at ${dir}`);
  return dir;
}

function run(name, dir) {
  const output = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--phase', name, '--dir', dir], { encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').pop());
}

async function main() {
  if (option('phase')) return phase(option('phase'), option('dir'));
  if (option('generate')) return generate(option('dir'), option('generate'), Number(option('frames')), Number(option('episodes')));
  const frames = Math.round(Number(option('frames', '1e6')));
  const episodes = Number(option('episodes', '200'));
  const repeat = Number(option('repeat', '3'));
  const rows = [];
  for (const version of ['v2.1', 'v3.0']) {
    const dir = dataset(version, frames, episodes);
    const runs = { read: [], quality: [], validate: [] };
    for (let i = 0; i < repeat; i += 1) for (const name of Object.keys(runs)) runs[name].push(run(name, dir));
    rows.push({ version, runs });
  }
  const limitMb = frames > 2e6 ? 1000 : 600;
  const median = (values) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1];
  const seconds = (list) => median(list.map((figures) => figures.seconds));
  console.log(`\nRoboKit quality benchmark: ${frames.toLocaleString('en')} frames, ${episodes} episodes, 14-dim state and action, no video`);
  console.log(`machine: ${(await import('node:os')).cpus().length} cores (${(await import('node:os')).cpus()[0].model}), Node ${process.version}`);
  console.log(`each phase run ${repeat} time(s); times are medians, peak RSS the largest\n`);
  console.log('layout  plain read  quality  ratio  frames/s   validation  peak RSS read/quality/validation  ratio of each run');
  let pass = true;
  for (const { version, runs } of rows) {
    const read = seconds(runs.read);
    const quality = seconds(runs.quality);
    const validation = seconds(runs.validate);
    const ratio = quality / read;
    const rate = runs.read[0].frames / quality;
    const peaks = [runs.read, runs.quality, runs.validate].map((list) => Math.max(...list.map((figures) => figures.maxRssMb)));
    const rss = peaks.map((mb) => `${mb.toFixed(0)} MB`).join(' / ');
    const each = runs.quality.map((figures, i) => (figures.seconds / runs.read[i].seconds).toFixed(2)).join(' ');
    console.log(`${version.padEnd(6)}  ${read.toFixed(2).padStart(8)} s  ${quality.toFixed(2).padStart(5)} s  ${ratio.toFixed(2).padStart(5)}  ${Math.round(rate).toLocaleString('en').padStart(9)}  ${validation.toFixed(2).padStart(8)} s   ${rss.padEnd(30)}  ${each}`);
    const checks = [
      [`${version}: quality within 3x of a plain read`, ratio <= 3],
      [`${version}: at least 400,000 frames/s`, rate >= 400_000],
      [`${version}: validation no slower than quality`, validation <= quality],
      [`${version}: peak RSS under ${limitMb} MB`, Math.max(...peaks) < limitMb],
    ];
    for (const [what, ok] of checks) {
      if (!ok) pass = false;
      console.log(`  ${ok ? 'ok  ' : 'MISS'} ${what}`);
    }
  }
  process.exitCode = pass ? 0 : 1;
}

await main();
