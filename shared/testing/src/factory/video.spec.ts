import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { query, sqlString } from './duckdb-query';
import { writeLeRobotDataset, type CameraSpec, type GeneratedDataset } from './index';
import { sampleIndices } from './stats';

jest.setTimeout(120_000);

const root = mkdtempSync(join(tmpdir(), 'robokit-factory-video-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const videoPath = (key: string, e: number) => `videos/chunk-000/${key}/episode_${String(e).padStart(6, '0')}.mp4`;

function probe(path: string): Record<string, string | number> {
  const out = execFileSync('ffprobe', [
    '-v', 'error', '-select_streams', 'v:0', '-count_frames',
    '-show_entries', 'stream=codec_name,width,height,pix_fmt,r_frame_rate,nb_read_frames', '-of', 'json', path,
  ]);
  return JSON.parse(out.toString()).streams[0];
}

/** All frames of a clip as RGB24, decoded by ffmpeg. */
function decode(path: string, { width, height }: CameraSpec): Uint8Array[] {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 30 });
  const size = width * height * 3;
  return Array.from({ length: raw.length / size }, (_, i) => raw.subarray(i * size, (i + 1) * size));
}

/** The frame counter drawn along the bottom edge (16 blocks, most significant bit first). */
function frameCounter(frame: Uint8Array, { width, height }: CameraSpec): number {
  let value = 0;
  for (let bit = 0; bit < 16; bit++) {
    const x = Math.floor(((bit + 0.5) * width) / 16);
    value = value * 2 + (frame[((height - 1) * width + x) * 3] > 128 ? 1 : 0);
  }
  return value;
}

