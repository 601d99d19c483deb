import { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { StandInHub } from '@robokit/testing';
import { Client } from 'pg';
import { Body, expectErrorBody, importBody } from './support/api';
import { ROBOT_TAGS, smallDatasetFiles } from './support/fixtures';
import { Isolation, isolation, startHub } from './support/test-app';
import { ThrowawayPostgres, ThrowawayRedis } from './support/throwaway-services';
import { ApiProcess, exited, processLog, spawnWorker, startApiProcess } from './support/worker-process';

/*
 * Issue 6, "Crash-safety": PostgreSQL and Redis go away while jobs run, for real. The API and the worker are
 * the built backend as separate processes, and both servers are this file's own (throwaway-services.ts), so
 * stopping them disturbs nobody else. Whatever happens, every job ends completed or failed with a reason,
 * none is lost, none applies its results twice, the API answers 503 with the error body while a dependency
 * is down, readiness says which, and everything recovers without a restart.
 */

const EPISODES = 8;
const OUTAGE_MS = 5000;
// Slow data files keep validation jobs running into an outage; those of the Redis test (four lanes, two
// rounds of delays) run on after Redis is back, when it no longer knows them.
const DATA_DELAY_MS = { redis: 3500, postgres: 700 };
// An answer while a dependency is down must come quickly: a hang is a failure.
const ANSWER_WITHIN_MS = 8000;
const ACTIVE = ['queued', 'running'];

describe('outages of PostgreSQL and Redis while jobs run (real API and worker processes)', () => {
  let pg: ThrowawayPostgres;
  let redis: ThrowawayRedis;
  let hub: StandInHub;
  let scope: Isolation;
  let api: ApiProcess;
  let worker: ChildProcess;

  beforeAll(async () => {
    [pg, redis, hub] = await Promise.all([ThrowawayPostgres.create(), ThrowawayRedis.create(), startHub()]);
    const files = await smallDatasetFiles({ episodes: EPISODES, episodeLength: 20 });
    for (const name of ['r1', 'r2', 'r3', 'r4', 'p1', 'p2', 'p3', 'p4']) {
      const repo = `outage/${name}`;
      hub.addRepo({ id: repo, files, tags: ROBOT_TAGS });
      hub.addFault({ repo, route: 'any', pathPattern: '^data/', delayMs: name.startsWith('r') ? DATA_DELAY_MS.redis : DATA_DELAY_MS.postgres });
    }
    scope = isolation('outages', hub.url);
    // The slow files are slow on purpose; they must not count as a Hub that stopped answering. A free worker
    // slot while jobs run lets a job that is handed out twice show as a second attempt.
    Object.assign(scope.env, { DATABASE_URL: pg.url, REDIS_URL: redis.url, HUB_TIMEOUT_MS: '10000', WORKER_CONCURRENCY: '4' });
    api = await startApiProcess(scope, 'api');
    worker = spawnWorker(scope, 'worker');
  }, 120_000);

  afterAll(async () => {
    for (const child of [worker, api?.child]) child?.kill('SIGKILL');
    await Promise.all([worker, api?.child].filter((c): c is ChildProcess => c !== undefined).map(exited));
    await hub?.stop();
    await Promise.all([pg?.destroy(), redis?.destroy()]);
    if (scope) rmSync(scope.hfHome, { recursive: true, force: true });
  }, 60_000);

  // ---------------------------------------------------------------------------------------------------
  // Helpers: requests with a deadline, and the facts in the database

  /** Any request, failing the test if it takes longer than a client would wait. */
  async function timed<T>(what: string, send: () => PromiseLike<T>): Promise<T> {
    const started = Date.now();
    const answer = await Promise.race([
      send(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS).unref()),
    ]);
    expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    return answer;
  }

  const get = (path: string) => timed(`GET ${path}`, () => api.http.get(path));
  const post = (path: string, body?: Body) => timed(`POST ${path}`, () => api.http.post(path).send(body ?? {}));

  async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        const value = await check();
        if (value !== undefined) return value;
      } catch (error) {
        last = error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`Timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}\n--- worker log ---\n${processLog(scope, 'worker').slice(-6000)}`);
  }

  async function database<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: pg.url, options: `-c search_path=${scope.name}` });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  async function importAndWait(repoId: string): Promise<Body> {
    const created = await post('/api/v1/datasets', importBody(repoId));
    expect(created.status).toBe(201);
    await until(`the import of ${repoId}`, async () => {
      const status = (await get(`/api/v1/datasets/${created.body.id}/status`)).body as Body;
      return status.status === 'completed' ? status : undefined;
    });
    return created.body as Body;
  }

  async function requestValidation(datasetId: string, parameters: Body = {}): Promise<string> {
    const response = await post(`/api/v1/datasets/${datasetId}/jobs`, { type: 'validation', parameters });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  /** Waits until all of `jobIds` run at once. */
  async function running(jobIds: string[]): Promise<void> {
    await until(`${jobIds.length} jobs running`, async () => {
      const page = (await get('/api/v1/jobs?status=running')).body as Body;
      const ids = (page.items as Body[]).map((job) => job.id as string);
      return jobIds.every((id) => ids.includes(id)) ? true : undefined;
    });
  }

  /** Waits until no job is queued or running; the API may still answer 503 for a moment after an outage. */
  async function settled(): Promise<Body[]> {
    return until(
      'every job to finish',
      async () => {
        const page = await get('/api/v1/jobs?pageSize=100');
        if (page.status !== 200) return undefined;
        const jobs = page.body.items as Body[];
        return jobs.some((job) => ACTIVE.includes(job.status)) ? undefined : jobs;
      },
      90_000,
    );
  }

  /**
   * What "none lost, none twice" means in the database: every job finished, every completed one with its
   * result; one set of findings rows per validation job and one set of episode rows per dataset; the worker
   * logged each completion once.
   */
  async function expectEveryJobFinishedOnce(expectedJobIds: string[]): Promise<void> {
    const jobs = await settled();
    expect(jobs.map((job) => job.id)).toEqual(expect.arrayContaining(expectedJobIds));
    for (const job of jobs) {
      if (job.status === 'failed') expect(job.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
      else expect(job).toEqual(expect.objectContaining({ status: expect.stringMatching(/^(completed|cancelled)$/) }));
    }
    const expected = jobs.filter((job) => expectedJobIds.includes(job.id));
    expect(expected.map((job) => [job.id, job.status, job.error])).toEqual(expected.map((job) => [job.id, 'completed', null]));

    await database(async (client) => {
      const findings = await client.query<{ job_id: string; rows: number; expected: number }>(
        `SELECT j.id AS job_id, count(f.id)::int AS rows, (j.summary->>'findings')::int AS expected
           FROM jobs j LEFT JOIN validation_findings f ON f.job_id = j.id
          WHERE j.type = 'validation' AND j.status = 'completed' GROUP BY j.id`,
      );
      for (const row of findings.rows) expect(row).toEqual({ ...row, rows: row.expected });
      const episodes = await client.query<{ id: string; rows: number; total: number }>(
        `SELECT d.id, count(e.episode_index)::int AS rows, d.total_episodes AS total
           FROM datasets d LEFT JOIN episodes e ON e.dataset_id = d.id GROUP BY d.id`,
      );
      for (const row of episodes.rows) expect(row).toEqual({ ...row, rows: EPISODES, total: EPISODES });
    });

    const log = processLog(scope, 'worker');
    for (const job of jobs.filter((j) => j.status === 'completed')) {
      expect([job.id, log.match(new RegExp(`Job ${job.id} completed`, 'g'))?.length ?? 0]).toEqual([job.id, 1]);
    }
  }

  function expectUnavailable(response: Awaited<ReturnType<typeof get>>, what: string): Body {
    if (response.status !== 503) throw new Error(`${what} answered ${response.status} instead of 503: ${JSON.stringify(response.body)}`);
    const body = expectErrorBody(response, 503, 'SERVICE_UNAVAILABLE');
    expect(body.retryable).toBe(true);
    expect(response.headers['retry-after']).toBeDefined();
    return body;
  }

  function expectAlive(): void {
    expect({ api: api.child.exitCode, worker: worker.exitCode }).toEqual({ api: null, worker: null });
  }

  // ---------------------------------------------------------------------------------------------------

  it('Redis killed for a few seconds: readiness says so, the queue-bound request answers 503, nothing else breaks, and every job still completes once', async () => {
    const datasets = [await importAndWait('outage/r1'), await importAndWait('outage/r2'), await importAndWait('outage/r3')];
    const jobIds = [];
    for (const dataset of datasets) jobIds.push(await requestValidation(dataset.id));
    // A cancelled job to retry while the queue is away; retry has to look into the queue.
    const spare = await requestValidation(datasets[0].id, { check_videos: true }).then(async (id) => {
      await post(`/api/v1/datasets/${datasets[0].id}/jobs/${id}/cancel`);
      return id;
    });
    await running(jobIds);

    await redis.stop();
    const outageEnds = Date.now() + OUTAGE_MS;
    const ready = await get('/api/v1/health/ready');
    expect(expectUnavailable(ready, 'readiness').details.checks).toEqual({ database: 'up', redis: 'down' });
    expect((await get('/api/v1/health')).status).toBe(200);
    expect((await get('/api/v1/datasets')).status).toBe(200);
    expectUnavailable(await post(`/api/v1/datasets/${datasets[0].id}/jobs/${spare}/retry`), 'retry');
    // Asking for work still succeeds: the job waits in the database until the queue is back.
    const duringOutage = await post('/api/v1/datasets', importBody('outage/r4'));
    expect(duringOutage.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, outageEnds - Date.now())));
    expectAlive();

    await redis.start();
    await until('readiness after Redis is back', async () => ((await get('/api/v1/health/ready')).status === 200 ? true : undefined));
    expect((await post(`/api/v1/datasets/${datasets[0].id}/jobs/${spare}/retry`)).status).toBe(200);
    const importJob = (await get(`/api/v1/datasets/${duringOutage.body.id}/status`)).body.importJob.id as string;

    await expectEveryJobFinishedOnce([...jobIds, spare, importJob]);
    // The jobs that ran through the outage were not handed out a second time once Redis had forgotten them.
    const attempts = new Map(((await get('/api/v1/jobs?pageSize=100')).body.items as Body[]).map((job) => [job.id, job.attempts]));
    expect(jobIds.map((id) => [id, attempts.get(id)])).toEqual(jobIds.map((id) => [id, 1]));
    expectAlive();
  }, 180_000);

  it('PostgreSQL stopped while jobs run: 503 SERVICE_UNAVAILABLE with the error body, readiness says so, then everything recovers by itself', async () => {
    const datasets = [await importAndWait('outage/p1'), await importAndWait('outage/p2'), await importAndWait('outage/p3')];
    const jobIds = [];
    for (const dataset of datasets) jobIds.push(await requestValidation(dataset.id));
    await running(jobIds);

    await pg.stop();
    const outageEnds = Date.now() + OUTAGE_MS;
    const ready = await get('/api/v1/health/ready');
    expect(expectUnavailable(ready, 'readiness').details.checks).toEqual({ database: 'down', redis: 'up' });
    expect((await get('/api/v1/health')).status).toBe(200);
    expectUnavailable(await get('/api/v1/datasets'), 'the dataset list');
    expectUnavailable(await get(`/api/v1/datasets/${datasets[0].id}/jobs/${jobIds[0]}`), 'a job');
    expectUnavailable(await get('/api/v1/overview'), 'the overview');
    expectUnavailable(await post(`/api/v1/datasets/${datasets[1].id}/jobs`, { type: 'validation', parameters: { check_videos: true } }), 'a job request');
    expectUnavailable(await post('/api/v1/datasets', importBody('outage/p4')), 'an import');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, outageEnds - Date.now())));
    expectAlive();

    await pg.start();
    await until('the dataset list after PostgreSQL is back', async () => ((await get('/api/v1/datasets')).status === 200 ? true : undefined));
    await until('readiness after PostgreSQL is back', async () => ((await get('/api/v1/health/ready')).status === 200 ? true : undefined));

    await expectEveryJobFinishedOnce(jobIds);
    expectAlive();
  }, 180_000);

  it('PostgreSQL restarted at once (every open session cut) while a job runs: the same guarantees', async () => {
    const dataset = await importAndWait('outage/p4');
    const jobIds = [await requestValidation(dataset.id)];
    await running(jobIds);
    await pg.stop();
    await pg.start();
    await until('the dataset list after the restart', async () => ((await get('/api/v1/datasets')).status === 200 ? true : undefined));
    await expectEveryJobFinishedOnce(jobIds);
    expectAlive();
  }, 180_000);
});
