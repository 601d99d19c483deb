import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const MAIN = join(__dirname, '..', 'dist', 'main.js');

function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', HOME: '/tmp', ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('start-up without its services or with bad settings', () => {
  it('names each unreachable service, where it looked and how to start it, instead of a stack trace', () => {
    const { status, output } = start({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5499/test', REDIS_URL: 'redis://127.0.0.1:6399' });
    expect(status).toBe(1);
    expect(output).toContain('PostgreSQL is not reachable at 127.0.0.1:5499 (DATABASE_URL)');
    expect(output).toContain('pg_ctlcluster');
    expect(output).toContain('Redis is not reachable at 127.0.0.1:6399 (REDIS_URL)');
    expect(output).toContain('redis-server --daemonize yes');
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('reports every invalid variable at once', () => {
    const { status, output } = start({ ROLE: 'both', API_PORT: '99999', HF_ENDPOINT: 'ftp://hub', ROBOKIT_HF_LOCAL_ONLY: 'sometimes' });
    expect(status).toBe(1);
    expect(output).toContain('RoboKit cannot start. Invalid configuration');
    for (const variable of ['ROLE', 'API_PORT', 'HF_ENDPOINT', 'ROBOKIT_HF_LOCAL_ONLY']) expect(output).toContain(`- ${variable} must`);
  });
});
