import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { query, sqlString, type Row } from './duckdb-query';
import { writeLeRobotDataset, type DatasetSpec, type GeneratedDataset } from './index';

/**
 * v3.0 specifics: what the LeRobot 0.4 recorder writes (key orders, column orders and types, row groups, tasks
 * table), compared with a real recording where one is at hand, and the file rollover rules.
 */

jest.setTimeout(60_000);

/** ../shared/datasets beside the checkout: real LeRobot datasets copied from public repositories. */
const REAL = process.env.ROBOKIT_REAL_DATASETS ?? join(__dirname, '..', '..', '..', '..', '..', 'shared', 'datasets');
const RECORD_TEST = join(REAL, 'record-test');

const root = mkdtempSync(join(tmpdir(), 'robokit-factory-v30-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const generate = (spec: Omit<DatasetSpec, 'version'>): Promise<GeneratedDataset> =>
  writeLeRobotDataset(join(root, `ds-${counter++}`), { version: 'v3.0', ...spec });

const text = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');
const at = (dir: string, path: string): string => sqlString(join(dir, path));
const MB = 1024 * 1024;

/** Parquet schema as a reader sees it: every element's name, physical/converted/logical type and repetition. */
const schemaOf = async (dir: string, path: string): Promise<Row[]> =>
  query(`SELECT name, type, repetition_type, num_children, converted_type, logical_type FROM parquet_schema(${at(dir, path)})`);
const kvMetadata = async (dir: string, path: string): Promise<Record<string, string>> =>
  Object.fromEntries((await query(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${at(dir, path)})`)).map((r) => [r.k, r.v]));
const rowGroups = async (dir: string, path: string): Promise<Row[]> =>
  query(`SELECT row_group_id, any_value(row_group_num_rows) AS rows, sum(total_compressed_size) AS bytes
         FROM parquet_metadata(${at(dir, path)}) GROUP BY row_group_id ORDER BY row_group_id`);
const episodesMetadata = async (ds: GeneratedDataset): Promise<Row[]> =>
  query(`SELECT * FROM read_parquet(${at(ds.dir, 'meta/episodes/*/*.parquet')}, filename=true) ORDER BY episode_index`);

/** Recursive key order of a JSON value (what byte-faithful serialisation has to reproduce). */
const keyOrder = (value: unknown): unknown =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.entries(value).map(([k, v]) => [k, keyOrder(v)])
    : Array.isArray(value) ? 'list' : typeof value;

const SO101_JOINTS = ['shoulder_pan.pos', 'shoulder_lift.pos', 'elbow_flex.pos', 'wrist_flex.pos', 'wrist_roll.pos', 'gripper.pos'];

describe('v3.0 as LeRobot 0.4 records it', () => {
  let ds: GeneratedDataset;
  beforeAll(async () => {
    ds = await generate({
      episodes: 12,
      episodeLength: { min: 5, max: 12 },
      joints: SO101_JOINTS,
      robotType: 'so101_follower',
      cameras: [
        { key: 'observation.images.front', width: 32, height: 24 },
        { key: 'observation.images.top', width: 32, height: 24 },
      ],
      tasks: ['Pick the orange cube and place it in the box'],
    });
  });

  it('writes the v3.0 layout', () => {
    expect(ds.version).toBe('v3.0');
    expect(ds.files).toEqual([
      'README.md',
      'data/chunk-000/file-000.parquet',
      'meta/episodes/chunk-000/file-000.parquet',
      'meta/info.json',
      'meta/stats.json',
      'meta/tasks.parquet',
      'videos/observation.images.front/chunk-000/file-000.mp4',
      'videos/observation.images.top/chunk-000/file-000.mp4',
    ]);
  });

  it('writes info.json in the recorder’s key order, without total_videos/total_chunks', () => {
    const raw = text(ds.dir, 'meta/info.json');
    expect(Object.keys(ds.info)).toEqual([
      'codebase_version', 'robot_type', 'total_episodes', 'total_frames', 'total_tasks', 'chunks_size',
      'data_files_size_in_mb', 'video_files_size_in_mb', 'fps', 'splits', 'data_path', 'video_path', 'features',
    ]);
    expect(ds.info).toMatchObject({
      codebase_version: 'v3.0',
      robot_type: 'so101_follower',
      total_episodes: 12,
      total_frames: ds.totalFrames,
      total_tasks: 1,
      chunks_size: 1000,
      data_files_size_in_mb: 100,
      video_files_size_in_mb: 200,
      fps: 30,
      splits: { train: '0:12' },
      data_path: 'data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet',
      video_path: 'videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4',
    });
    const features = ds.info.features as Record<string, any>;
    expect(Object.keys(features.action)).toEqual(['dtype', 'names', 'shape']);
    expect(Object.keys(features.timestamp)).toEqual(['dtype', 'shape', 'names']);
    expect(features['observation.images.top']).toEqual({
      dtype: 'video',
      shape: [24, 32, 3],
      names: ['height', 'width', 'channels'],
      info: {
        'video.height': 24, 'video.width': 32, 'video.codec': 'h264', 'video.pix_fmt': 'yuv420p', 'video.is_depth_map': false,
        'video.fps': 30, 'video.channels': 3, has_audio: false,
      },
    });
    // PyAV's int(stream.base_rate): an int, unlike v2.x's float.
    expect(raw).toContain('"video.fps": 30,');
    expect(raw.endsWith('}')).toBe(true);
  });

  it('appends one row group per episode to the data file, with datasets 4.x metadata', async () => {
    expect((await rowGroups(ds.dir, 'data/chunk-000/file-000.parquet')).map((g) => g.rows)).toEqual(ds.episodeLengths);
    const hf = JSON.parse((await kvMetadata(ds.dir, 'data/chunk-000/file-000.parquet')).huggingface);
    expect(Object.keys(hf)).toEqual(['info', 'fingerprint']);
    expect(hf.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(hf.info.features.action).toEqual({ feature: { dtype: 'float32', _type: 'Value' }, length: 6, _type: 'List' });
  });

  it('writes the episodes metadata in row groups of 10, as the recorder flushes its buffer', async () => {
    expect((await rowGroups(ds.dir, 'meta/episodes/chunk-000/file-000.parquet')).map((g) => g.rows)).toEqual([10, 2]);
  });

  it('writes the tasks table as pandas does, the task strings as the unnamed index', async () => {
    const rows = await query(`SELECT * FROM ${at(ds.dir, 'meta/tasks.parquet')}`);
    expect(rows).toEqual([{ task_index: 0, __index_level_0__: 'Pick the orange cube and place it in the box' }]);
    expect(JSON.parse((await kvMetadata(ds.dir, 'meta/tasks.parquet')).pandas).index_columns).toEqual(['__index_level_0__']);
  });

  it('writes stats.json with the quantile keys', () => {
    const stats = JSON.parse(text(ds.dir, 'meta/stats.json'));
    expect(Object.keys(stats)).toEqual(Object.keys(ds.info.features as object));
    for (const feature of Object.values(stats) as Record<string, unknown>[]) {
      expect(Object.keys(feature)).toEqual(['min', 'max', 'mean', 'std', 'count', 'q01', 'q10', 'q50', 'q90', 'q99']);
    }
    expect(stats.index.count).toEqual([ds.totalFrames]);
    expect(stats['observation.images.top'].mean).toHaveLength(3);
  });

  it('writes the v3.0-era dataset card', () => {
    const card = text(ds.dir, 'README.md');
    // The template's repo_id badge block renders empty, leaving its blank lines.
    expect(card).toContain('[LeRobot](https://github.com/huggingface/lerobot).\n\n\n\n## Dataset Description');
    expect(card).toContain('[meta/info.json](meta/info.json):\n```json\n' + text(ds.dir, 'meta/info.json') + '\n```\n');
  });

  describe('compared with a real LeRobot 0.4 recording (record-test)', () => {
    beforeAll(() => {
      if (!existsSync(RECORD_TEST)) throw new Error(`The real datasets are expected at ${REAL} (set ROBOKIT_REAL_DATASETS)`);
    });

    it.each([
      'data/chunk-000/file-000.parquet',
      'meta/episodes/chunk-000/file-000.parquet',
      'meta/tasks.parquet',
    ])('has the same parquet schema in %s', async (path) => {
      expect(await schemaOf(ds.dir, path)).toEqual(await schemaOf(RECORD_TEST, path));
    });

    it('has the same info.json and stats.json structure', () => {
      const real = JSON.parse(text(RECORD_TEST, 'meta/info.json'));
      expect(keyOrder(ds.info)).toEqual(keyOrder(real));
      const stats = JSON.parse(text(ds.dir, 'meta/stats.json'));
      const realStats = JSON.parse(text(RECORD_TEST, 'meta/stats.json'));
      // LeRobot's stats.json feature order is Python set order (random per process): compare per feature.
      for (const feature of Object.keys(realStats)) expect([feature, keyOrder(stats[feature])]).toEqual([feature, keyOrder(realStats[feature])]);
    });

    it('has the same pandas metadata in the tasks table', async () => {
      expect(await kvMetadata(ds.dir, 'meta/tasks.parquet')).toEqual({ pandas: (await kvMetadata(RECORD_TEST, 'meta/tasks.parquet')).pandas });
    });

    it('has the same huggingface metadata in the data file, fingerprint apart', async () => {
      const ours = JSON.parse((await kvMetadata(ds.dir, 'data/chunk-000/file-000.parquet')).huggingface);
      const real = JSON.parse((await kvMetadata(RECORD_TEST, 'data/chunk-000/file-000.parquet')).huggingface);
      expect({ ...ours, fingerprint: '' }).toEqual({ ...real, fingerprint: '' });
    });
  });
});

describe('v3.0 options', () => {
  it('names the task column `task` on request (LeRobot ≥ 0.5)', async () => {
    const ds = await generate({ episodes: 2, episodeLength: 3, joints: 2, tasks: ['a', 'b'], taskColumn: 'task' });
    expect(await query(`SELECT * FROM ${at(ds.dir, 'meta/tasks.parquet')}`)).toEqual([{ task_index: 0, task: 'a' }, { task_index: 1, task: 'b' }]);
    const pandas = JSON.parse((await kvMetadata(ds.dir, 'meta/tasks.parquet')).pandas);
    expect(pandas.index_columns).toEqual(['task']);
    expect(pandas.columns[1]).toMatchObject({ name: 'task', field_name: 'task' });
  });

  it('numbers files within chunk directories of chunks_size files', async () => {
    const ds = await generate({ episodes: 5, episodeLength: 4, joints: 2, episodesPerFile: 1, chunksSize: 2, cameras: [{ key: 'observation.images.top', width: 16, height: 16 }] });
    const expected = ['chunk-000/file-000', 'chunk-000/file-001', 'chunk-001/file-000', 'chunk-001/file-001', 'chunk-002/file-000'];
    expect(ds.files.filter((f) => f.startsWith('data/'))).toEqual(expected.map((f) => `data/${f}.parquet`));
    expect(ds.files.filter((f) => f.startsWith('videos/'))).toEqual(expected.map((f) => `videos/observation.images.top/${f}.mp4`));
    const episodes = await episodesMetadata(ds);
    expect(episodes.map((e) => [e['data/chunk_index'], e['data/file_index']])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1], [2, 0]]);
    expect(episodes.map((e) => e['videos/observation.images.top/from_timestamp'])).toEqual([0, 0, 0, 0, 0]);
    // The episodes metadata has its own numbering: one file here.
    expect(ds.files.filter((f) => f.startsWith('meta/episodes/'))).toEqual(['meta/episodes/chunk-000/file-000.parquet']);
  });

  it('starts a new data file when the open one plus the episode would reach data_files_size_in_mb', async () => {
    const limit = 0.01; // about 10 KB: a few episodes per file
    const ds = await generate({ episodes: 12, episodeLength: { min: 20, max: 60 }, joints: 6, dataFilesSizeInMb: limit });
    expect(ds.info.data_files_size_in_mb).toBe(limit);
    const episodes = await episodesMetadata(ds);
    const pathOf = (e: Row): string => `data/chunk-${String(e['data/chunk_index']).padStart(3, '0')}/file-${String(e['data/file_index']).padStart(3, '0')}.parquet`;
    const dataFiles = ds.files.filter((f) => f.startsWith('data/'));
    expect(dataFiles.length).toBeGreaterThan(2);
    const groupBytes = new Map<string, number[]>();
    for (const path of dataFiles) {
      const groups = await rowGroups(ds.dir, path);
      expect(groups.map((g) => g.rows)).toEqual(episodes.filter((e) => pathOf(e) === path).map((e) => e.length));
      groupBytes.set(path, groups.map((g) => g.bytes));
    }
    // Replay LeRobot's rule: the open file's size so far (magic + row groups), extrapolated per frame.
    let bytes = 0;
    let frames = 0;
    let group = 0;
    episodes.forEach((episode, e) => {
      const startsFile = e === 0 || pathOf(episode) !== pathOf(episodes[e - 1]);
      if (e > 0) {
        const size = bytes / MB;
        expect([e, startsFile]).toEqual([e, size + (size / frames) * episode.length >= limit]);
      }
      if (startsFile) [bytes, frames, group] = [4, 0, 0];
      bytes += groupBytes.get(pathOf(episode))![group++];
      frames += episode.length;
    });
  });

  it('gives every episode its own mp4 once one episode reaches video_files_size_in_mb', async () => {
    const ds = await generate({ episodes: 3, episodeLength: 8, joints: 2, videoFilesSizeInMb: 0.0001, cameras: [{ key: 'observation.images.top', width: 16, height: 16 }] });
    const episodes = await episodesMetadata(ds);
    expect(episodes.map((e) => e['videos/observation.images.top/file_index'])).toEqual([0, 1, 2]);
    expect(episodes.map((e) => e['data/file_index'])).toEqual([0, 0, 0]);
  });

  it('describes declared-only cameras without writing mp4s, like a snapshot missing its videos', async () => {
    const ds = await generate({ episodes: 3, episodeLength: [30, 31, 32], joints: 2, videos: false, cameras: [{ key: 'observation.images.top', width: 64, height: 48 }] });
    expect(ds.files.some((f) => f.startsWith('videos/'))).toBe(false);
    const episodes = await episodesMetadata(ds);
    const column = (name: string) => episodes.map((e) => e[`videos/observation.images.top/${name}`]);
    expect(column('from_timestamp')).toEqual([0, 1, 1 + 31 / 30]);
    expect(column('to_timestamp')).toEqual([1, 1 + 31 / 30, 1 + 31 / 30 + 32 / 30]);
    expect((ds.info.features as any)['observation.images.top'].info).toMatchObject({ 'video.codec': 'h264', 'video.fps': 30 });
  });

  it('writes only info.json and the card for an empty dataset, as LeRobotDataset.create leaves it', async () => {
    const ds = await generate({ episodes: 0, episodeLength: 10, cameras: [{ key: 'observation.images.top', width: 32, height: 24 }] });
    expect(ds.files).toEqual(['README.md', 'meta/info.json']);
    expect(ds.info).toMatchObject({ total_episodes: 0, total_frames: 0, total_tasks: 0, splits: {} });
  });

  it('reads the episode rows back from the metadata file they name', async () => {
    const ds = await generate({ episodes: 5, episodeLength: 3, joints: 2, episodesPerMetadataFile: 2 });
    const episodes = await episodesMetadata(ds);
    expect(episodes.map((e) => [e['meta/episodes/file_index'], (e.filename as string).slice(ds.dir.length + 1)])).toEqual([
      [0, 'meta/episodes/chunk-000/file-000.parquet'],
      [0, 'meta/episodes/chunk-000/file-000.parquet'],
      [1, 'meta/episodes/chunk-000/file-001.parquet'],
      [1, 'meta/episodes/chunk-000/file-001.parquet'],
      [2, 'meta/episodes/chunk-000/file-002.parquet'],
    ]);
  });
});
