import { Client } from 'pg';
import { Body, expectErrorBody, importDataset, waitForImport } from './support/api';
import { ROBOT_TAGS, smallDatasetFiles } from './support/fixtures';
import { DATABASE_URL, TestApp, useE2eEnvironment, withoutWorker } from './support/test-app';

const NO_JOBS = { active: 0, queued: 0, running: 0, failedLast24h: 0 };
const NO_DATASETS = { queued: 0, running: 0, completed: 0, failed: 0, cancelled: 0 };

describe('dashboard: jobs across datasets and the overview counts', () => {
  const env = useE2eEnvironment('dashboard', {
    seed: async (hub) => {
      const files = await smallDatasetFiles();
      hub.addRepo({ id: 'demo/ok', files, tags: ROBOT_TAGS });
      hub.addRepo({ id: 'demo/later', files: await smallDatasetFiles({ seed: 5 }), tags: ROBOT_TAGS });
      const { 'meta/episodes.jsonl': _dropped, ...withoutEpisodes } = files;
      hub.addRepo({ id: 'demo/no_episodes', files: withoutEpisodes });
    },
  });
  let ok: Body;
  let broken: Body;

  const overview = async (app: TestApp = env.app) => (await app.http.get('/api/v1/overview').expect(200)).body;
  const jobs = async (query: string, app: TestApp = env.app) => (await app.http.get(`/api/v1/jobs${query}`).expect(200)).body;

  it('counts nothing, with every status present, before anything is imported', async () => {
    expect(await overview()).toEqual({ datasets: { total: 0, byStatus: NO_DATASETS }, jobs: NO_JOBS });
    expect(await jobs('')).toEqual({ items: [], total: 0, page: 1, pageSize: 25 });
  });

  it('counts an import that completed and one that failed, and lists the failure with its error', async () => {
    ok = await importDataset(env.app, 'demo/ok');
    broken = await importDataset(env.app, 'demo/no_episodes');
    expect((await waitForImport(env.app, ok.id)).status).toBe('completed');
    const failedJob = await waitForImport(env.app, broken.id);
    expect(failedJob.status).toBe('failed');

    expect(await overview()).toEqual({
      datasets: { total: 2, byStatus: { ...NO_DATASETS, completed: 1, failed: 1 } },
      jobs: { ...NO_JOBS, failedLast24h: 1 },
    });

    const failures = await jobs('?status=failed&sort=-finishedAt');
    expect(failures.total).toBe(1);
    expect(failures.items[0]).toEqual(
      expect.objectContaining({
        id: failedJob.id,
        datasetId: broken.id,
        repoId: 'demo/no_episodes',
        displayName: null,
        type: 'metadata_extraction',
        status: 'failed',
        error: expect.objectContaining({ code: 'METADATA_MISSING', retryable: false }),
      }),
    );
    expect(failures.items[0]).not.toHaveProperty('result');
  });

  it("names each job's dataset by its display name once one is set", async () => {
    await env.app.http.patch(`/api/v1/datasets/${ok.id}`).send({ displayName: 'Pick and place' }).expect(200);
    const completed = await jobs('?status=completed');
    expect(completed.items.map((job: Body) => [job.repoId, job.displayName])).toEqual([['demo/ok', 'Pick and place']]);
  });

  it('shows active jobs of every dataset, filtered by status (repeated or comma list) and type, and counts them', async () => {
    await withoutWorker(env, async (api) => {
      const later = await importDataset(api, 'demo/later');
      const validation = (await api.http.post(`/api/v1/datasets/${ok.id}/jobs`).send({ type: 'validation' }).expect(201)).body;

      expect(await overview(api)).toEqual({
        datasets: { total: 3, byStatus: { ...NO_DATASETS, queued: 1, completed: 1, failed: 1 } },
        jobs: { active: 2, queued: 2, running: 0, failedLast24h: 1 },
      });

      const active = await jobs('?status=queued,running', api);
      expect(active.total).toBe(2);
      // Newest first by default.
      expect(active.items.map((job: Body) => [job.id, job.repoId, job.type])).toEqual([
        [validation.id, 'demo/ok', 'validation'],
        [expect.any(String), 'demo/later', 'metadata_extraction'],
      ]);
      expect(active.items[1].datasetId).toBe(later.id);
      expect(await jobs('?status=queued&status=running', api)).toEqual(active);

      const validations = await jobs('?type=validation', api);
      expect(validations.items.map((job: Body) => job.id)).toEqual([validation.id]);
      expect((await jobs('?type=validation&status=completed', api)).total).toBe(0);

      // Jobs not finished yet have no finishedAt: the most recently finished come first, then those.
      const byFinish = (await jobs('?sort=-finishedAt', api)).items;
      expect(byFinish.map((job: Body) => job.status).slice(2)).toEqual(['queued', 'queued']);
      expect(byFinish[0].finishedAt > byFinish[1].finishedAt).toBe(true);
      expect(byFinish[3].finishedAt).toBeNull();
    });
  });

  it('pages and sorts the jobs of all datasets', async () => {
    const all = await jobs('?sort=createdAt');
    expect(all.total).toBe(4);
    const created = all.items.map((job: Body) => job.createdAt);
    expect(created).toEqual([...created].sort());
    const second = await jobs('?sort=createdAt&page=2&pageSize=1');
    expect(second).toEqual(expect.objectContaining({ total: 4, page: 2, pageSize: 1 }));
    expect(second.items.map((job: Body) => job.id)).toEqual([all.items[1].id]);
  });

  it('stops counting a failure once it is more than a day old', async () => {
    const pg = new Client({ connectionString: DATABASE_URL, options: `-c search_path=${env.scope.name}` });
    await pg.connect();
    try {
      await pg.query(`UPDATE jobs SET finished_at = now() - interval '25 hours' WHERE dataset_id = $1`, [broken.id]);
    } finally {
      await pg.end();
    }
    const counts = await overview();
    expect(counts.jobs.failedLast24h).toBe(0);
    expect(counts.datasets.byStatus.failed).toBe(1);
    // The failure is still listed; only the dashboard's count of recent ones leaves it out.
    expect((await jobs('?status=failed')).total).toBe(1);
  });

  it('refuses unknown statuses, types and sort fields, naming the parameter', async () => {
    const status = expectErrorBody(await env.app.http.get('/api/v1/jobs?status=queued,stuck'), 400, 'VALIDATION_FAILED');
    expect(status.details.fields.map((field: Body) => field.field)).toEqual(['status']);
    const type = expectErrorBody(await env.app.http.get('/api/v1/jobs?type=teleport'), 400, 'VALIDATION_FAILED');
    expect(type.details.fields.map((field: Body) => field.field)).toEqual(['type']);
    expectErrorBody(await env.app.http.get('/api/v1/jobs?sort=-progress'), 400, 'VALIDATION_FAILED');
    expectErrorBody(await env.app.http.get('/api/v1/jobs?pageSize=101'), 400, 'VALIDATION_FAILED');
  });
});
