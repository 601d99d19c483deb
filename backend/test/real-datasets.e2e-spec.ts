import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoFilesFromDir, StandInHub } from '@robokit/testing';
import { expectErrorBody, importBody, importDataset, waitForImport } from './support/api';
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
  });

  it.each(['record-test', 'paulpacaud-empty'])('names v3.0 for %s, which this version cannot read yet', async (name) => {
    const body = expectErrorBody(await env.app.http.post('/api/v1/datasets').send(importBody(`real/${name}`)), 422, 'UNSUPPORTED_VERSION');
    expect(body.details.codebaseVersion).toBe('v3.0');
  });
});
