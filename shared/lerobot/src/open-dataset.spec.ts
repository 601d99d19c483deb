import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ErrorCode } from '@robokit/api';
import { directoryFiles } from './directory-files';
import { describeDataset } from './metadata';
import { openDataset } from './open-dataset';
import { realDataset } from './testing/real-datasets';

function real(name: string) {
  return realDataset(name).files;
}

function folder(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'rk-lerobot-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return directoryFiles(root, Object.keys(files));
}

const v21Info = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    codebase_version: 'v2.1', robot_type: 'koch', fps: 30, total_episodes: 2, total_frames: 7, total_tasks: 1, chunks_size: 1000,
    data_path: 'data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet',
    video_path: 'videos/chunk-{episode_chunk:03d}/{video_key}/episode_{episode_index:06d}.mp4',
    features: { cam: { dtype: 'video', shape: [48, 64, 3], names: ['height', 'width', 'channels'] } },
    ...extra,
  });

describe('openDataset on the real datasets', () => {
  it('reads g1-policy-train (v2.1): episodes with their data and video paths', async () => {
    const dataset = await openDataset(real('g1-policy-train'));
    expect(dataset.version).toBe('v2.1');
    expect(dataset.episodes).toHaveLength(100);
    expect(dataset.episodes.reduce((sum, e) => sum + e.length, 0)).toBe(35965);
    expect(dataset.episodes[1]).toEqual(
      expect.objectContaining({
        index: 1,
        length: 393,
        dataFile: 'data/chunk-000/episode_000001.parquet',
        videos: { 'observation.images.cam_high': { file: 'videos/chunk-000/observation.images.cam_high/episode_000001.mp4', fromTimestamp: 0, toTimestamp: null } },
      }),
    );
  });

  it('reads record-test (v3.0): episode rows, global row ranges, video ranges and pandas-indexed tasks', async () => {
    const dataset = await openDataset(real('record-test'));
    expect(dataset.version).toBe('v3.0');
    expect(dataset.tasks).toEqual([{ taskIndex: 0, task: 'Pick the orange cube and place it in the box' }]);
    expect(dataset.episodes.map((e) => e.length)).toEqual([373, 374, 372, 373]);
    expect(dataset.episodes.map((e) => [e.fromIndex, e.toIndex])).toEqual([[0, 373], [373, 747], [747, 1119], [1119, 1492]]);
    expect(dataset.episodes.every((e) => e.dataFile === 'data/chunk-000/file-000.parquet')).toBe(true);
    expect(dataset.episodes[0].videos['observation.images.front']).toEqual({ file: 'videos/observation.images.front/chunk-000/file-000.mp4', fromTimestamp: 0, toTimestamp: expect.closeTo(12.433, 3) });
    expect(dataset.episodes[1].videos['observation.images.top'].fromTimestamp).toBeCloseTo(12.433, 3);
    expect(dataset.episodes[0].tasks).toEqual(['Pick the orange cube and place it in the box']);
  });

  it('reads paulpacaud-empty (v3.0, 0 episodes, no episodes files) and describes it', async () => {
    const files = real('paulpacaud-empty');
    const dataset = await openDataset(files);
    expect(dataset.episodes).toEqual([]);
    expect(dataset.tasks).toEqual([{ taskIndex: 0, task: 'Put the banana in the blue plate' }]);
    const metadata = describeDataset(dataset, files.paths().map((path) => ({ path, size: 1, lfs: false })));
    expect(metadata).toEqual(expect.objectContaining({ totalEpisodes: 0, totalFrames: 0, totalTasks: 0, episodeLengths: { min: 0, median: 0, max: 0 } }));
    expect(metadata.cameras).toEqual([expect.objectContaining({ key: 'observation.images.front', height: 1080, width: 1920, codec: null, fps: null })]);
  });

  it('refuses carla-zero-meta, whose info.json is empty', async () => {
    await expect(openDataset(real('carla-zero-meta'))).rejects.toMatchObject({ code: ErrorCode.MetadataInvalid, message: expect.stringContaining('empty') });
  });
});

describe('openDataset on broken metadata', () => {
  const v2Meta = { 'meta/episodes.jsonl': '{"episode_index": 1, "tasks": ["t"], "length": 4}\n{"episode_index": 0, "tasks": ["t"], "length": 3}\n', 'meta/tasks.jsonl': '{"task_index": 0, "task": "t"}\n' };

  it('sorts v2 episodes by index and chunks paths by chunks_size', async () => {
    const dataset = await openDataset(folder({ 'meta/info.json': v21Info({ chunks_size: 1 }), ...v2Meta }));
    expect(dataset.episodes.map((e) => [e.index, e.dataFile])).toEqual([[0, 'data/chunk-000/episode_000000.parquet'], [1, 'data/chunk-001/episode_000001.parquet']]);
    expect(dataset.episodes[1].videos.cam.file).toBe('videos/chunk-001/cam/episode_000001.mp4');
  });

  it('names a template placeholder the version does not define', async () => {
    const info = v21Info({ data_path: 'data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet' });
    await expect(openDataset(folder({ 'meta/info.json': info, ...v2Meta }))).rejects.toMatchObject({ code: ErrorCode.MetadataInvalid, message: expect.stringContaining('{chunk_index}') });
  });

  it('names the broken line of a jsonl file and the missing meta file', async () => {
    await expect(openDataset(folder({ 'meta/info.json': v21Info(), ...v2Meta, 'meta/tasks.jsonl': '{"task_index": 0, "task": "t"}\n{oops\n' }))).rejects.toThrow(/meta\/tasks.jsonl line 2/);
    await expect(openDataset(folder({ 'meta/info.json': v21Info(), 'meta/tasks.jsonl': v2Meta['meta/tasks.jsonl'] }))).rejects.toMatchObject({ code: ErrorCode.MetadataMissing, details: { path: 'meta/episodes.jsonl' } });
  });

  it('names a v3.0 episodes file that is not parquet', async () => {
    const info = JSON.stringify({ codebase_version: 'v3.0', fps: 30, total_episodes: 1, total_frames: 1, total_tasks: 0, data_path: 'data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet', features: {} });
    const tasks = real('paulpacaud-empty').localPath('meta/tasks.parquet') as string;
    const files = folder({ 'meta/info.json': info, 'meta/episodes/chunk-000/file-000.parquet': 'not parquet' });
    const withTasks = { ...files, localPath: (path: string) => (path === 'meta/tasks.parquet' ? tasks : files.localPath(path)) };
    await expect(openDataset(withTasks)).rejects.toMatchObject({ code: ErrorCode.MetadataInvalid, message: expect.stringContaining('meta/episodes/chunk-000/file-000.parquet could not be read as parquet') });
  });
});
