import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeneratedDataset, repoFilesFromDir, StandInHub, writeLeRobotDataset } from '@robokit/testing';
import { expectErrorBody, importBody, importDataset, waitForImport } from './support/api';
import { useE2eEnvironment } from './support/test-app';

const ROBOT_TAGS = ['LeRobot', 'task_categories:robotics', 'library:lerobot', 'so100'];

describe('datasets: import from the Hub and metadata extraction', () => {
  let generated: GeneratedDataset;
  const env = useE2eEnvironment('datasets', {
    seed: async (hub) => {
      generated = await writeLeRobotDataset(mkdtempSync(join(tmpdir(), 'rk-ds-')), {
        episodes: 6,
        episodeLength: [40, 55, 61, 70, 48, 90],
        fps: 30,
        robotType: 'so100',
        joints: ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper'],
        cameras: [{ key: 'observation.images.top', width: 64, height: 48 }],
        tasks: ['Pick the cube', 'Place the cube'],
        seed: 3,
      });
      const repo = hub.addRepo({ id: 'demo/pick_place', files: repoFilesFromDir(generated.dir), tags: ROBOT_TAGS, versionTag: 'v2.1' });
      repo.commit({ 'README.md': '# second commit' });
      hub.addRepo({ id: 'demo/no_meta', files: { 'README.md': 'not a dataset', 'data/x.parquet': Buffer.from('PAR1') } });
      hub.addRepo({ id: 'demo/empty_info', files: { 'meta/info.json': '' } });
      hub.addRepo({ id: 'demo/bad_json', files: { 'meta/info.json': '{"codebase_version": ' } });
      hub.addRepo({ id: 'demo/no_version', files: { 'meta/info.json': '{"fps": 30}' } });
      hub.addRepo({ id: 'demo/v16', files: { 'meta_data/info.json': JSON.stringify({ codebase_version: 'v1.6', fps: 10 }), 'data/train-00000-of-00001.parquet': 'PAR1' } });
      hub.addRepo({ id: 'demo/v40', files: { 'meta/info.json': JSON.stringify({ codebase_version: 'v4.0', fps: 30, features: {} }) } });
      hub.addRepo({ id: 'demo/gated', files: repoFilesFromDir(generated.dir), gated: 'manual' });
    },
  });

  it('answers 201 at once with the resolved commit, then the import job completes with the metadata', async () => {
    const headSha = env.hub.getRepo('demo/pick_place').headSha();
    const created = await importDataset(env.app, 'demo/pick_place');
    expect(created.source).toEqual(expect.objectContaining({ repoId: 'demo/pick_place', revision: 'main', commitSha: headSha }));
    expect(created.status).toBe('queued');
    expect(created.metadata).toBeNull();

    const seen = new Set<string>();
    let status;
    do {
      status = (await env.app.http.get(`/api/v1/datasets/${created.id}/status`).expect(200)).body;
      seen.add(status.status);
      expect(status.progress).toBeGreaterThanOrEqual(0);
      expect(status.progress).toBeLessThanOrEqual(100);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } while (!['completed', 'failed'].includes(status.status));
    expect(status.status).toBe('completed');
    expect(status.progress).toBe(100);
    expect(status.activeJobs).toEqual([]);

    const dataset = (await env.app.http.get(`/api/v1/datasets/${created.id}`).expect(200)).body;
    expect(dataset.status).toBe('completed');
    const metadata = dataset.metadata;
    expect(metadata).toEqual(
      expect.objectContaining({
        codebaseVersion: 'v2.1',
        robotType: 'so100',
        fps: 30,
        totalEpisodes: 6,
        totalFrames: 364,
        totalTasks: 2,
        episodeLengths: { min: 40, median: 58, max: 90 },
      }),
    );
    expect(metadata.tasks.map((t: { task: string }) => t.task)).toEqual(['Pick the cube', 'Place the cube']);
    expect(metadata.cameras).toEqual([
      expect.objectContaining({ key: 'observation.images.top', storage: 'video', width: 64, height: 48, channels: 3, fps: 30, codec: expect.any(String) }),
    ]);
    const state = metadata.features.find((f: { key: string }) => f.key === 'observation.state');
    expect(state).toEqual({ key: 'observation.state', dtype: 'float32', shape: [6], names: ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper'] });
    expect(metadata.features.map((f: { key: string }) => f.key)).not.toContain('frame_index');
    expect(metadata.fileCount).toBe(generated.files.length);
    expect(metadata.files.map((f: { path: string }) => f.path).sort()).toEqual([...generated.files].sort());
    expect(metadata.sizeBytes).toBe(metadata.files.reduce((sum: number, f: { size: number }) => sum + f.size, 0));
    expect(dataset).toEqual(expect.objectContaining({ codebaseVersion: 'v2.1', robotType: 'so100', totalEpisodes: 6, totalFrames: 364, sizeBytes: metadata.sizeBytes }));

    const latest = (await env.app.http.get(`/api/v1/datasets/${created.id}/analyses/metadata_extraction/latest`).expect(200)).body;
    expect(latest.result).toEqual(metadata);
    expect(latest.summary).toEqual(expect.objectContaining({ totalEpisodes: 6, totalFrames: 364, cameraCount: 1 }));
  });

  it('imports a tag and a commit sha, and answers 409 naming the existing dataset for the same commit', async () => {
    const repo = env.hub.getRepo('demo/pick_place');
    const tagged = await importDataset(env.app, 'demo/pick_place', 'v2.1');
    expect(tagged.source.commitSha).not.toBe(repo.headSha());
    const again = await env.app.http.post('/api/v1/datasets/').send(importBody('demo/pick_place', tagged.source.commitSha));
    const body = expectErrorBody(again, 409, 'DATASET_EXISTS');
    expect(body.details.datasetId).toBe(tagged.id);
  });

  it('deletes a dataset with 204, after which the same source imports again', async () => {
    const repo = env.hub.getRepo('demo/pick_place');
    const sha = repo.commit({ 'notes.txt': 'third' });
    const first = await importDataset(env.app, 'demo/pick_place', sha);
    await env.app.http.delete(`/api/v1/datasets/${first.id}`).expect(204);
    expectErrorBody(await env.app.http.get(`/api/v1/datasets/${first.id}`), 404, 'DATASET_NOT_FOUND');
    expectErrorBody(await env.app.http.get(`/api/v1/datasets/${first.id}/status`), 404, 'DATASET_NOT_FOUND');
    const second = await importDataset(env.app, 'demo/pick_place', sha);
    expect(second.id).not.toBe(first.id);
    await waitForImport(env.app, second.id);
  });

  it.each([
    ['demo/missing', 'main', 404, 'REPO_NOT_FOUND'],
    ['demo/pick_place', 'no-such-branch', 404, 'REVISION_NOT_FOUND'],
    ['demo/no_meta', 'main', 422, 'METADATA_MISSING'],
    ['demo/empty_info', 'main', 422, 'METADATA_INVALID'],
    ['demo/bad_json', 'main', 422, 'METADATA_INVALID'],
    ['demo/no_version', 'main', 422, 'METADATA_INVALID'],
    ['demo/gated', 'main', 403, 'REPO_GATED'],
  ])('answers %s@%s with %d %s and stores nothing', async (repoId, revision, status, code) => {
    const before = (await env.app.http.get('/api/v1/datasets').expect(200)).body.total;
    expectErrorBody(await env.app.http.post('/api/v1/datasets').send(importBody(repoId, revision)), status, code);
    expect((await env.app.http.get('/api/v1/datasets').expect(200)).body.total).toBe(before);
  });

  it('names the version it found when it cannot read it, and what to do', async () => {
    const v16 = expectErrorBody(await env.app.http.post('/api/v1/datasets').send(importBody('demo/v16')), 422, 'UNSUPPORTED_VERSION');
    expect(v16.details.codebaseVersion).toBe('v1.6');
    expect(v16.message).toMatch(/v1\.6.*convert_dataset_v1_to_v2/);
    expect(v16.details.layout).toContain('v1.x layout');
    const plain = expectErrorBody(await env.app.http.post('/api/v1/datasets').send(importBody('demo/no_meta')), 422, 'METADATA_MISSING');
    expect(plain.message).toContain('README.md, data/');
    const v40 = expectErrorBody(await env.app.http.post('/api/v1/datasets').send(importBody('demo/v40')), 422, 'UNSUPPORTED_VERSION');
    expect(v40.message).toContain('v4.0');
  });

  it('rejects bad bodies with 400 naming the field, and unknown formats with 422', async () => {
    const cases: [unknown, string][] = [
      [{ source: { type: 'huggingface', repo_id: '../x' } }, 'source.repo_id'],
      [{ source: { type: 'huggingface', repo_id: 'a/b', revision: 'bad..ref' } }, 'source.revision'],
      [{ source: { type: 's3', repo_id: 'a/b' } }, 'source.type'],
      [{ source: { type: 'huggingface', repo_id: 'a/b' }, format_type: 'csv' }, 'format_type'],
      [{ source: { type: 'huggingface', repo_id: 'a/b' }, unexpected: true }, 'unexpected'],
      [{ format_type: 'lerobot' }, 'source'],
    ];
    for (const [body, field] of cases) {
      const error = expectErrorBody(await env.app.http.post('/api/v1/datasets').send(body as object), 400, 'VALIDATION_FAILED');
      expect(error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const malformed = await env.app.http.post('/api/v1/datasets').set('content-type', 'application/json').send('{"source":');
    expectErrorBody(malformed, 400, 'MALFORMED_BODY');
    expectErrorBody(await env.app.http.post('/api/v1/datasets').send({ source: { type: 'huggingface', repo_id: 'a/b' }, format_type: 'rlds' }), 422, 'UNSUPPORTED_FORMAT');
  });

  it('passes the Hub rate limit through as 429 with Retry-After', async () => {
    env.hub.addFault({ repo: 'demo/pick_place', route: 'info', status: 429, retryAfter: 42, times: 1 });
    const response = await env.app.http.post('/api/v1/datasets').send(importBody('demo/pick_place'));
    const body = expectErrorBody(response, 429, 'RATE_LIMITED');
    expect(response.headers['retry-after']).toBe('42');
    expect(body.retryable).toBe(true);
  });

  it('says the Hub is unavailable (503, retryable) on a Hub 5xx', async () => {
    env.hub.addFault({ repo: 'demo/pick_place', route: 'info', status: 502, times: 1 });
    const body = expectErrorBody(await env.app.http.post('/api/v1/datasets').send(importBody('demo/pick_place')), 503, 'HUB_UNAVAILABLE');
    expect(body.retryable).toBe(true);
  });

  it('lists with paging, filters, sorting and totals, and updates name, description and tags', async () => {
    const all = (await env.app.http.get('/api/v1/datasets?pageSize=100').expect(200)).body;
    expect(all.total).toBeGreaterThanOrEqual(3);
    // Lists stay small: the full metadata (with its file list) is only on the dataset itself.
    expect(all.items.every((d: object) => !('metadata' in d))).toBe(true);
    expect(all.items.some((d: { totalFrames: number | null }) => d.totalFrames === 364)).toBe(true);
    const first = (await env.app.http.get('/api/v1/datasets?page=1&pageSize=1&sort=createdAt').expect(200)).body;
    const second = (await env.app.http.get('/api/v1/datasets?page=2&pageSize=1&sort=createdAt').expect(200)).body;
    expect(first).toEqual(expect.objectContaining({ total: all.total, page: 1, pageSize: 1 }));
    expect(first.items[0].id).not.toBe(second.items[0].id);
    expect(new Date(first.items[0].createdAt) <= new Date(second.items[0].createdAt)).toBe(true);

    const target = all.items[0];
    const patched = (await env.app.http.patch(`/api/v1/datasets/${target.id}`).send({ displayName: 'Pick & place', tags: ['kitchen', 'kitchen', 'so100'] }).expect(200)).body;
    expect(patched).toEqual(expect.objectContaining({ displayName: 'Pick & place', tags: ['kitchen', 'so100'] }));
    expectErrorBody(await env.app.http.patch(`/api/v1/datasets/${target.id}`).send({ repoId: 'x/y' }), 400, 'VALIDATION_FAILED');

    const byTag = (await env.app.http.get('/api/v1/datasets?q=kitchen').expect(200)).body;
    expect(byTag.items.map((d: { id: string }) => d.id)).toEqual([target.id]);
    const completed = (await env.app.http.get('/api/v1/datasets?status=completed&robotType=so100&codebaseVersion=v2.1').expect(200)).body;
    expect(completed.items.every((d: { status: string; robotType: string }) => d.status === 'completed' && d.robotType === 'so100')).toBe(true);
    expectErrorBody(await env.app.http.get('/api/v1/datasets?sort=-password'), 400, 'VALIDATION_FAILED');
    expectErrorBody(await env.app.http.get('/api/v1/datasets?pageSize=0'), 400, 'VALIDATION_FAILED');
    expectErrorBody(await env.app.http.get('/api/v1/datasets?status=sleeping'), 400, 'VALIDATION_FAILED');
  });

  it('keeps a sane client request id and replaces an unsafe one', async () => {
    const kept = await env.app.http.get('/api/v1/datasets/00000000-0000-0000-0000-000000000000').set('X-Request-Id', 'client-123');
    expect(expectErrorBody(kept, 404, 'DATASET_NOT_FOUND').requestId).toBe('client-123');
    const replaced = await env.app.http.get('/api/v1/datasets/nope').set('X-Request-Id', 'bad id\twith tabs');
    expect(expectErrorBody(replaced, 404).requestId).not.toContain('bad');
  });
});
