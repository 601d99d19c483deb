import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { StandInHub } from '@robokit/testing';
import { expectErrorBody, importBody, importDataset, waitForImport, waitForJob } from './support/api';
import { ROBOT_TAGS, smallDataset, smallDatasetFiles } from './support/fixtures';
import { startApp, useE2eEnvironment } from './support/test-app';

const TOKEN = 'hf_robokit_test_token_0123456789';

describe('what RoboKit sends to the Hub', () => {
  const env = useE2eEnvironment('traffic', {
    hub: { treePageSize: 5, tokens: [TOKEN] },
    env: { HF_TOKEN: TOKEN, JOB_ATTEMPTS: '1' },
    seed: async (hub) => {
      const files = await smallDatasetFiles({ episodes: 9, cameras: [{ key: 'observation.images.top', width: 32, height: 32 }] });
      hub.addRepo({ id: 'demo/traffic', files, tags: ROBOT_TAGS });
      hub.addRepo({ id: 'team/private', files, private: true, allowedTokens: [TOKEN] });
      hub.addRepo({ id: 'demo/corrupt', files, tags: ROBOT_TAGS });
    },
  });

  it('lists a repo with one paged recursive tree listing and downloads each needed file once, never per-file API calls', async () => {
    env.hub.clearRequests();
    const dataset = await importDataset(env.app, 'demo/traffic');
    expect((await waitForImport(env.app, dataset.id)).status).toBe('completed');
    const generated = await smallDataset({ episodes: 9, cameras: [{ key: 'observation.images.top', width: 32, height: 32 }] });
    const wanted = generated.files.filter((path) => path.startsWith('meta/'));
    const routes = env.hub.requests.map((r) => r.path.split('?')[0]);
    const count = (pattern: RegExp) => routes.filter((path) => pattern.test(path)).length;
    expect(count(/\/api\/datasets\/demo\/traffic\/revision\//)).toBe(1);
    expect(count(/\/paths-info\//)).toBe(1); // meta/info.json, checked before the dataset is stored
    const entries = new Set(generated.files.flatMap((path) => path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
    expect(count(/\/tree\//)).toBe(Math.ceil(entries.size / 5));
    // Every meta file once (info.json was fetched at creation and reused), no frame data, no video, no Range probes.
    const resolves = env.hub.requests.filter((r) => r.path.includes('/resolve/'));
    expect(resolves.map((r) => decodeURIComponent(r.path.replace(/^.*\/resolve\/[0-9a-f]{40}\//, ''))).sort()).toEqual([...wanted].sort());
    expect(resolves.every((r) => r.method === 'GET')).toBe(true);
  });

  it('sends HF_TOKEN to the Hub so private repos import, and never returns it', async () => {
    env.hub.clearRequests();
    const dataset = await importDataset(env.app, 'team/private');
    expect(env.hub.requests.length).toBeGreaterThan(0);
    expect(env.hub.requests.every((r) => r.authorized)).toBe(true);
    const job = await waitForImport(env.app, dataset.id);
    expect(job.status).toBe('completed');
    const everything = JSON.stringify([
      dataset,
      job,
      (await env.app.http.get(`/api/v1/datasets/${dataset.id}`)).body,
      (await env.app.http.get(`/api/v1/datasets/${dataset.id}/jobs`)).body,
    ]);
    expect(everything).not.toContain(TOKEN);
  });

  it('discards a corrupted download instead of caching it, and fails the job with DOWNLOAD_INTEGRITY', async () => {
    const dataset = await importDataset(env.app, 'demo/corrupt');
    expect((await waitForImport(env.app, dataset.id)).status).toBe('completed');
    env.hub.addFault({ repo: 'demo/corrupt', route: 'blob', pathPattern: '^data/chunk-000/episode_000003', corruptBody: true });
    const started = await env.app.http.post(`/api/v1/datasets/${dataset.id}/jobs`).send({ type: 'metadata_extraction', parameters: { include_data: true } }).expect(201);
    const job = await waitForJob(env.app, dataset.id, started.body.id);
    env.hub.clearFaults();
    expect(job.status).toBe('failed');
    expect(job.error).toEqual(expect.objectContaining({ code: 'DOWNLOAD_INTEGRITY', retryable: true }));
    expect(job.error.message).toContain('episode_000003');
    const blobs = join(env.scope.hfHome, 'hub', 'datasets--demo--corrupt', 'blobs');
    expect(readdirSync(blobs).filter((name) => name.endsWith('.incomplete'))).toEqual([]);
    const snapshot = join(env.scope.hfHome, 'hub', 'datasets--demo--corrupt', 'snapshots', dataset.source.commitSha, 'data', 'chunk-000');
    expect(readdirSync(snapshot)).not.toContain('episode_000003.parquet');
    await env.app.http.post(`/api/v1/datasets/${dataset.id}/jobs/${job.id}/retry`).expect(200);
    const done = await waitForJob(env.app, dataset.id, job.id);
    expect(done.status).toBe('completed');
    expect(readFileSync(join(snapshot, 'episode_000003.parquet')).subarray(0, 4).toString()).toBe('PAR1');
  });

  it('answers 404 REPO_NOT_FOUND for a private repo the token cannot read', async () => {
    const other = await startApp(env.scope, { HF_TOKEN: '', ROLE: 'api' });
    try {
      expectErrorBody(await other.http.post('/api/v1/datasets').send(importBody('team/private')), 404, 'REPO_NOT_FOUND');
    } finally {
      await other.close();
    }
  });
});
