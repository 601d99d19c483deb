import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectErrorBody, importDataset, waitForImport } from './support/api';
import { ROBOT_TAGS, smallDataset, smallDatasetFiles } from './support/fixtures';
import { useE2eEnvironment } from './support/test-app';

const SPEC = {
  episodes: 3,
  episodeLength: [50, 120, 80],
  joints: ['pan', 'lift', 'gripper'],
  cameras: [{ key: 'observation.images.top', width: 32, height: 32 }],
  tasks: ['Stack the cups', 'Wipe the table'],
  seed: 11,
};

// v3.0: two episodes per data file and per mp4, so episodes 1 and 3 sit in the middle of their files.
const V30_SPEC = { ...SPEC, version: 'v3.0' as const, episodes: 4, episodeLength: [50, 120, 80, 60], episodesPerFile: 2 };

describe('episodes: list, plot data and video files', () => {
  const env = useE2eEnvironment('episodes', {
    seed: async (hub) => {
      hub.addRepo({ id: 'demo/episodes', files: await smallDatasetFiles(SPEC), tags: ROBOT_TAGS });
      hub.addRepo({ id: 'demo/episodes_v30', files: await smallDatasetFiles(V30_SPEC), tags: ROBOT_TAGS });
      hub.addRepo({ id: 'demo/episodes_v20', files: await smallDatasetFiles({ ...SPEC, version: 'v2.0' }), tags: ROBOT_TAGS });
    },
  });
  let datasetId: string;

  beforeAll(async () => {
    const dataset = await importDataset(env.app, 'demo/episodes');
    datasetId = dataset.id;
    expect((await waitForImport(env.app, datasetId)).status).toBe('completed');
  });

  it('lists the episodes once metadata is extracted, sorted and filtered', async () => {
    const base = `/api/v1/datasets/${datasetId}/episodes`;
    const all = (await env.app.http.get(base).expect(200)).body;
    expect(all.total).toBe(3);
    expect(all.items[1]).toEqual({ index: 1, length: 120, durationS: 4, task: 'Wipe the table', tasks: ['Wipe the table'], score: null, verdict: null, flags: [], review: null });
    const longest = (await env.app.http.get(`${base}?sort=-length&pageSize=1`).expect(200)).body;
    expect(longest).toEqual(expect.objectContaining({ total: 3, pageSize: 1 }));
    expect(longest.items[0].index).toBe(1);
    const stacking = (await env.app.http.get(`${base}?task=${encodeURIComponent('Stack the cups')}`).expect(200)).body;
    expect(stacking.items.map((e: { index: number }) => e.index)).toEqual([0, 2]);
    expectErrorBody(await env.app.http.get(`${base}?verdict=MAYBE`), 400, 'VALIDATION_FAILED');
    expectErrorBody(await env.app.http.get(`${base}?sort=-password`), 400, 'VALIDATION_FAILED');
  });

  it('returns an episode at full resolution with joint names, or min/max-decimated keeping the extremes', async () => {
    const full = (await env.app.http.get(`/api/v1/datasets/${datasetId}/episodes/1?points=5000`).expect(200)).body;
    expect(full).toEqual(expect.objectContaining({ episodeIndex: 1, length: 120, fps: 30, decimation: 'none', tasks: ['Wipe the table'] }));
    expect(full.frames).toHaveLength(120);
    expect(full.times[30]).toBeCloseTo(1, 6);
    expect(full.lines.map((l: { name: string; feature: string }) => `${l.feature}:${l.name}`)).toEqual([
      'action:pan', 'action:lift', 'action:gripper', 'observation.state:pan', 'observation.state:lift', 'observation.state:gripper',
    ]);
    const small = (await env.app.http.get(`/api/v1/datasets/${datasetId}/episodes/1?points=20`).expect(200)).body;
    expect(small.decimation).toBe('minmax');
    expect(small.frames).toHaveLength(20);
    small.lines.forEach((line: { values: number[] }, i: number) => {
      expect(line.values).toHaveLength(20);
      expect(Math.max(...line.values)).toBe(Math.max(...full.lines[i].values));
      expect(Math.min(...line.values)).toBe(Math.min(...full.lines[i].values));
    });
    expect(full.videos).toEqual([
      { camera: 'observation.images.top', url: `/api/v1/datasets/${datasetId}/files/videos/chunk-000/observation.images.top/episode_000001.mp4`, startS: 0, endS: 4 },
    ]);
  });

  it('serves the video with Range support so a browser can seek, and only files of the dataset', async () => {
    const local = join((await smallDataset(SPEC)).dir, 'videos/chunk-000/observation.images.top/episode_000001.mp4');
    const bytes = readFileSync(local);
    const url = `/api/v1/datasets/${datasetId}/files/videos/chunk-000/observation.images.top/episode_000001.mp4`;
    const whole = await env.app.http.get(url).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(whole.status).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(Buffer.compare(whole.body as Buffer, bytes)).toBe(0);
    const part = await env.app.http.get(url).set('Range', 'bytes=10-19');
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 10-19/${bytes.length}`);
    expect(part.headers['content-length']).toBe('10');
    expectErrorBody(await env.app.http.get(`/api/v1/datasets/${datasetId}/files/videos/nope.mp4`), 404, 'FILE_NOT_FOUND');
    expectErrorBody(await env.app.http.get(`/api/v1/datasets/${datasetId}/files/..%2F..%2Fetc%2Fpasswd`), 404);
  });

  it('answers unknown episodes and bad indices clearly', async () => {
    expectErrorBody(await env.app.http.get(`/api/v1/datasets/${datasetId}/episodes/7`), 404, 'EPISODE_NOT_FOUND');
    expectErrorBody(await env.app.http.get(`/api/v1/datasets/${datasetId}/episodes/one`), 400, 'VALIDATION_FAILED');
    expectErrorBody(await env.app.http.get(`/api/v1/datasets/${datasetId}/episodes/1?points=1`), 400, 'VALIDATION_FAILED');
    expectErrorBody(await env.app.http.get('/api/v1/datasets/00000000-0000-0000-0000-000000000000/episodes'), 404, 'DATASET_NOT_FOUND');
  });

  it('reads v3.0 episodes from shared files, with their time range inside the shared video', async () => {
    const dataset = await importDataset(env.app, 'demo/episodes_v30');
    expect((await waitForImport(env.app, dataset.id)).status).toBe('completed');
    const metadata = (await env.app.http.get(`/api/v1/datasets/${dataset.id}`).expect(200)).body.metadata;
    expect(metadata).toEqual(expect.objectContaining({ codebaseVersion: 'v3.0', totalEpisodes: 4, totalFrames: 310 }));
    const third = (await env.app.http.get(`/api/v1/datasets/${dataset.id}/episodes/3?points=5000`).expect(200)).body;
    expect(third.frames).toEqual(Array.from({ length: 60 }, (_, i) => i));
    const [video] = third.videos;
    expect(video.url).toBe(`/api/v1/datasets/${dataset.id}/files/videos/observation.images.top/chunk-000/file-001.mp4`);
    expect(video.startS).toBeCloseTo(80 / 30, 6);
    expect(video.endS - video.startS).toBeCloseTo(60 / 30, 3);
    const range = await env.app.http.get(video.url).set('Range', 'bytes=0-7');
    expect(range.status).toBe(206);
  });

  it('reads v2.0 datasets too', async () => {
    const dataset = await importDataset(env.app, 'demo/episodes_v20');
    expect((await waitForImport(env.app, dataset.id)).status).toBe('completed');
    const episodes = (await env.app.http.get(`/api/v1/datasets/${dataset.id}/episodes`).expect(200)).body;
    expect(episodes.items.map((e: { length: number }) => e.length)).toEqual([50, 120, 80]);
    expect((await env.app.http.get(`/api/v1/datasets/${dataset.id}`).expect(200)).body.codebaseVersion).toBe('v2.0');
  });
});
