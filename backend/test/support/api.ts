import type { Test } from 'supertest';
import type { TestApp } from './test-app';

/** What the helpers below need: an app in this process, or a real API process (worker-process.ts). */
type Client = Pick<TestApp, 'http'>;

export interface Body {
  [key: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const FINISHED = ['completed', 'failed', 'cancelled'];

export function importBody(repoId: string, revision?: string): Body {
  return { source: { type: 'huggingface', repo_id: repoId, ...(revision ? { revision } : {}) }, format_type: 'lerobot' };
}

/** Posts an import and expects 201. */
export async function importDataset(app: Client, repoId: string, revision?: string): Promise<Body> {
  const response = await app.http.post('/api/v1/datasets').send(importBody(repoId, revision));
  if (response.status !== 201) throw new Error(`import of ${repoId} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as Body;
}

/** Polls the job until it reaches one of `statuses` (default: any final state); returns the job detail. */
export async function waitForJob(app: Client, datasetId: string, jobId: string, statuses = FINISHED, timeoutMs = 30_000): Promise<Body> {
  const deadline = Date.now() + timeoutMs;
  let job: Body = {};
  while (Date.now() < deadline) {
    job = (await app.http.get(`/api/v1/datasets/${datasetId}/jobs/${jobId}`).expect(200)).body as Body;
    if (statuses.includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Job ${jobId} did not reach ${statuses.join('/')} in ${timeoutMs} ms; last: ${JSON.stringify(job)}`);
}

/** The import job of a dataset, once it has finished. */
export async function waitForImport(app: Client, datasetId: string, statuses = FINISHED): Promise<Body> {
  const status = (await app.http.get(`/api/v1/datasets/${datasetId}/status`).expect(200)).body as Body;
  return waitForJob(app, datasetId, status.importJob.id, statuses);
}

/** Every error answer has the one body shape, and the request id of its header. */
export function expectErrorBody(response: Awaited<Test>, status: number, code?: string): Body {
  expect(response.status).toBe(status);
  const body = response.body as Body;
  expect(body).toEqual(
    expect.objectContaining({ statusCode: status, code: code ?? expect.any(String), message: expect.any(String), retryable: expect.any(Boolean) }),
  );
  expect(body.requestId).toBe(response.headers['x-request-id']);
  return body;
}
