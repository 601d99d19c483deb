import { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StandInHub } from '@robokit/testing';
import Redis from 'ioredis';
import { importDataset, waitForJob } from './support/api';
import { ROBOT_TAGS, smallDatasetFiles } from './support/fixtures';
import { dropIsolation, Isolation, isolation, startApp, startHub, TestApp } from './support/test-app';
import { exited, spawnWorker } from './support/worker-process';

describe('workers that die or lose their queue in the middle of a job', () => {
  let hub: StandInHub;
  let scope: Isolation;
  let api: TestApp;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    hub = await startHub();
    const files = await smallDatasetFiles({ episodes: 16, episodeLength: 20 });
    hub.addRepo({ id: 'demo/crash', files, tags: ROBOT_TAGS });
    hub.addRepo({ id: 'demo/forgotten', files, tags: ROBOT_TAGS });
    hub.addRepo({ id: 'demo/unlocked', files, tags: ROBOT_TAGS });
    scope = isolation('crash', hub.url);
    // The slow meta files below are slow on purpose; they must not count as a Hub that stopped answering.
    scope.env.HUB_TIMEOUT_MS = '15000';
    api = await startApp(scope, { ROLE: 'api' });
  });

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await Promise.all(workers.map(exited));
    await api?.close();
    await hub?.stop();
    if (scope) await dropIsolation(scope);
  });

  const log = (name: string) => readFileSync(join(scope.hfHome, `${name}.log`), 'utf8');
  const count = (text: string, pattern: string) => text.match(new RegExp(pattern, 'g'))?.length ?? 0;
  const workerLogs = () => log('worker-2') + log('worker-3');

  /** Imports `repo` with its meta files (but info.json, which the import request reads) slowed down; waits until it runs. */
  async function runningImport(repo: string, delayMs: number): Promise<{ datasetId: string; jobId: string }> {
    hub.addFault({ repo, route: 'resolve', pathPattern: '^meta/(?!info\\.json$)', delayMs });
    const dataset = await importDataset(api, repo);
    const jobId = (await api.http.get(`/api/v1/datasets/${dataset.id}/status`).expect(200)).body.importJob.id;
    await waitForJob(api, dataset.id, jobId, ['running'], 30_000);
    return { datasetId: dataset.id, jobId };
  }

  async function inRedis<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis(scope.env.REDIS_URL);
    try {
      return await work(redis);
    } finally {
      redis.disconnect();
    }
  }

  /** The job ends completed at its first attempt, started and completed once across both workers. */
  async function expectRanOnce(datasetId: string, jobId: string): Promise<void> {
    hub.clearFaults();
    const done = await waitForJob(api, datasetId, jobId, ['completed', 'failed'], 45_000);
    expect([done.status, done.attempts]).toEqual(['completed', 1]);
    const logs = workerLogs();
    expect(count(logs, `Job ${jobId} \\(metadata_extraction\\) started`)).toBe(1);
    expect(count(logs, `Job ${jobId} completed`)).toBe(1);
  }

  it('a worker killed with SIGKILL has its job finished by the next worker, completed exactly once', async () => {
    // Slow meta-file downloads keep the import running long enough to kill its worker mid-way.
    hub.addFault({ repo: 'demo/crash', route: 'resolve', pathPattern: '^meta/', delayMs: 2500 });
    const first = spawnWorker(scope, 'worker-1');
    workers.push(first);
    const dataset = await importDataset(api, 'demo/crash');
    const status = (await api.http.get(`/api/v1/datasets/${dataset.id}/status`).expect(200)).body;
    const jobId = status.importJob.id;
    const running = await waitForJob(api, dataset.id, jobId, ['running'], 30_000);
    expect(running.attempts).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await api.http.get(`/api/v1/datasets/${dataset.id}/jobs/${jobId}`).expect(200)).body.status).toBe('running');
    first.kill('SIGKILL');
    await exited(first);

    hub.clearFaults();
    const second = spawnWorker(scope, 'worker-2');
    workers.push(second);
    const done = await waitForJob(api, dataset.id, jobId, ['completed', 'failed'], 45_000);
    expect(done.status).toBe('completed');
    expect(done.attempts).toBe(2);
    expect(done.result).toEqual(expect.objectContaining({ totalEpisodes: 16, totalFrames: 320 }));

    const jobs = (await api.http.get(`/api/v1/datasets/${dataset.id}/jobs`).expect(200)).body;
    expect(jobs.total).toBe(1);
    const history = (await api.http.get(`/api/v1/datasets/${dataset.id}/analyses/metadata_extraction`).expect(200)).body;
    expect(history.total).toBe(1);
    expect(count(log('worker-2'), `Job ${jobId} completed`)).toBe(1);
  });

  it('when Redis forgets a running job, the other worker does not start it a second time while its worker lives', async () => {
    workers.push(spawnWorker(scope, 'worker-3'));
    const { datasetId, jobId } = await runningImport('demo/forgotten', 6000);

    // What a Redis restart without persistence does to the queue: every key gone, the running job's too.
    await inRedis(async (redis) => {
      const keys = await redis.keys(`${scope.env.QUEUE_PREFIX}:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
    });
    // Several reconciliations of both workers (JOB_RECONCILE_MS 1000) see the job running with no queue entry.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const meanwhile = (await api.http.get(`/api/v1/datasets/${datasetId}/jobs/${jobId}`).expect(200)).body;
    expect([meanwhile.status, meanwhile.attempts]).toEqual(['running', 1]);
    await expectRanOnce(datasetId, jobId);
  });

  it('when the queue takes a running job for stalled while its worker lives, its copy does not run it again and it runs once', async () => {
    // Long enough for BullMQ's stall check, which needs two rounds (JOB_LOCK_MS 2000 each) to hand a job out again.
    const { datasetId, jobId } = await runningImport('demo/unlocked', 10_000);

    // Its lock gone, BullMQ's stall check hands the job to a worker again, although the first still runs it.
    expect(await inRedis((redis) => redis.del(`${scope.env.QUEUE_PREFIX}:jobs:${jobId}:lock`))).toBe(1);
    // The copy reaches the other worker (it waits) or the one running the job (it does nothing).
    const waiting = `Job ${jobId} (is held by a live worker; this copy waits|is already running in this worker; the second copy does nothing)`;
    const handedOut = Date.now() + 9000;
    while (Date.now() < handedOut && count(workerLogs(), waiting) === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(count(workerLogs(), waiting)).toBeGreaterThanOrEqual(1);
    await expectRanOnce(datasetId, jobId);
  });

  it('a worker runs every one of its threads at its lower priority, so its pool and helper threads do not compete with the API', () => {
    const live = workers.filter((worker) => worker.exitCode === null && worker.signalCode === null);
    expect(live.length).toBe(2);
    for (const worker of live) {
      const threads = readdirSync(`/proc/${worker.pid}/task`);
      // V8's helpers and libuv's pool (used by the jobs above) exist beside the main thread.
      expect(threads.length).toBeGreaterThan(4);
      expect(threads.map((tid) => threadNiceness(worker.pid!, tid))).toEqual(threads.map(() => 10));
    }
  });
});

/** A thread's niceness: field 19 of /proc/<pid>/task/<tid>/stat, counted after the command name (which may hold spaces). */
function threadNiceness(pid: number, tid: string): number {
  return Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
}
