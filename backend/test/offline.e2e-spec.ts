import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StandInHub } from '@robokit/testing';
import { expectErrorBody, importBody, importDataset, waitForImport, waitForJob } from './support/api';
import { ROBOT_TAGS, smallDatasetFiles } from './support/fixtures';
import { dropIsolation, Isolation, isolation, startApp, startHub, TestApp } from './support/test-app';

describe('ROBOKIT_HF_LOCAL_ONLY: everything from the shared cache, not one request to the Hub', () => {
  let hub: StandInHub;
  let online: Isolation;
  let offline: Isolation;
  let onlineApp: TestApp;
  let offlineApp: TestApp;
  let commitSha: string;
  let onlineMetadata: unknown;

  beforeAll(async () => {
    hub = await startHub();
    hub.addRepo({ id: 'demo/offline', files: await smallDatasetFiles({ episodes: 3 }), tags: ROBOT_TAGS });
    hub.getRepo('demo/offline').createBranch('other');
    online = isolation('offline_online', hub.url);
    offline = isolation('offline_local', hub.url);
    offline.env.HF_HOME = online.hfHome;
    onlineApp = await startApp(online);
    const dataset = await importDataset(onlineApp, 'demo/offline');
    commitSha = dataset.source.commitSha;
    const job = await waitForImport(onlineApp, dataset.id);
    expect(job.status).toBe('completed');
    // Bring the frame data into the cache as well, as a user would before going offline.
    const fetched = await onlineApp.http.post(`/api/v1/datasets/${dataset.id}/jobs`).send({ type: 'metadata_extraction', parameters: { include_data: true } }).expect(201);
    expect((await waitForJob(onlineApp, dataset.id, fetched.body.id)).status).toBe('completed');
    onlineMetadata = (await onlineApp.http.get(`/api/v1/datasets/${dataset.id}`).expect(200)).body.metadata;
    offlineApp = await startApp(offline, { ROBOKIT_HF_LOCAL_ONLY: '1' });
    hub.clearRequests();
  });

  afterAll(async () => {
    await offlineApp?.close();
    await onlineApp?.close();
    await hub?.stop();
    if (offline) await dropIsolation(offline);
    if (online) await dropIsolation(online);
  });

  it('wrote the huggingface_hub cache layout: ref without newline, relative symlinks, blobs by etag, tree listing', () => {
    const repo = join(online.hfHome, 'hub', 'datasets--demo--offline');
    expect(readFileSync(join(repo, 'refs', 'main'), 'utf8')).toBe(commitSha);
    const info = join(repo, 'snapshots', commitSha, 'meta', 'info.json');
    expect(lstatSync(info).isSymbolicLink()).toBe(true);
    expect(readlinkSync(info)).toMatch(/^\.\.\/\.\.\/\.\.\/blobs\/[0-9a-f]{40}$/);
    const parquet = join(repo, 'snapshots', commitSha, 'data', 'chunk-000', 'episode_000000.parquet');
    expect(readlinkSync(parquet)).toMatch(/^\.\.\/\.\.\/\.\.\/\.\.\/blobs\/[0-9a-f]{64}$/);
    const tree = JSON.parse(readFileSync(join(repo, 'trees', `${commitSha}.json`), 'utf8'));
    expect(tree.format_version).toBe(1);
    expect(tree.files['meta/info.json']).toEqual(expect.objectContaining({ size: expect.any(Number), blob_id: expect.stringMatching(/^[0-9a-f]{40}$/) }));
    expect(existsSync(join(repo, 'blobs'))).toBe(true);
  });

  it('imports from the cache through refs/main and extracts the same metadata, with zero Hub requests', async () => {
    const dataset = await importDataset(offlineApp, 'demo/offline');
    expect(dataset.source.commitSha).toBe(commitSha);
    const job = await waitForImport(offlineApp, dataset.id);
    expect(job.status).toBe('completed');
    const metadata = (await offlineApp.http.get(`/api/v1/datasets/${dataset.id}`).expect(200)).body.metadata;
    expect(metadata).toEqual(onlineMetadata);
    const bySha = await offlineApp.http.post('/api/v1/datasets').send(importBody('demo/offline', commitSha));
    expectErrorBody(bySha, 409, 'DATASET_EXISTS');
    expect(hub.requests).toEqual([]);
  });

  it('answers a revision or repo missing from the cache with 404 NOT_IN_LOCAL_CACHE and says what to do', async () => {
    const branch = expectErrorBody(await offlineApp.http.post('/api/v1/datasets').send(importBody('demo/offline', 'other')), 404, 'NOT_IN_LOCAL_CACHE');
    expect(branch.message).toContain('ROBOKIT_HF_LOCAL_ONLY');
    expectErrorBody(await offlineApp.http.post('/api/v1/datasets').send(importBody('demo/elsewhere')), 404, 'NOT_IN_LOCAL_CACHE');
    const search = expectErrorBody(await offlineApp.http.get('/api/v1/huggingface/search?q=x'), 503, 'HUB_UNAVAILABLE');
    expect(search.retryable).toBe(false);
    expect(hub.requests).toEqual([]);
  });

  it('fails the job clearly when a needed file is missing from the cache', async () => {
    // Another commit whose listing and info.json are cached but whose data files never were.
    const repo = join(online.hfHome, 'hub', 'datasets--demo--offline');
    const sha = 'f'.repeat(40);
    const tree = readFileSync(join(repo, 'trees', `${commitSha}.json`), 'utf8');
    writeFileSync(join(repo, 'trees', `${sha}.json`), tree.replace(/"lfs_sha256":"[0-9a-f]{64}"/g, `"lfs_sha256":"${'0'.repeat(64)}"`));
    mkdirSync(join(repo, 'snapshots', sha, 'meta'), { recursive: true });
    symlinkSync(readlinkSync(join(repo, 'snapshots', commitSha, 'meta', 'info.json')), join(repo, 'snapshots', sha, 'meta', 'info.json'));
    const dataset = await importDataset(offlineApp, 'demo/offline', sha);
    expect((await waitForImport(offlineApp, dataset.id)).status).toBe('completed');
    const started = await offlineApp.http.post(`/api/v1/datasets/${dataset.id}/jobs`).send({ type: 'metadata_extraction', parameters: { include_data: true } }).expect(201);
    const job = await waitForJob(offlineApp, dataset.id, started.body.id);
    expect(job.status).toBe('failed');
    expect(job.error).toEqual(expect.objectContaining({ code: 'NOT_IN_LOCAL_CACHE', retryable: false }));
    expect(job.error.message).toContain('ROBOKIT_HF_LOCAL_ONLY');
    expect(hub.requests).toEqual([]);
    rmSync(join(repo, 'snapshots', sha), { recursive: true, force: true });
  });
});
