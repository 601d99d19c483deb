import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectErrorBody, importDataset, waitForImport, waitForJob } from './support/api';
import { ROBOT_TAGS, smallDatasetFiles } from './support/fixtures';
import { eventually, useE2eEnvironment, withoutWorker } from './support/test-app';
import { exited, spawnBackend } from './support/worker-process';

// Eight ordinary episodes and one far too short: the catalogue's length_outlier must single it out.
const SPEC = { episodes: 9, episodeLength: [300, 310, 290, 305, 295, 300, 315, 285, 12], joints: 6, seed: 21 };

describe('quality heuristics: scores, verdicts and reasons per episode', () => {
  const env = useE2eEnvironment('quality', {
    seed: async (hub) => {
      hub.addRepo({ id: 'demo/quality', files: await smallDatasetFiles(SPEC), tags: ROBOT_TAGS });
      hub.addRepo({ id: 'demo/sampled', files: await smallDatasetFiles({ episodes: 6, episodeLength: 40, cameras: [{ key: 'observation.images.top', width: 32, height: 32 }], seed: 5 }), tags: ROBOT_TAGS });
      hub.addRepo({ id: 'demo/one_clip', files: await smallDatasetFiles({ episodes: 1, episodeLength: 150, cameras: [{ key: 'observation.images.top', width: 32, height: 32 }], seed: 6 }), tags: ROBOT_TAGS });
    },
  });
  let datasetId: string;

  beforeAll(async () => {
    const dataset = await importDataset(env.app, 'demo/quality');
    datasetId = dataset.id;
    expect((await waitForImport(env.app, datasetId)).status).toBe('completed');
  });

  it('publishes every threshold with its default and bounds, and refuses bad ones naming the parameter', async () => {
    const { items } = (await env.app.http.get('/api/v1/jobs/parameter-schemas').expect(200)).body;
    const quality = items.find((item: { type: string }) => item.type === 'evaluate_quality_heuristics');
    expect(quality.available).toBe(true);
    expect(quality.schema.properties.episode_sample).toEqual(expect.objectContaining({ type: 'integer', default: 0, minimum: 0 }));
    const jobs = `/api/v1/datasets/${datasetId}/jobs`;
    const bad = expectErrorBody(await env.app.http.post(jobs).send({ type: 'evaluate_quality_heuristics', parameters: { episode_sample: -1 } }), 400, 'VALIDATION_FAILED');
    expect(bad.details.fields[0].field).toBe('parameters.episode_sample');
    expectErrorBody(await env.app.http.post(jobs).send({ type: 'evaluate_quality_heuristics', parameters: { jerk_threshold_typo: 1 } }), 400, 'VALIDATION_FAILED');
  });

  it('scores every episode, flags the short one with its reason, and filters the episode list by verdict and flag', async () => {
    const started = await env.app.http.post(`/api/v1/datasets/${datasetId}/jobs`).send({ type: 'evaluate_quality_heuristics' }).expect(201);
    const job = await waitForJob(env.app, datasetId, started.body.id, ['completed', 'failed'], 60_000);
    expect(job.status).toBe('completed');
    const { summary } = job.result;
    expect(summary).toEqual(expect.objectContaining({ episodesAnalysed: 9, framesAnalysed: 2412 }));
    expect(summary.score).toBeGreaterThan(0);
    expect(summary.flagged.map((e: { episodeIndex: number }) => e.episodeIndex)).toContain(8);

    const episodes = (await env.app.http.get(`/api/v1/datasets/${datasetId}/episodes?sort=score`).expect(200)).body;
    expect(episodes.items.every((e: { score: number | null }) => typeof e.score === 'number')).toBe(true);
    expect(episodes.items[0]).toEqual(expect.objectContaining({ index: 8 }));
    expect(episodes.items[0].flags).toContain('length_outlier');
    const flagged = (await env.app.http.get(`/api/v1/datasets/${datasetId}/episodes?flag=length_outlier`).expect(200)).body;
    expect(flagged.items.map((e: { index: number }) => e.index)).toEqual([8]);
    const verdict = episodes.items[0].verdict;
    const sameVerdict = (await env.app.http.get(`/api/v1/datasets/${datasetId}/episodes?verdict=${verdict}`).expect(200)).body;
    expect(sameVerdict.items.map((e: { index: number }) => e.index)).toContain(8);

    const why = (await env.app.http.get(`/api/v1/datasets/${datasetId}/episodes/8/quality`).expect(200)).body;
    expect(why).toEqual(expect.objectContaining({ jobId: job.id, episodeIndex: 8, verdict }));
    expect(why.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ metric: 'length_outlier', value: 12 })]));
    expectErrorBody(await env.app.http.get(`/api/v1/datasets/${datasetId}/episodes/99/quality`), 404, 'EPISODE_NOT_FOUND');
  });

  it('downloads only the data and video files of the episodes an episode_sample analyses', async () => {
    const sampled = await importDataset(env.app, 'demo/sampled');
    expect((await waitForImport(env.app, sampled.id)).status).toBe('completed');
    env.hub.clearRequests();
    const started = await env.app.http.post(`/api/v1/datasets/${sampled.id}/jobs`).send({ type: 'evaluate_quality_heuristics', parameters: { episode_sample: 2 } }).expect(201);
    const job = await waitForJob(env.app, sampled.id, started.body.id, ['completed', 'failed'], 60_000);
    expect([job.status, job.result.summary.episodesAnalysed]).toEqual(['completed', 2]);

    const fetched = [...new Set(env.hub.requests.map((request) => decodeURIComponent(request.path).match(/\/resolve\/[^/]+\/((data|videos)\/.+)$/)?.[1]).filter(Boolean))].sort();
    // The sample of 2 of 6 is the first and the last episode; the other four are never asked for.
    expect(fetched.filter((path) => path!.startsWith('data/'))).toEqual(['data/chunk-000/episode_000000.parquet', 'data/chunk-000/episode_000005.parquet']);
    const videoEpisodes = fetched.filter((path) => path!.startsWith('videos/')).map((path) => path!.match(/episode_(\d+)\.mp4$/)?.[1]);
    expect(videoEpisodes.length).toBeGreaterThan(0);
    expect(videoEpisodes.filter((episode) => episode === '000000')).toHaveLength(videoEpisodes.length / 2);
    expect(videoEpisodes.filter((episode) => episode === '000005')).toHaveLength(videoEpisodes.length / 2);
  });

  it('stops the video decode of a cancelled job within a heartbeat instead of letting it finish', async () => {
    // An ffmpeg that reads its input at the video's own pace (-re): the episode's 150 frames then take 5 s to decode.
    const realFfmpeg = execFileSync('sh', ['-c', 'command -v ffmpeg']).toString().trim();
    const bin = mkdtempSync(join(tmpdir(), 'rk-paced-ffmpeg-'));
    writeFileSync(join(bin, 'ffmpeg'), `#!/bin/sh\nexec ${realFfmpeg} -re "$@"\n`, { mode: 0o755 });
    try {
      await withoutWorker(env, async (api) => {
        // A worker process of its own, which finds the paced ffmpeg first on its PATH; its ffmpeg children are the job's decodes.
        const worker = spawnBackend(env.scope, 'worker', 'paced-ffmpeg-worker', { PATH: `${bin}:${process.env.PATH}` });
        const decoders = () => spawnSync('pgrep', ['-P', String(worker.pid), '-x', 'ffmpeg']).stdout.toString().trim().split('\n').filter(Boolean);
        try {
          const dataset = await importDataset(api, 'demo/one_clip');
          expect((await waitForImport(api, dataset.id)).status).toBe('completed');
          const started = await api.http.post(`/api/v1/datasets/${dataset.id}/jobs`).send({ type: 'evaluate_quality_heuristics' }).expect(201);
          await eventually(async () => decoders().length > 0, 'an ffmpeg decode of the quality job');
          const cancelledAt = Date.now();
          await api.http.post(`/api/v1/datasets/${dataset.id}/jobs/${started.body.id}/cancel`).expect(200);
          await eventually(async () => decoders().length === 0, 'the decode to stop after the cancel', 10_000);
          // The heartbeat (every 400 ms here) finds the job cancelled and the decode is killed; left alone it runs 5 s.
          expect(Date.now() - cancelledAt).toBeLessThan(2_500);
          expect((await api.http.get(`/api/v1/datasets/${dataset.id}/jobs/${started.body.id}`).expect(200)).body.status).toBe('cancelled');
        } finally {
          worker.kill('SIGKILL');
          await exited(worker);
        }
      });
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  }, 90_000);
});
