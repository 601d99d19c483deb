// `npm start`: builds RoboKit, picks the Hub, and runs the API, a worker and the dashboard until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const REAL_HUB = 'https://huggingface.co';

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function reachable(url) {
  try {
    const response = await fetch(`${url}/api/datasets?limit=1`, { signal: AbortSignal.timeout(4000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** HF_ENDPOINT when set; else the real Hub when it answers; else a local stand-in Hub with demo datasets. */
async function chooseHub() {
  if (process.env.HF_ENDPOINT) {
    console.log(`Hub: ${process.env.HF_ENDPOINT} (from HF_ENDPOINT)`);
    return process.env.HF_ENDPOINT;
  }
  if (await reachable(REAL_HUB)) {
    console.log(`Hub: ${REAL_HUB} (HF_ENDPOINT is unset and the real Hub answers)`);
    return REAL_HUB;
  }
  const testing = (await import('@robokit/testing')).default;
  const { url, repos } = await testing.startDemoHub({
    port: Number(process.env.HUB_PORT ?? 7860),
    cacheDir: process.env.ROBOKIT_DEMO_CACHE ?? join(tmpdir(), 'robokit-demo-datasets'),
    realDatasetsDir: process.env.ROBOKIT_REAL_DATASETS ?? join(root, '..', 'shared', 'datasets'),
  });
  console.log(`Hub: ${url}, the stand-in Hub (HF_ENDPOINT is unset and ${REAL_HUB} cannot be reached), serving ${repos.join(', ')}`);
  return url;
}

run('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static']);
const hubUrl = await chooseHub();
const apiUrl = `http://127.0.0.1:${process.env.API_PORT ?? process.env.PORT ?? 8000}`;
const processes = {
  // The dashboard's server forwards from loopback and names each client in X-Forwarded-For.
  api: { script: join(root, 'backend', 'dist', 'main.js'), env: { TRUST_PROXY: 'loopback', ...process.env, HF_ENDPOINT: hubUrl, ROLE: 'api' } },
  worker: { script: join(root, 'backend', 'dist', 'main.js'), env: { HF_ENDPOINT: hubUrl, ROLE: 'worker' } },
  dashboard: { script: join(root, 'frontend', 'serve.mjs'), env: { API_URL: process.env.API_URL ?? apiUrl } },
};
const children = Object.entries(processes).map(([name, { script, env }]) => {
  const child = spawn(process.execPath, [script], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    console.log(`RoboKit ${name} stopped (${signal ?? `exit ${code}`}); stopping the rest.`);
    shutdown(code ?? 1);
  });
  return child;
});

let stopping = false;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 2000).unref();
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