describe('camera videos', () => {
  const cameras: CameraSpec[] = [
    { key: 'observation.images.top', width: 96, height: 72 },
    { key: 'observation.images.wrist', width: 64, height: 48 },
  ];
  let ds: GeneratedDataset;
  beforeAll(async () => {
    ds = await writeLeRobotDataset(join(root, 'h264'), { episodes: 3, episodeLength: { min: 30, max: 150 }, cameras, seed: 3 });
  });

  it('writes one playable mp4 per episode and camera, as declared in info.json', () => {
    const features = ds.info.features as Record<string, { info: Record<string, unknown> }>;
    expect(ds.info.total_videos).toBe(6);
    for (const camera of cameras) {
      const info = features[camera.key].info;
      expect(info).toEqual({
        'video.fps': 30, 'video.height': camera.height, 'video.width': camera.width, 'video.channels': 3,
        'video.codec': 'h264', 'video.pix_fmt': 'yuv420p', 'video.is_depth_map': false, has_audio: false,
      });
      ds.episodeLengths.forEach((length, e) => {
        const path = join(ds.dir, videoPath(camera.key, e));
        expect(ds.files).toContain(videoPath(camera.key, e));
        expect(probe(path)).toEqual({
          codec_name: info['video.codec'], width: camera.width, height: camera.height, pix_fmt: 'yuv420p',
          r_frame_rate: '30/1', nb_read_frames: String(length),
        });
        // +faststart: the index (moov) precedes the media data, so playback can start early.
        const bytes = readFileSync(path);
        expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
      });
    }
  });

  it('shows frame i at timestamp i / fps', () => {
    const camera = cameras[0];
    const frames = decode(join(ds.dir, videoPath(camera.key, 1)), camera);
    expect(frames).toHaveLength(ds.episodeLengths[1]);
    frames.forEach((frame, i) => expect(frameCounter(frame, camera)).toBe(i));
  });

  it('stores camera stats that agree with the decoded video within LeRobot tolerance', () => {
    const stats = readFileSync(join(ds.dir, 'meta/episodes_stats.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    for (const camera of cameras) {
      ds.episodeLengths.forEach((length, e) => {
        const frames = decode(join(ds.dir, videoPath(camera.key, e)), camera);
        const sampled = sampleIndices(length).map((i) => frames[i]);
        const s = stats[e].stats[camera.key];
        expect(s.count).toEqual([sampled.length]);
        for (let c = 0; c < 3; c++) {
          let [lo, hi, sum, squares, n] = [255, 0, 0, 0, 0];
          for (const frame of sampled) {
            for (let k = c; k < frame.length; k += 3) {
              const v = frame[k];
              if (v < lo) lo = v;
              if (v > hi) hi = v;
              sum += v;
              squares += v * v;
              n++;
            }
          }
          const mean = sum / n;
          const std = Math.sqrt(squares / n - mean * mean);
          // The v2.0→v2.1 converter accepts video stats within 1e-2 of the recorded ones.
          expect(Math.abs(s.mean[c][0][0] - mean / 255)).toBeLessThan(1e-2);
          expect(Math.abs(s.std[c][0][0] - std / 255)).toBeLessThan(1e-2);
          expect(Math.abs(s.min[c][0][0] - lo / 255)).toBeLessThan(0.1);
          expect(Math.abs(s.max[c][0][0] - hi / 255)).toBeLessThan(0.1);
        }
      });
    }
  });

  it('encodes AV1, LeRobot’s default codec, on request', async () => {
    const camera = { key: 'observation.images.front', width: 64, height: 64 };
    const av1 = await writeLeRobotDataset(join(root, 'av1'), { episodes: 1, episodeLength: 12, cameras: [camera], videoCodec: 'av1' });
    await expect(
      writeLeRobotDataset(join(root, 'av1-small'), { episodes: 1, episodeLength: 12, cameras: [{ ...camera, height: 48 }], videoCodec: 'av1' }),
    ).rejects.toThrow(/at least 64x64/);
    expect((av1.info.features as any)[camera.key].info['video.codec']).toBe('av1');
    expect(probe(join(av1.dir, videoPath(camera.key, 0)))).toMatchObject({ codec_name: 'av1', nb_read_frames: '12' });
  });

  it('encodes a clip to the same bytes whichever clips share its ffmpeg run', async () => {
    const clip = (firstFrame: number, frames: number) => ({ width: 32, height: 24, fps: 30, frames, codec: 'h264' as const, firstFrame });
    const target = clip(40, 20);
    const encode = async (clips: ReturnType<typeof clip>[], cache: string): Promise<Buffer> => {
      const previous = process.env.TMPDIR;
      process.env.TMPDIR = join(root, cache); // a fresh clip cache
      try {
        let bytes: Buffer | undefined;
        await jest.isolateModulesAsync(async () => {
          const { ensureClips } = await import('./video');
          bytes = readFileSync((await ensureClips(clips))[clips.indexOf(target)]);
        });
        return bytes!;
      } finally {
        process.env.TMPDIR = previous;
      }
    };
    const alone = await encode([target], 'cache-alone');
    // Encoded with clips starting earlier, the target is cut out of a longer raw stream (ffmpeg trim filter).
    const trimmed = await encode([clip(0, 5), clip(35, 5), target, clip(70, 60)], 'cache-batch');
    expect(trimmed.equals(alone)).toBe(true);
  });

  it('fails with a clear error when ffmpeg is missing', async () => {
    await jest.isolateModulesAsync(async () => {
      jest.doMock('node:child_process', () => ({
        ...jest.requireActual('node:child_process'),
        // What execFile reports when the binary does not exist.
        execFile: (command: string, _args: string[], _options: object, callback: (e: Error, out: string, err: string) => void) => {
          process.nextTick(() => callback(Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT' }), '', ''));
          return {};
        },
      }));
      const fresh = await import('./write-dataset');
      const spec = { episodes: 1, episodeLength: 13, fps: 7, cameras: [{ key: 'observation.images.top', width: 18, height: 10 }] };
      await expect(fresh.writeLeRobotDataset(join(root, 'no-ffmpeg'), spec)).rejects.toThrow(
        'LeRobot dataset factory: ffmpeg/ffprobe not found on PATH; install ffmpeg (apt-get install ffmpeg) or pass videos: false',
      );
    });
  });

  it('writes the 50-episode two-camera demo dataset', async () => {
    const demo = await writeLeRobotDataset(join(root, 'demo'), {
      episodes: 50,
      episodeLength: { min: 250, max: 350 },
      cameras: [
        { key: 'observation.images.top', width: 96, height: 72 },
        { key: 'observation.images.wrist', width: 96, height: 72 },
      ],
    });
    expect(demo.files).toHaveLength(50 * 3 + 5);
    expect(demo.info).toMatchObject({ total_episodes: 50, total_videos: 100, total_frames: demo.totalFrames });
  });
});

describe('v3.0 concatenated videos', () => {
  const camera = { key: 'observation.images.top', width: 96, height: 72 };
  let ds: GeneratedDataset;
  let episodes: Record<string, any>[];
  beforeAll(async () => {
    ds = await writeLeRobotDataset(join(root, 'v30'), {
      version: 'v3.0', episodes: 5, episodeLength: { min: 20, max: 70 }, cameras: [camera], episodesPerFile: 3, seed: 5,
    });
    episodes = await query(`SELECT * FROM ${sqlString(join(ds.dir, 'meta/episodes/chunk-000/file-000.parquet'))} ORDER BY episode_index`);
  });

  const fileOf = (e: Record<string, any>) =>
    `videos/${camera.key}/chunk-000/file-${String(e[`videos/${camera.key}/file_index`]).padStart(3, '0')}.mp4`;

  it('puts the episodes of a file one after the other, each frame showing its row’s global index', () => {
    expect(ds.files.filter((f) => f.startsWith('videos/'))).toEqual([fileOf(episodes[0]), fileOf(episodes[3])]);
    for (const file of new Set(episodes.map(fileOf))) {
      const inFile = episodes.filter((e) => fileOf(e) === file);
      const frames = decode(join(ds.dir, file), camera);
      expect(probe(join(ds.dir, file)).nb_read_frames).toBe(String(inFile.reduce((a, e) => a + e.length, 0)));
      const first = inFile[0].dataset_from_index;
      frames.forEach((frame, p) => expect(frameCounter(frame, camera)).toBe(first + p));
      // LeRobot looks episode frames up at from_timestamp + timestamp, i.e. frame round(from_timestamp * fps).
      for (const e of inFile) expect(Math.round(e[`videos/${camera.key}/from_timestamp`] * 30)).toBe(e.dataset_from_index - first);
    }
  });

  it('stores camera stats that agree with the decoded frames within LeRobot tolerance', () => {
    const decoded = new Map<string, Uint8Array[]>();
    for (const e of episodes) {
      if (!decoded.has(fileOf(e))) decoded.set(fileOf(e), decode(join(ds.dir, fileOf(e)), camera));
      const frames = decoded.get(fileOf(e))!;
      const offset = Math.round(e[`videos/${camera.key}/from_timestamp`] * 30);
      const sampled = sampleIndices(e.length).map((i) => frames[offset + i]);
      expect(e[`stats/${camera.key}/count`]).toEqual([sampled.length]);
      for (let c = 0; c < 3; c++) {
        let [sum, squares, n] = [0, 0, 0];
        for (const frame of sampled) {
          for (let k = c; k < frame.length; k += 3) {
            sum += frame[k];
            squares += frame[k] * frame[k];
            n++;
          }
        }
        const mean = sum / n;
        expect(Math.abs(e[`stats/${camera.key}/mean`][c][0][0] - mean / 255)).toBeLessThan(1e-2);
        expect(Math.abs(e[`stats/${camera.key}/std`][c][0][0] - Math.sqrt(squares / n - mean * mean) / 255)).toBeLessThan(1e-2);
      }
    }
  });
});

