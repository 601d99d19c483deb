import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { redisConnection } from '../../src/common/redis-connection';
import { JOBS_QUEUE } from '../../src/jobs/job-queue';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A database schema, queue prefix and cache folder that belong to one test file only. */
export interface Isolation {
  name: string;
  hfHome: string;
  env: Record<string, string>;
}

export function isolation(label: string, hubUrl: string): Isolation {
  const name = `t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${Date.now().toString(36)}`;
  const hfHome = mkdtempSync(join(tmpdir(), `robokit-${label}-`));
  return {
    name,
    hfHome,
    env: {
      DATABASE_URL,
      REDIS_URL,
      DATABASE_SCHEMA: name,
      QUEUE_PREFIX: name,
      HF_ENDPOINT: hubUrl,
      HF_HOME: hfHome,
      HUB_TIMEOUT_MS: '3000',
      JOB_BACKOFF_MS: '200',
      JOB_ATTEMPTS: '3',
      JOB_LOCK_MS: '2000',
      JOB_RECONCILE_MS: '1000',
      WORKER_CONCURRENCY: '2',
      LOG_LEVEL: 'warn',
      // Tests import and search far faster than people do; rate-limit.e2e-spec sets real limits.
      ...Object.fromEntries(
        ['DATASET_CREATE', 'JOB_CREATE', 'HUB_SEARCH'].flatMap((action) => [`RATE_LIMIT_${action}`, `RATE_LIMIT_${action}_PER_IP`]).map((name) => [name, '100000']),
      ),
    },
  };
}

/** Removes what a test file created: its schema, its queue keys and its cache folder. */
export async function dropIsolation(scope: Isolation): Promise<void> {
  const queue = new Queue(JOBS_QUEUE, { connection: redisConnection(REDIS_URL), prefix: scope.name });
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  const pg = new Client({ connectionString: DATABASE_URL });
  await pg.connect();
  await pg.query(`DROP SCHEMA IF EXISTS "${scope.name}" CASCADE`);
  await pg.end();
  rmSync(scope.hfHome, { recursive: true, force: true });
}

