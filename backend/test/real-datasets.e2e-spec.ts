import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoFilesFromDir, StandInHub } from '@robokit/testing';
import { expectErrorBody, importBody, importDataset, waitForImport, waitForJob } from './support/api';
import { useE2eEnvironment } from './support/test-app';

/** ../shared/datasets beside the checkout: real LeRobot datasets copied from public repositories. */
const REAL = process.env.ROBOKIT_REAL_DATASETS ?? join(__dirname, '..', '..', '..', 'shared', 'datasets');

describe('real datasets from ../shared/datasets, imported through the stand-in Hub', () => {
  const env = useE2eEnvironment('real', {
    seed: async (hub) => {
      if (!existsSync(REAL)) throw new Error(`The real datasets are expected at ${REAL} (set ROBOKIT_REAL_DATASETS)`);
      for (const name of ['g1-policy-train', 'carla-zero-meta', 'record-test', 'paulpacaud-empty']) {
        hub.addRepo({ id: `real/${name}`, files: repoFilesFromDir(join(REAL, name)), tags: ['LeRobot', 'task_categories:robotics'] });
      }
    },
  });

  it('reads g1-policy-train (v2.1) as its README describes it', async () => {
    const created = await importDataset(env.app, 'real/g1-policy-train');
    const job = await waitForImport(env.app, created.id);
    expect(job.status).toBe('completed');
    const { metadata } = (await env.app.http.get(`/api/v1/datasets/${created.id}`).expect(200)).body;
    expect(metadata).toEqual(
      expect.objectContaining({
        codebaseVersion: 'v2.1',
        robotType: 'Unitree_G1_Inspire',
        fps: 30,
        totalEpisodes: 100,
        totalFrames: 35965,
        totalTasks: 1,
        chunksSize: 1000,
        tasks: [{ taskIndex: 0, task: 'Pick up the yellow bottle on the table.' }],
        fileCount: 106,
        sizeBytes: 16826782,
      }),
    );
    expect(metadata.episodeLengths.min).toBe(221);
    expect(metadata.episodeLengths.max).toBe(583);
    expect(metadata.cameras).toEqual([
      { key: 'observation.images.cam_high', storage: 'video', height: 480, width: 640, channels: 3, codec: 'av1', pixelFormat: 'yuv420p', fps: 30 },
    ]);
    for (const key of ['observation.state', 'action']) {
      const feature = metadata.features.find((f: { key: string }) => f.key === key);
      expect(feature.shape).toEqual([26]);
      expect(feature.dtype).toBe('float32');
      // Declared as a list holding one list of 26 names; read as the 26 names, with a note saying so.
      expect(feature.names).toHaveLength(26);
      expect(feature.names[0]).toBe('kLeftShoulderPitch');
      expect(metadata.notes).toContain(`${key}: names is a list holding one list of names (read as the inner list)`);
    }
  });

  it('refuses carla-zero-meta, whose info.json is 0 bytes, with 422 METADATA_INVALID', async () => {
    const body = expectErrorBody(await env.app.http.post('/api/v1/datasets').send(importBody('real/carla-zero-meta')), 422, 'METADATA_INVALID');
    expect(body.message).toContain('empty');
    // What its README says a validator reports: info.json and the three jsonl meta files are 0 bytes.
    expect(body.details.emptyMetaFiles).toEqual(['meta/episodes.jsonl', 'meta/episodes_stats.jsonl', 'meta/info.json', 'meta/tasks.jsonl']);
  });

  it('reads record-test (v3.0) as its README describes it', async () => {
    const created = await importDataset(env.app, 'real/record-test');
    expect((await waitForImport(env.app, created.id)).status).toBe('completed');
    const { metadata } = (await env.app.http.get(`/api/v1/datasets/${created.id}`).expect(200)).body;
    expect(metadata).toEqual(
      expect.objectContaining({
        codebaseVersion: 'v3.0',
        robotType: 'so101_follower',
        fps: 30,
        totalEpisodes: 4,
        totalFrames: 1492,
        totalTasks: 1,
        tasks: [{ taskIndex: 0, task: 'Pick the orange cube and place it in the box' }],
        episodeLengths: { min: 372, median: 373, max: 374 },
        fileCount: 5,
        sizeBytes: 145703,
        notes: [],
      }),
    );
    expect(metadata.cameras.map((c: { key: string }) => c.key)).toEqual(['observation.images.front', 'observation.images.top']);
    expect(metadata.cameras[0]).toEqual({ key: 'observation.images.front', storage: 'video', height: 480, width: 640, channels: 3, codec: 'av1', pixelFormat: 'yuv420p', fps: 30 });
    const state = metadata.features.find((f: { key: string }) => f.key === 'observation.state');
    expect(state).toEqual({ key: 'observation.state', dtype: 'float32', shape: [6], names: ['shoulder_pan.pos', 'shoulder_lift.pos', 'elbow_flex.pos', 'wrist_flex.pos', 'wrist_roll.pos', 'gripper.pos'] });
  });

  it('reads paulpacaud-empty (v3.0 with no episodes) as its README describes it', async () => {
    const created = await importDataset(env.app, 'real/paulpacaud-empty');
    expect((await waitForImport(env.app, created.id)).status).toBe('completed');
    const { metadata } = (await env.app.http.get(`/api/v1/datasets/${created.id}`).expect(200)).body;
    expect(metadata).toEqual(
      expect.objectContaining({ codebaseVersion: 'v3.0', robotType: 'so100_follower', totalEpisodes: 0, totalFrames: 0, totalTasks: 0, fileCount: 2, sizeBytes: 4478 }),
    );
    expect(metadata.tasks).toEqual([{ taskIndex: 0, task: 'Put the banana in the blue plate' }]);
    expect(metadata.cameras).toEqual([{ key: 'observation.images.front', storage: 'video', height: 1080, width: 1920, channels: 3, codec: null, pixelFormat: null, fps: null }]);
  });

  it.each([
    ['g1-policy-train', { VIDEO_MISSING: 98, FEATURE_NAMES_LAYOUT: 2 }],
    ['record-test', { VIDEO_MISSING: 2, CAMERA_STD_ZERO: 8 }],
    ['paulpacaud-empty', { EMPTY_DATASET: 1, TOTAL_TASKS_MISMATCH: 1, VIDEO_INFO_MISSING: 1 }],
  ])('validates %s with exactly the findings its README lists', async (name, expected) => {
    const list = (await env.app.http.get(`/api/v1/datasets?q=${name}`).expect(200)).body;
    const dataset = list.items.find((item: { source: { repoId: string } }) => item.source.repoId === `real/${name}`) ?? (await importDataset(env.app, `real/${name}`));
    await waitForImport(env.app, dataset.id);
    const started = await env.app.http.post(`/api/v1/datasets/${dataset.id}/jobs`).send({ type: 'validation' }).expect(201);
    expect((await waitForJob(env.app, dataset.id, started.body.id)).status).toBe('completed');
    const report = (await env.app.http.get(`/api/v1/datasets/${dataset.id}/validation`).expect(200)).body;
    expect(Object.fromEntries(report.findings.map((f: { code: string; occurrences: number }) => [f.code, f.occurrences]))).toEqual(expected);
    expect(report.summary.findings).toBe(Object.keys(expected).length);
    const errorsOnly = (await env.app.http.get(`/api/v1/datasets/${dataset.id}/validation?severity=error`).expect(200)).body;
    expect(errorsOnly.findings.every((f: { severity: string }) => f.severity === 'error')).toBe(true);
    expect(errorsOnly.findings).toHaveLength(report.summary.errors);
  });

  it.each([
    ['g1-policy-train', 100, [1, 2]],
    ['record-test', 4, []],
    ['paulpacaud-empty', 0, []],
  ])('gives %s a quality report, excluding only the episodes whose videos its README lists as missing', async (name, episodes, withVideo) => {
    const list = (await env.app.http.get(`/api/v1/datasets?q=${name}`).expect(200)).body;
    const dataset = list.items.find((item: { source: { repoId: string } }) => item.source.repoId === `real/${name}`) ?? (await importDataset(env.app, `real/${name}`));
    await waitForImport(env.app, dataset.id);
    const started = await env.app.http.post(`/api/v1/datasets/${dataset.id}/jobs`).send({ type: 'evaluate_quality_heuristics' }).expect(201);
    const job = await waitForJob(env.app, dataset.id, started.body.id, ['completed', 'failed'], 60_000);
    expect(job.status).toBe('completed');
    expect(job.result.summary).toEqual(expect.objectContaining({ episodesTotal: episodes, episodesAnalysed: episodes }));
    const rows = (await env.app.http.get(`/api/v1/datasets/${dataset.id}/episodes?pageSize=100`).expect(200)).body.items as { index: number; verdict: string; flags: string[] }[];
    const excluded = rows.filter((row) => row.verdict === 'EXCLUDE');
    expect(excluded.map((row) => row.index)).toEqual(rows.map((row) => row.index).filter((index) => !withVideo.includes(index)));
    for (const row of excluded) expect(row.flags).toContain('video_missing');
    expect(job.result.summary.verdicts.EXCLUDE).toBe(excluded.length);
  });
});
