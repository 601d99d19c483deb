import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { StandInHub } from '@robokit/testing';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import request from 'supertest';
import { redisConnection } from '../../src/common/redis-connection';
import { AppConfig, loadConfig } from '../../src/config/config';
import { createHttpApp } from '../../src/http-app';
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
    },
  };
}

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  config: AppConfig;
  close(): Promise<void>;
}

/** The real AppModule over HTTP, with PostgreSQL, Redis and the stand-in Hub; no part is mocked. */
export async function startApp(scope: Isolation, env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ ...scope.env, ...env });
  const app = await createHttpApp(config, ['error', 'warn']);
  await app.init();
  return {
    app,
    config,
    http: request(app.getHttpServer()),
    close: () => app.close(),
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

export async function startHub(options?: ConstructorParameters<typeof StandInHub>[0]): Promise<StandInHub> {
  const hub = new StandInHub(options);
  await hub.start();
  return hub;
}

/** Polls until `check` returns a value, the way a client would; fails with the last value seen. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    last = value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

export interface E2eEnvironment {
  hub: StandInHub;
  scope: Isolation;
  app: TestApp;
}

/**
 * The usual test file: its own stand-in Hub (seeded by `seed`), isolation scope and app, created before
 * the tests and removed after them. The object is filled in by beforeAll.
 */
export function useE2eEnvironment(
  label: string,
  options: { hub?: ConstructorParameters<typeof StandInHub>[0]; env?: Record<string, string>; seed?: (hub: StandInHub) => Promise<void> | void },
): E2eEnvironment {
  const environment = {} as E2eEnvironment;
  beforeAll(async () => {
    environment.hub = await startHub(options.hub);
    await options.seed?.(environment.hub);
    environment.scope = isolation(label, environment.hub.url);
    environment.app = await startApp(environment.scope, options.env);
  });
  afterAll(async () => {
    await environment.app?.close();
    await environment.hub?.stop();
    if (environment.scope) await dropIsolation(environment.scope);
  });
  return environment;
}
