import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Isolation } from './test-app';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/** A real worker process (the built backend with ROLE=worker), so a test can kill it with SIGKILL. */
export function spawnWorker(scope: Isolation, logName: string): ChildProcess {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the backend first (npx nx run backend:build)`);
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...scope.env, ROLE: 'worker', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(join(scope.hfHome, `${logName}.log`));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}
