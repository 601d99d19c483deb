import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { writeLeRobotDataset, type DatasetSpec, type GeneratedDataset } from './index';

/** Reads generated files back the way a consumer would: JSON, jsonl and hyparquet. */
const root = mkdtempSync(join(tmpdir(), 'robokit-factory-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
const generate = (spec: DatasetSpec): Promise<GeneratedDataset> => writeLeRobotDataset(join(root, `ds-${counter++}`), spec);

const text = (ds: GeneratedDataset, path: string): string => readFileSync(join(ds.dir, path), 'utf8');
const jsonl = (ds: GeneratedDataset, path: string): Record<string, any>[] =>
  text(ds, path).split('\n').filter(Boolean).map((line) => JSON.parse(line));

function parquetFile(ds: GeneratedDataset, path: string): ArrayBuffer {
  const buf = readFileSync(join(ds.dir, path));
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

const readRows = (ds: GeneratedDataset, path: string): Promise<Record<string, any>[]> =>
  parquetReadObjects({ file: parquetFile(ds, path) });

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => statSync(join(dir, p)).isFile())
    .map((p) => relative(dir, join(dir, p)))
    .sort();
}

const dataPath = (e: number, chunk = 0) =>
  `data/chunk-${String(chunk).padStart(3, '0')}/episode_${String(e).padStart(6, '0')}.parquet`;

describe('writeLeRobotDataset v2.1', () => {
  const spec: DatasetSpec = {
    episodes: 4,
    episodeLength: { min: 20, max: 90 },
    joints: ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper'],
    tasks: ['Pick the cube', 'Stack the blocks', 'Unused task'],
    cameras: [{ key: 'observation.images.top', width: 64, height: 48 }],
    videos: false,
    seed: 7,
  };
  let ds: GeneratedDataset;
  beforeAll(async () => {
    ds = await generate(spec);
  });

  it('lists exactly the files it wrote, sorted, in the v2.1 layout', () => {
    expect(ds.files).toEqual(listFiles(ds.dir));
    expect(ds.files).toEqual([
      'README.md',
      ...[0, 1, 2, 3].map((e) => dataPath(e)),
      'meta/episodes.jsonl',
      'meta/episodes_stats.jsonl',
      'meta/info.json',
      'meta/tasks.jsonl',
    ]);
  });

  it('writes info.json in the v2.x key order with totals that match the files', () => {
    const raw = text(ds, 'meta/info.json');
    const info = JSON.parse(raw);
    expect(ds.info).toEqual(info);
    expect(Object.keys(info)).toEqual([
      'codebase_version', 'robot_type', 'total_episodes', 'total_frames', 'total_tasks', 'total_videos',
      'total_chunks', 'chunks_size', 'fps', 'splits', 'data_path', 'video_path', 'features',
    ]);
    expect(info).toMatchObject({
      codebase_version: 'v2.1',
      robot_type: 'so100',
      total_episodes: 4,
      total_frames: ds.totalFrames,
      total_tasks: 3,
      total_videos: 4,
      total_chunks: 1,
      chunks_size: 1000,
      fps: 30,
      splits: { train: '0:4' },
      data_path: 'data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet',
      video_path: 'videos/chunk-{episode_chunk:03d}/{video_key}/episode_{episode_index:06d}.mp4',
    });
    expect(ds.totalFrames).toBe(ds.episodeLengths.reduce((a, b) => a + b, 0));
    expect(ds.episodeLengths.every((n) => n >= 20 && n <= 90)).toBe(true);
    expect(Object.keys(info.features)).toEqual([
      'action', 'observation.state', 'observation.images.top', 'timestamp', 'frame_index', 'episode_index', 'index', 'task_index',
    ]);
    expect(info.features.action).toEqual({ dtype: 'float32', shape: [6], names: spec.joints });
    expect(info.features['observation.images.top']).toEqual({
      dtype: 'video',
      shape: [48, 64, 3],
      names: ['height', 'width', 'channels'],
      info: {
        'video.fps': 30, 'video.height': 48, 'video.width': 64, 'video.channels': 3, 'video.codec': 'h264',
        'video.pix_fmt': 'yuv420p', 'video.is_depth_map': false, has_audio: false,
      },
    });
    expect(info.features.index).toEqual({ dtype: 'int64', shape: [1], names: null });
    // Python json.dump(indent=4): floats keep ".0", no trailing newline.
    expect(raw).toContain('"video.fps": 30.0,');
    expect(raw).toContain('\n    "fps": 30,\n');
    expect(raw.endsWith('}')).toBe(true);
  });

  it('writes episodes.jsonl and tasks.jsonl as the jsonlines library does', () => {
    expect(text(ds, 'meta/episodes.jsonl').split('\n')[0]).toBe(
      `{"episode_index": 0, "tasks": ["Pick the cube"], "length": ${ds.episodeLengths[0]}}`,
    );
    expect(jsonl(ds, 'meta/episodes.jsonl')).toEqual(
      ds.episodeLengths.map((length, e) => ({ episode_index: e, tasks: [spec.tasks![e % 3]], length })),
    );
    expect(text(ds, 'meta/tasks.jsonl')).toBe(
      '{"task_index": 0, "task": "Pick the cube"}\n{"task_index": 1, "task": "Stack the blocks"}\n{"task_index": 2, "task": "Unused task"}\n',
    );
  });

  it('writes one parquet per episode with LeRobot columns, types and a contiguous global index', async () => {
    let index = 0;
    for (const [e, length] of ds.episodeLengths.entries()) {
      const file = parquetFile(ds, dataPath(e));
      const metadata = parquetMetadata(file);
      expect(metadata.schema.map((s) => s.name)).toEqual([
        'schema', 'action', 'list', 'element', 'observation.state', 'list', 'element',
        'timestamp', 'frame_index', 'episode_index', 'index', 'task_index',
      ]);
      expect(metadata.schema[1]).toMatchObject({ converted_type: 'LIST', repetition_type: 'OPTIONAL' });
      expect(metadata.schema[3]).toMatchObject({ type: 'FLOAT' });
      expect(metadata.schema[7]).toMatchObject({ type: 'FLOAT' });
      expect(metadata.schema[8]).toMatchObject({ type: 'INT64' });
      const hf = JSON.parse(metadata.key_value_metadata!.find((kv) => kv.key === 'huggingface')!.value!);
      expect(hf.info.features.action).toEqual({ feature: { dtype: 'float32', _type: 'Value' }, length: 6, _type: 'Sequence' });

      const rows = await readRows(ds, dataPath(e));
      expect(rows).toHaveLength(length);
      rows.forEach((row, i) => {
        expect(Object.keys(row)).toEqual(['action', 'observation.state', 'timestamp', 'frame_index', 'episode_index', 'index', 'task_index']);
        expect(row.action).toHaveLength(6);
        expect(row['observation.state']).toHaveLength(6);
        expect(row.timestamp).toBe(Math.fround(i / 30));
        expect(row.frame_index).toBe(BigInt(i));
        expect(row.episode_index).toBe(BigInt(e));
        expect(row.index).toBe(BigInt(index++));
        expect(row.task_index).toBe(BigInt(e % 3));
      });
    }
    expect(index).toBe(ds.totalFrames);
  });

  it('generates smooth, plausible joint trajectories with the follower tracking the leader', async () => {
    const long = await generate({ ...spec, episodes: 1, episodeLength: 300 });
    const rows = await readRows(long, dataPath(0));
    const diff = (xs: number[]) => xs.slice(1).map((v, i) => v - xs[i]);
    const meanAbs = (xs: number[]) => xs.reduce((a, v) => a + Math.abs(v), 0) / xs.length;
    for (let j = 0; j < 6; j++) {
      const action = rows.map((r) => r.action[j] as number);
      const state = rows.map((r) => r['observation.state'][j] as number);
      const range = Math.max(...action) - Math.min(...action);
      const velocity = diff(action);
      expect(range).toBeGreaterThan(1); // it moves…
      expect(Math.max(...velocity.map(Math.abs))).toBeLessThan(range / 10); // …without jumps…
      expect(meanAbs(diff(velocity))).toBeLessThan(meanAbs(velocity) / 5); // …and smoothly (noise would be ~2x)
      expect(Math.max(...state.map((s, i) => Math.abs(s - action[i])))).toBeLessThan(range / 2);
    }
  });

  it('stores per-episode stats that equal the data', async () => {
    const stats = jsonl(ds, 'meta/episodes_stats.jsonl');
    expect(stats.map((s) => s.episode_index)).toEqual([0, 1, 2, 3]);
    for (const [e, length] of ds.episodeLengths.entries()) {
      const rows = await readRows(ds, dataPath(e));
      const s = stats[e].stats;
      expect(Object.keys(s)).toEqual(Object.keys(ds.info.features as object));
      for (const key of ['action', 'observation.state']) {
        expect(Object.keys(s[key])).toEqual(['min', 'max', 'mean', 'std', 'count']);
        expect(s[key].count).toEqual([length]);
        for (let j = 0; j < 6; j++) {
          const column = rows.map((r) => r[key][j] as number);
          const mean = column.reduce((a, b) => a + b, 0) / length;
          const std = Math.sqrt(column.reduce((a, v) => a + (v - mean) ** 2, 0) / length);
          expect(s[key].min[j]).toBe(Math.min(...column));
          expect(s[key].max[j]).toBe(Math.max(...column));
          expect(s[key].mean[j]).toBeCloseTo(mean, 3);
          expect(s[key].std[j]).toBeCloseTo(std, 3);
        }
      }
      const firstIndex = Number(rows[0].index);
      expect(s.index).toEqual({
        min: [firstIndex], max: [firstIndex + length - 1], mean: [firstIndex + (length - 1) / 2],
        std: [expect.closeTo(Math.sqrt((length * length - 1) / 12), 9)], count: [length],
      });
      expect(s.timestamp.max[0]).toBeCloseTo((length - 1) / 30, 12);
      expect(s.task_index).toMatchObject({ min: [e % 3], max: [e % 3], count: [length] });
      const camera = s['observation.images.top'];
      expect(camera.count).toEqual([Math.min(length, 100)]);
      for (const stat of ['min', 'max', 'mean', 'std']) {
        expect(camera[stat]).toHaveLength(3);
        for (const [[v]] of camera[stat]) expect(v).toBeGreaterThanOrEqual(0);
      }
    }
    // Integer min/max stay ints, every other stat is a float, as NumPy's tolist() gives them.
    expect(text(ds, 'meta/episodes_stats.jsonl')).toMatch(/"episode_index": \{"min": \[0\], "max": \[0\], "mean": \[0\.0\], "std": \[0\.0\], "count": \[\d+\]\}/);
  });

  it('writes the LeRobot dataset card', () => {
    const card = text(ds, 'README.md');
    expect(card.startsWith('---\nlicense: apache-2.0\ntask_categories:\n- robotics\ntags:\n- LeRobot\nconfigs:\n- config_name: default\n  data_files: data/*/*.parquet\n---\n\nThis dataset was created using [LeRobot]')).toBe(true);
    expect(card).toContain('[meta/info.json](meta/info.json):\n```json\n' + text(ds, 'meta/info.json') + '\n```\n');
  });

  it('is deterministic for a seed and varies with it', async () => {
    const again = await generate(spec);
    for (const file of ds.files) expect(readFileSync(join(again.dir, file))).toEqual(readFileSync(join(ds.dir, file)));
    const other = await generate({ ...spec, seed: 8 });
    expect(readFileSync(join(other.dir, dataPath(0)))).not.toEqual(readFileSync(join(ds.dir, dataPath(0))));
  });
});

describe('writeLeRobotDataset options', () => {
  it('spreads episodes over chunk directories', async () => {
    const ds = await generate({ episodes: 5, episodeLength: [3, 1, 4, 1, 5], chunksSize: 2, joints: 2 });
    expect(ds.info).toMatchObject({ total_chunks: 3, chunks_size: 2, total_frames: 14, total_videos: 0, video_path: null });
    expect(ds.files.filter((f) => f.startsWith('data/'))).toEqual([
      dataPath(0, 0), dataPath(1, 0), dataPath(2, 1), dataPath(3, 1), dataPath(4, 2),
    ]);
    expect((await readRows(ds, dataPath(4, 2))).map((r) => r.index)).toEqual([9n, 10n, 11n, 12n, 13n]);
  });

  it('writes row groups of 1000 rows, the HF datasets writer batch size', async () => {
    const ds = await generate({ episodes: 1, episodeLength: 1500, joints: 2 });
    expect(parquetMetadata(parquetFile(ds, dataPath(0))).row_groups.map((g) => Number(g.num_rows))).toEqual([1000, 500]);
  });

  it('writes a single joint as a scalar column, as HF datasets does for shape [1]', async () => {
    const ds = await generate({ episodes: 1, episodeLength: 5, joints: 1 });
    const rows = await readRows(ds, dataPath(0));
    expect(typeof rows[0].action).toBe('number');
    expect(jsonl(ds, 'meta/episodes_stats.jsonl')[0].stats.action.min).toHaveLength(1);
  });

  it('writes an empty dataset the way LeRobot leaves one before the first episode', async () => {
    const ds = await generate({ episodes: 0, episodeLength: 10, cameras: [{ key: 'observation.images.top', width: 32, height: 24 }] });
    expect(ds.info).toMatchObject({ total_episodes: 0, total_frames: 0, total_tasks: 0, total_videos: 0, total_chunks: 0, splits: {} });
    expect((ds.info.features as any)['observation.images.top'].info).toBeUndefined();
    expect(ds.files).toEqual(['README.md', 'meta/episodes.jsonl', 'meta/episodes_stats.jsonl', 'meta/info.json', 'meta/tasks.jsonl']);
    expect(text(ds, 'meta/episodes.jsonl')).toBe('');
  });

  it.each<[string, Partial<DatasetSpec>, RegExp]>([
    ['an unsupported version', { version: 'v1.6' as 'v2.1' }, /version v1.6 is not supported/],
    ['v3.0 options on a v2.x dataset', { episodesPerFile: 2, taskColumn: 'task' }, /episodesPerFile, taskColumn only apply to version v3.0/],
    ['a non-positive file size', { version: 'v3.0', dataFilesSizeInMb: 0 }, /dataFilesSizeInMb must be > 0/],
    ['a fractional episodes-per-file cap', { version: 'v3.0', episodesPerFile: 1.5 }, /episodesPerFile must be an integer >= 1/],
    ['a length list of the wrong size', { episodeLength: [10, 10] }, /2 entries for 3 episodes/],
    ['a zero-length episode', { episodeLength: 0 }, /episodeLength\[0\]/],
    ['an odd camera size', { cameras: [{ key: 'observation.images.top', width: 33, height: 24 }] }, /even width/],
    ['a camera named like a column', { cameras: [{ key: 'timestamp', width: 32, height: 24 }] }, /invalid camera key/],
    ['duplicate tasks', { tasks: ['a', 'a'] }, /distinct/],
  ])('rejects %s', async (_, change, message) => {
    await expect(generate({ episodes: 3, episodeLength: 10, ...change })).rejects.toThrow(message);
  });
});
