import { addFailingDemoRepos, StandInHub } from '@robokit/testing';
import { Queue } from 'bullmq';
import { redisConnection } from '../src/common/redis-connection';
import { JOBS_QUEUE } from '../src/jobs/job-queue';
import { expectErrorBody, importDataset, waitForImport, waitForJob } from './support/api';
import { ROBOT_TAGS, smallDatasetFiles } from './support/fixtures';
import { REDIS_URL, startApp, useE2eEnvironment, withoutWorker } from './support/test-app';

describe('jobs: lifecycle, retries, cancellation and deduplication', () => {
  const env = useE2eEnvironment('jobs', {
    seed: async (hub) => {
      const files = await smallDatasetFiles();
      hub.addRepo({ id: 'demo/ok', files, tags: ROBOT_TAGS });
      hub.addRepo({ id: 'demo/slow', files, tags: ROBOT_TAGS });
      hub.addRepo({ id: 'demo/slow_fresh', files: await smallDatasetFiles({ seed: 7 }), tags: ROBOT_TAGS });
      const { 'meta/episodes.jsonl': _dropped, ...withoutEpisodes } = files;
      hub.addRepo({ id: 'demo/no_episodes', files: withoutEpisodes });
      addFailingDemoRepos(hub, { files, tags: ROBOT_TAGS });
    },
  });

  afterEach(() => env.hub.clearFaults());

  const FETCH_DATA = { type: 'metadata_extraction', parameters: { include_data: true } };

  function slowDataFiles(delayMs: number, repo = 'demo/slow') {
    env.hub.addFault({ repo, route: 'any', pathPattern: '^data/', delayMs });
  }

  it('publishes a JSON Schema of every job type and marks those not available yet', async () => {
    const { items } = (await env.app.http.get('/api/v1/jobs/parameter-schemas').expect(200)).body;
    expect(items.map((item: { type: string }) => item.type).sort()).toEqual(
      ['attention_analysis', 'conversion', 'evaluate_quality_heuristics', 'indexing', 'metadata_extraction', 'validation'],
    );
    const metadata = items.find((item: { type: string }) => item.type === 'metadata_extraction');
    expect(metadata.available).toBe(true);
    expect(metadata.schema).toEqual(expect.objectContaining({ type: 'object', additionalProperties: false }));
    expect(metadata.schema.properties.include_videos).toEqual(expect.objectContaining({ type: 'boolean', default: false }));
    expect(items.find((item: { type: string }) => item.type === 'validation').available).toBe(true);
    expect(items.find((item: { type: string }) => item.type === 'conversion').available).toBe(false);
  });

  /** Imports a dataset (meta files only), then asks for the job that also downloads its frame data. */
  async function importThenFetchData(repoId: string, revision?: string) {
    const dataset = await importDataset(env.app, repoId, revision);
    expect((await waitForImport(env.app, dataset.id)).status).toBe('completed');
    const response = await env.app.http.post(`/api/v1/datasets/${dataset.id}/jobs`).send(FETCH_DATA);
    expect(response.status).toBe(201);
    return { dataset, job: response.body };
  }

  it('imports from the meta files alone, so data-file failures do not touch the import', async () => {
    const dataset = await importDataset(env.app, 'demo/always_fails', env.hub.getRepo('demo/always_fails').commit({ 'notes/meta-only.txt': 'x' }, { branch: 'meta-only' }));
    const job = await waitForImport(env.app, dataset.id);
    expect(job).toEqual(expect.objectContaining({ status: 'completed', attempts: 1 }));
    expect(env.hub.requests.filter((r) => r.path.includes('demo/always_fails') && r.path.includes('/data/'))).toEqual([]);
  });

  it('retries a transient Hub failure with backoff and completes (demo/flaky fails twice)', async () => {
    const { dataset, job } = await importThenFetchData('demo/flaky');
    const done = await waitForJob(env.app, dataset.id, job.id);
    expect(done.status).toBe('completed');
    // Downloads run in parallel, so both failures may land in the first attempt.
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    expect(done.error).toBeNull();
    expect(env.hub.requests.filter((r) => r.path.includes('demo/flaky') && r.status === 500)).toHaveLength(2);
  });

  it('fails after the last automatic attempt with a retryable code, and a user retry runs it again', async () => {
    const { dataset, job } = await importThenFetchData('demo/always_fails');
    const failed = await waitForJob(env.app, dataset.id, job.id);
    expect(failed.status).toBe('failed');
    expect(failed.attempts).toBe(3);
    expect(failed.error).toEqual(expect.objectContaining({ code: 'HUB_UNAVAILABLE', retryable: true }));
    // The dataset is still imported: a later job failing does not undo its metadata.
    expect((await env.app.http.get(`/api/v1/datasets/${dataset.id}`).expect(200)).body.status).toBe('completed');

    const retried = (await env.app.http.post(`/api/v1/datasets/${dataset.id}/jobs/${failed.id}/retry`).expect(200)).body;
    expect(retried).toEqual(expect.objectContaining({ id: failed.id, status: 'queued', error: null }));
    const again = await waitForJob(env.app, dataset.id, failed.id);
    expect(again.status).toBe('failed');
    expect(again.attempts).toBeGreaterThan(3);
    expectErrorBody(await env.app.http.post(`/api/v1/datasets/${dataset.id}/jobs/${failed.id}/cancel`), 409, 'JOB_STATE_CONFLICT');
  });

  it('fails at once, without retries, when the dataset itself is broken', async () => {
    const dataset = await importDataset(env.app, 'demo/no_episodes');
    const job = await waitForImport(env.app, dataset.id);
    expect(job.status).toBe('failed');
    expect(job.attempts).toBe(1);
    expect(job.error).toEqual(expect.objectContaining({ code: 'METADATA_MISSING', retryable: false }));
    expect(job.error.message).toContain('meta/episodes.jsonl');
    expect((await env.app.http.get(`/api/v1/datasets/${dataset.id}`).expect(200)).body.status).toBe('failed');
  });

  it('answers the same work while it is active with 200 and that job, and runs it again once completed', async () => {
    const dataset = await importDataset(env.app, 'demo/slow');
    expect((await waitForImport(env.app, dataset.id)).status).toBe('completed');
    slowDataFiles(150);
    const jobs = `/api/v1/datasets/${dataset.id}/jobs`;
    const first = await env.app.http.post(jobs).send(FETCH_DATA);
    expect(first.status).toBe(201);
    const same = await env.app.http.post(jobs).send(FETCH_DATA);
    expect(same.status).toBe(200);
    expect(same.body.id).toBe(first.body.id);
    const explicitDefaults = await env.app.http.post(jobs).send({ type: 'metadata_extraction', parameters: { include_videos: false, include_data: true } });
    expect(explicitDefaults.status).toBe(200);
    expect(explicitDefaults.body.id).toBe(first.body.id);
    const other = await env.app.http.post(jobs).send({ type: 'metadata_extraction', parameters: { include_data: true, include_videos: true } });
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);

    await waitForJob(env.app, dataset.id, first.body.id, ['completed']);
    env.hub.clearFaults();
    const rerun = await env.app.http.post(jobs).send(FETCH_DATA);
    expect(rerun.status).toBe(201);
    await waitForJob(env.app, dataset.id, rerun.body.id, ['completed']);
    await waitForJob(env.app, dataset.id, other.body.id, ['completed']);

    const history = (await env.app.http.get(`/api/v1/datasets/${dataset.id}/analyses/metadata_extraction`).expect(200)).body;
    expect(history.total).toBe(4);
    const page = (await env.app.http.get(`${jobs}?pageSize=3`).expect(200)).body;
    expect(page).toEqual(expect.objectContaining({ total: 4, page: 1, pageSize: 3 }));
    expect(page.items).toHaveLength(3);
  });

  it('gives two identical requests racing each other one job', async () => {
    const dataset = await importDataset(env.app, 'demo/ok', env.hub.getRepo('demo/ok').commit({ 'notes/race.txt': 'race' }, { branch: 'race' }));
    expect((await waitForImport(env.app, dataset.id)).status).toBe('completed');
    slowDataFiles(100);
    const answers = await Promise.all(Array.from({ length: 6 }, () => env.app.http.post(`/api/v1/datasets/${dataset.id}/jobs`).send(FETCH_DATA)));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
  });

  it('cancels a running job, which then stays cancelled, and retries it to completion', async () => {
    // Its own data (another seed), so no earlier test has put the blobs in the cache already.
    slowDataFiles(400, 'demo/slow_fresh');
    const { dataset, job } = await importThenFetchData('demo/slow_fresh');
    const jobId = job.id;
    await waitForJob(env.app, dataset.id, jobId, ['running']);
    const cancelled = (await env.app.http.post(`/api/v1/datasets/${dataset.id}/jobs/${jobId}/cancel`).expect(200)).body;
    expect(cancelled.status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = (await env.app.http.get(`/api/v1/datasets/${dataset.id}/jobs/${jobId}`).expect(200)).body;
    expect(after.status).toBe('cancelled');
    expect(after.result).toBeNull();
    expect((await env.app.http.get(`/api/v1/datasets/${dataset.id}`).expect(200)).body.status).toBe('completed');
    expectErrorBody(await env.app.http.post(`/api/v1/datasets/${dataset.id}/jobs/${jobId}/cancel`), 409, 'JOB_STATE_CONFLICT');

    env.hub.clearFaults();
    const retried = await env.app.http.post(`/api/v1/datasets/${dataset.id}/jobs/${jobId}/retry`);
    expect([200, 409]).toContain(retried.status);
    if (retried.status === 409) {
      // The worker had not let go of the cancelled attempt yet; the error says so and retrying helps.
      expect(retried.body.retryable).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await env.app.http.post(`/api/v1/datasets/${dataset.id}/jobs/${jobId}/retry`).expect(200);
    }
    const done = await waitForJob(env.app, dataset.id, jobId);
    expect(done.status).toBe('completed');
    expectErrorBody(await env.app.http.post(`/api/v1/datasets/${dataset.id}/jobs/${jobId}/retry`), 409, 'JOB_STATE_CONFLICT');
  });

  it('validates job requests and names the wrong parameter', async () => {
    const dataset = await importDataset(env.app, 'demo/ok');
    await waitForImport(env.app, dataset.id);
    const base = `/api/v1/datasets/${dataset.id}`;
    const unknown = expectErrorBody(await env.app.http.post(`${base}/jobs`).send({ type: 'metadata_extraction', parameters: { speed: 3 } }), 400, 'VALIDATION_FAILED');
    expect(unknown.details.fields).toEqual([{ field: 'parameters.speed', problems: ['is not a parameter of this job type'] }]);
    const wrongType = expectErrorBody(await env.app.http.post(`${base}/jobs`).send({ type: 'metadata_extraction', parameters: { include_videos: 'yes' } }), 400, 'VALIDATION_FAILED');
    expect(wrongType.details.fields[0].field).toBe('parameters.include_videos');
    expectErrorBody(await env.app.http.post(`${base}/jobs`).send({ type: 'teleport' }), 400, 'VALIDATION_FAILED');
    expectErrorBody(await env.app.http.post(`${base}/jobs`).send({ type: 'conversion' }), 422, 'JOB_TYPE_NOT_AVAILABLE');

    expect((await env.app.http.get(`${base}/analyses/validation`).expect(200)).body).toEqual({ items: [], total: 0, page: 1, pageSize: 25 });
    expectErrorBody(await env.app.http.get(`${base}/analyses/validation/latest`), 404, 'ANALYSIS_NOT_FOUND');
    expectErrorBody(await env.app.http.get(`${base}/validation`), 404, 'ANALYSIS_NOT_FOUND');
    expectErrorBody(await env.app.http.get(`${base}/analyses/teleport`), 400, 'VALIDATION_FAILED');
    expectErrorBody(await env.app.http.get(`${base}/jobs/00000000-0000-0000-0000-000000000000`), 404, 'JOB_NOT_FOUND');
    expectErrorBody(await env.app.http.get(`${base}/jobs/not-a-uuid`), 404, 'JOB_NOT_FOUND');
    const missing = '/api/v1/datasets/00000000-0000-0000-0000-000000000000';
    for (const path of ['/jobs', '/status', '/analyses/metadata_extraction', '/analyses/metadata_extraction/latest']) {
      expectErrorBody(await env.app.http.get(`${missing}${path}`), 404, 'DATASET_NOT_FOUND');
    }
    expectErrorBody(await env.app.http.post(`${missing}/jobs`).send({ type: 'metadata_extraction' }), 404, 'DATASET_NOT_FOUND');
  });

  it('enqueues again, at worker start-up, jobs that are queued in the database but absent from Redis', async () => {
    await withoutWorker(env, async (api) => {
      const sha = env.hub.getRepo('demo/ok').commit({ 'notes/lost.txt': 'lost job' });
      const dataset = await importDataset(api, 'demo/ok', sha);
      const status = (await api.http.get(`/api/v1/datasets/${dataset.id}/status`).expect(200)).body;
      expect(status.status).toBe('queued');
      const queue = new Queue(JOBS_QUEUE, { connection: redisConnection(REDIS_URL), prefix: env.scope.name });
      await (await queue.getJob(status.importJob.id))?.remove();
      expect(await queue.getJob(status.importJob.id)).toBeUndefined();
      await queue.close();
      const worker = await startApp(env.scope, { ROLE: 'worker' });
      try {
        const job = await waitForJob(api, dataset.id, status.importJob.id);
        expect(job.status).toBe('completed');
      } finally {
        await worker.close();
      }
    });
  });

  it('cancels a queued job, which no worker then runs', async () => {
    await withoutWorker(env, async (api) => {
      const sha = env.hub.getRepo('demo/ok').commit({ 'notes/cancelled.txt': 'never runs' });
      const dataset = await importDataset(api, 'demo/ok', sha);
      const jobId = (await api.http.get(`/api/v1/datasets/${dataset.id}/status`).expect(200)).body.importJob.id;
      const cancelled = (await api.http.post(`/api/v1/datasets/${dataset.id}/jobs/${jobId}/cancel`).expect(200)).body;
      expect(cancelled).toEqual(expect.objectContaining({ status: 'cancelled', attempts: 0 }));
      const worker = await startApp(env.scope, { ROLE: 'worker' });
      try {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const job = (await api.http.get(`/api/v1/datasets/${dataset.id}/jobs/${jobId}`).expect(200)).body;
        expect(job).toEqual(expect.objectContaining({ status: 'cancelled', attempts: 0, startedAt: null }));
        expect((await api.http.get(`/api/v1/datasets/${dataset.id}`).expect(200)).body.status).toBe('cancelled');
      } finally {
        await worker.close();
      }
    });
  });
});
