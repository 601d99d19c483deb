import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StandInHub, startDemoHub } from '@robokit/testing';
import { freePort } from '../../../backend/test/support/free-port';
import { dropIsolation, Isolation, isolation } from '../../../backend/test/support/isolation';

const ROOT = join(__dirname, '..', '..', '..');
export const OUTPUT_DIR = join(ROOT, 'frontend', 'e2e', 'output');

/** Everything the browser tests run against, as `npm start` runs it: API and worker processes, the static server. */
export interface Stack {
  hub: StandInHub;
  scope: Isolation;
  processes: ChildProcess[];
  webUrl: string;
  apiUrl: string;
}

/** `env` adds to (or overrides) the settings of every process; `name` keeps its logs apart from the main stack's. */
export interface StackOptions {
  env?: Record<string, string>;
  name?: string;
}

export async function startStack({ env: extra = {}, name = 'web' }: StackOptions = {}): Promise<Stack> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const { hub, url: hubUrl } = await startDemoHub({
    port: 0,
    cacheDir: process.env.ROBOKIT_DEMO_CACHE ?? join(tmpdir(), 'robokit-demo-datasets'),
    realDatasetsDir: join(ROOT, '..', 'shared', 'datasets'),
  });
  const scope = isolation(name, hubUrl);
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const env = { ...scope.env, API_PORT: String(apiPort), LOG_LEVEL: 'info', ...extra };
  const processes = [
    launch(logName(name, 'api'), join(ROOT, 'backend', 'dist', 'main.js'), { ...env, ROLE: 'api' }),
    launch(logName(name, 'worker'), join(ROOT, 'backend', 'dist', 'main.js'), { ...env, ROLE: 'worker' }),
  ];
  await waitFor(`${apiUrl}/api/v1/health/ready`);
  const webPort = await freePort();
  processes.push(launch(logName(name, 'web'), join(ROOT, 'frontend', 'serve.mjs'), { ...extra, WEB_PORT: String(webPort), API_URL: apiUrl }));
  const webUrl = `http://127.0.0.1:${webPort}`;
  await waitFor(`${webUrl}/api/v1/health`);
  return { hub, scope, processes, webUrl, apiUrl };
}

export async function stopStack(stack: Stack): Promise<void> {
  await Promise.all(stack.processes.map(stop));
  await stack.hub.stop();
  await dropIsolation(stack.scope);
}

/** The main stack's logs keep their plain names (api.log, worker.log, web.log). */
const logName = (stack: string, process: string): string => (stack === 'web' ? process : `${stack}-${process}`);

function launch(name: string, script: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  // The logs stay beside the screenshots, so a failed CI run shows what the server said.
  const log = createWriteStream(join(OUTPUT_DIR, `${name}.log`));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s; see the logs in ${OUTPUT_DIR}`);
}
