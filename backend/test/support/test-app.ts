import { INestApplication } from '@nestjs/common';
import { StandInHub } from '@robokit/testing';
import request from 'supertest';
import { AppConfig, loadConfig } from '../../src/config/config';
import { createHttpApp } from '../../src/http-app';
import { dropIsolation, Isolation, isolation } from './isolation';

export * from './isolation';

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

/**
 * Runs `scenario` with the API alone (no worker anywhere), so queued jobs stay queued; then restores the
 * environment's usual app.
 */
export async function withoutWorker(environment: E2eEnvironment, scenario: (api: TestApp) => Promise<void>): Promise<void> {
  await environment.app.close();
  const api = await startApp(environment.scope, { ROLE: 'api' });
  try {
    await scenario(api);
  } finally {
    await api.close();
    environment.app = await startApp(environment.scope);
  }
}
