import { expectErrorBody, importDataset } from './support/api';
import { ROBOT_TAGS, smallDatasetFiles } from './support/fixtures';
import { useE2eEnvironment } from './support/test-app';

/**
 * What the polled endpoints answer while work is queued. ROLE=api: no worker runs here, so every job stays
 * queued and the answers can be compared exactly.
 */
describe('status and job polling while jobs are queued', () => {
  const env = useE2eEnvironment('job_status', {
    env: { ROLE: 'api' },
    seed: async (hub) => {
      const files = await smallDatasetFiles();
      hub.addRepo({ id: 'demo/ok', files, tags: ROBOT_TAGS });
      hub.addRepo({ id: 'demo/other', files: await smallDatasetFiles({ seed: 5 }), tags: ROBOT_TAGS });
    },
  });

  /** A job as GET .../jobs/{jobId} answers it, without the result the status answer leaves out. */
  async function jobSummary(datasetId: string, jobId: string) {
    const { result: _result, ...summary } = (await env.app.http.get(`/api/v1/datasets/${datasetId}/jobs/${jobId}`).expect(200)).body;
    return summary;
  }

  it('names the latest import job and lists every active job oldest first, as the job endpoint describes them', async () => {
    const dataset = await importDataset(env.app, 'demo/ok');
    const base = `/api/v1/datasets/${dataset.id}`;
    const first = (await env.app.http.get(`${base}/status`).expect(200)).body;
    expect(first.datasetId).toBe(dataset.id);
    expect(first.status).toBe('queued');
    expect(first.importJob).toEqual(await jobSummary(dataset.id, first.importJob.id));
    expect(first.activeJobs).toEqual([first.importJob]);

    const refetch = (await env.app.http.post(`${base}/jobs`).send({ type: 'metadata_extraction', parameters: { include_data: true } }).expect(201)).body;
    const validation = (await env.app.http.post(`${base}/jobs`).send({ type: 'validation' }).expect(201)).body;
    const second = (await env.app.http.get(`${base}/status`).expect(200)).body;
    expect(second.importJob.id).toBe(refetch.id);
    expect(second.activeJobs.map((job: { id: string }) => job.id)).toEqual([first.importJob.id, refetch.id, validation.id]);
    for (const job of second.activeJobs) expect(job).toEqual(await jobSummary(dataset.id, job.id));

    await env.app.http.post(`${base}/jobs/${validation.id}/cancel`).expect(200);
    const third = (await env.app.http.get(`${base}/status`).expect(200)).body;
    expect(third.activeJobs.map((job: { id: string }) => job.id)).toEqual([first.importJob.id, refetch.id]);
  });

  it('answers 404 DATASET_NOT_FOUND for an unknown or malformed dataset id, and JOB_NOT_FOUND for a job of another dataset', async () => {
    const mine = await importDataset(env.app, 'demo/other');
    const { importJob } = (await env.app.http.get(`/api/v1/datasets/${mine.id}/status`).expect(200)).body;
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const id of [unknown, 'nope']) {
      expectErrorBody(await env.app.http.get(`/api/v1/datasets/${id}/status`), 404, 'DATASET_NOT_FOUND');
      expectErrorBody(await env.app.http.get(`/api/v1/datasets/${id}/jobs/${importJob.id}`), 404, 'DATASET_NOT_FOUND');
    }
    const other = (await env.app.http.get('/api/v1/datasets').expect(200)).body.items.find((item: { id: string }) => item.id !== mine.id);
    expectErrorBody(await env.app.http.get(`/api/v1/datasets/${other.id}/jobs/${importJob.id}`), 404, 'JOB_NOT_FOUND');
    expectErrorBody(await env.app.http.get(`/api/v1/datasets/${mine.id}/jobs/${unknown}`), 404, 'JOB_NOT_FOUND');
    expectErrorBody(await env.app.http.get(`/api/v1/datasets/${mine.id}/jobs/nope`), 404, 'JOB_NOT_FOUND');
  });
});
