import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CameraSpec } from '@robokit/testing';
import { evaluateFolder, generate } from '../../testing/dataset-folders';
import { decodeRange, graySize } from './decode-gray';

/** A cancelled job must not wait for a video decode to end: the decode and the analysis stop where they are. */

const TOP: CameraSpec = { key: 'observation.images.top', width: 128, height: 96 };
const LENGTH = 150;

describe('stopping the video analysis', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await generate({ episodes: 2, episodeLength: LENGTH, cameras: [TOP], seed: 5, version: 'v2.1' });
  }, 120_000);

  it('an aborted decode stops ffmpeg within a few frames and rejects with the reason', async () => {
    const folder = join(dir, 'videos', 'chunk-000', TOP.key);
    const video = join(folder, readdirSync(folder)[0]);
    const controller = new AbortController();
    const reason = new Error('cancelled');
    let frames = 0;
    const sink = () => {
      frames += 1;
      if (frames === 3) controller.abort(reason);
    };
    await expect(decodeRange(video, graySize(TOP.width, TOP.height), 0, LENGTH, 30, sink, controller.signal)).rejects.toBe(reason);
    // Frames already in the pipe may still arrive; the rest of the clip is never decoded.
    expect(frames).toBeLessThan(20);
    // Without the signal the same decode gives every frame.
    let all = 0;
    await expect(decodeRange(video, graySize(TOP.width, TOP.height), 0, LENGTH, 30, () => (all += 1))).resolves.toBe(LENGTH);
  });

  it('a quality analysis aborted during its video phase rejects with the reason instead of marking metrics unmeasured', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const seen: number[] = [];
    const report = async (fraction: number) => {
      seen.push(fraction);
      // The frame pass takes the first half of the bar when there are videos: past it, the videos are being decoded.
      if (fraction > 0.5) controller.abort(reason);
    };
    await expect(evaluateFolder(dir, {}, { report, signal: controller.signal })).rejects.toBe(reason);
    expect(seen.filter((fraction) => fraction > 0.5)).toHaveLength(1);
  });

  it('an analysis whose signal is already aborted reads nothing', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled before it started');
    controller.abort(reason);
    const seen: number[] = [];
    const report = async (fraction: number) => void seen.push(fraction);
    await expect(evaluateFolder(dir, {}, { report, signal: controller.signal })).rejects.toBe(reason);
    expect(seen).toEqual([]);
  });
});
