import { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StandInHub } from '@robokit/testing';
import { importDataset, waitForJob } from './support/api';
import { ROBOT_TAGS, smallDatasetFiles } from './support/fixtures';
import { dropIsolation, Isolation, isolation, startApp, startHub, TestApp } from './support/test-app';
import { exited, spawnWorker } from './support/worker-process';

describe('a worker killed with SIGKILL in the middle of a job', () => {
  let hub: StandInHub;
  let scope: Isolation;
  let api: TestApp;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    hub = await startHub();
    hub.addRepo({ id: 'demo/crash', files: await smallDatasetFiles({ episodes: 16, episodeLength: 20 }), tags: ROBOT_TAGS });
    scope = isolation('crash', hub.url);
    api = await startApp(scope, { ROLE: 'api' });
  });

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await Promise.all(workers.map(exited));
    await api?.close();
    await hub?.stop();
    if (scope) await dropIsolation(scope);
  });

  it('has its job finished by the next worker, completed exactly once', async () => {
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
    const log = readFileSync(join(scope.hfHome, 'worker-2.log'), 'utf8');
    expect(log.match(new RegExp(`Job ${jobId} completed`, 'g'))).toHaveLength(1);
  });
});
