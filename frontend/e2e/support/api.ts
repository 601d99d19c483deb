import { webUrl } from './browser';

/** Calls the API through the dashboard's origin, as the browser does. */
export async function api<T = unknown>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${webUrl()}/api/v1${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

interface DatasetRow {
  id: string;
  status: string;
  source: { repoId: string };
}

/** Deletes every import of a repo, so a spec can import it afresh whatever the specs before it did. */
export async function forgetImports(repoId: string): Promise<void> {
  const { body } = await api<{ items: DatasetRow[] }>(`/datasets?q=${encodeURIComponent(repoId)}&pageSize=100`);
  for (const dataset of body.items.filter((item) => item.source.repoId === repoId)) {
    const { status } = await api(`/datasets/${dataset.id}`, { method: 'DELETE' });
    if (status !== 204) throw new Error(`DELETE /datasets/${dataset.id} answered ${status}`);
  }
}

/** Imports a repo through the API (or finds the existing import) and returns the dataset id. */
export async function ensureImported(repoId: string, revision = 'main'): Promise<string> {
  const { status, body } = await api<{ id?: string; details?: { datasetId?: string } }>('/datasets', {
    method: 'POST',
    body: JSON.stringify({ source: { type: 'huggingface', repo_id: repoId, revision } }),
  });
  const id = status === 201 ? body.id : status === 409 ? body.details?.datasetId : undefined;
  if (!id) throw new Error(`Importing ${repoId} answered ${status}: ${JSON.stringify(body)}`);
  return id;
}

/** Waits until the dataset's import is no longer queued or running; returns its final status. */
export function importOutcome(datasetId: string): Promise<string> {
  return settledStatus(`/datasets/${datasetId}/status`);
}

/** Waits until a job is no longer queued or running; returns its final status. */
export function jobOutcome(datasetId: string, jobId: string): Promise<string> {
  return settledStatus(`/datasets/${datasetId}/jobs/${jobId}`);
}

async function settledStatus(path: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { body } = await api<{ status: string }>(path);
    if (body.status !== 'queued' && body.status !== 'running') return body.status;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${path} was still queued or running after ${timeoutMs / 1000} s`);
}

/** Makes the stand-in Hub misbehave (shared/testing/src/hub/types.ts FaultRule). */
export async function addHubFault(rule: Record<string, unknown>): Promise<void> {
  const hub = process.env.HUB_URL;
  if (!hub) throw new Error('HUB_URL is not set: run the browser tests through frontend/e2e/jest.config.js');
  const response = await fetch(`${hub}/__standin/faults`, { method: 'POST', body: JSON.stringify(rule) });
  if (!response.ok) throw new Error(`Adding a Hub fault answered ${response.status}: ${await response.text()}`);
}

export async function clearHubFaults(): Promise<void> {
  await fetch(`${process.env.HUB_URL}/__standin/faults`, { method: 'DELETE' });
}
