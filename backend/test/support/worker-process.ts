import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { Isolation } from './test-app';
import { freePort } from './free-port';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/**
 * The built backend as a real process in the given role, so a test can kill it with SIGKILL or take its
 * database away. Its output goes to <hfHome>/<logName>.log.
 */
export function spawnBackend(scope: Isolation, role: 'api' | 'worker', logName: string, env: Record<string, string> = {}): ChildProcess {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the backend first (npx nx run backend:build)`);
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...scope.env, ROLE: role, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(join(scope.hfHome, `${logName}.log`));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

export function spawnWorker(scope: Isolation, logName: string): ChildProcess {
  return spawnBackend(scope, 'worker', logName);
}

export function processLog(scope: Isolation, logName: string): string {
  const file = join(scope.hfHome, `${logName}.log`);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  /** supertest against the process, as a browser or curl would reach it. */
  http: ReturnType<typeof request>;
}

/** Starts ROLE=api on a free port and waits until it answers liveness. */
export async function startApiProcess(scope: Isolation, logName: string, env: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawnBackend(scope, 'api', logName, { API_HOST: '127.0.0.1', API_PORT: String(port), ...env });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The API exited with ${child.exitCode} while starting:\n${processLog(scope, logName)}`);
    const answered = await fetch(`${url}/api/v1/health`).then((response) => response.ok, () => false);
    if (answered) return { child, url, http: request(url) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`The API did not answer within 30 s:\n${processLog(scope, logName)}`);
}
