import { api } from './api';

interface Job {
  id: string;
  status: string;
  error: { message: string } | null;
}

/** Runs the quality analysis on a dataset through the API and waits for it to complete. */
export async function runQuality(datasetId: string, timeoutMs = 90_000): Promise<void> {
  const started = await api<Job>(`/datasets/${datasetId}/jobs`, { method: 'POST', body: JSON.stringify({ type: 'evaluate_quality_heuristics' }) });
  if (started.status !== 201 && started.status !== 200) throw new Error(`Starting the quality job answered ${started.status}: ${JSON.stringify(started.body)}`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { body } = await api<Job>(`/datasets/${datasetId}/jobs/${started.body.id}`);
    if (body.status === 'completed') return;
    if (body.status === 'failed' || body.status === 'cancelled') throw new Error(`The quality job ${body.status}: ${body.error?.message}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The quality job did not finish within ${timeoutMs / 1000} s`);
}
