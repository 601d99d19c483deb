import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  datasetInfo,
  downloadFile,
  downloadFileToCacheDir,
  fileDownloadInfo,
  fileExists,
  listDatasets,
  listFiles,
  pathsInfo,
  repoExists,
  snapshotDownload,
} from '@huggingface/hub';
import { StandInHub } from './index';

// Everything here goes through @huggingface/hub itself, the client the backend uses.
describe('StandInHub through @huggingface/hub', () => {
  const TOKEN = 'hf_client_spec';
  const hub = new StandInHub({ treePageSize: 3, listPageSize: 2, tokens: [TOKEN] });
  const repo = { type: 'dataset' as const, name: 'lerobot/pusht' };
  let hubUrl: string;
  let dir: string;
  let video: Buffer;
  let firstSha: string;
  let secondSha: string;

  beforeAll(async () => {
    // downloadFileToCacheDir logs every download with console.debug.
    jest.spyOn(console, 'debug').mockImplementation(() => undefined);
    dir = await mkdtemp(join(tmpdir(), 'standin-hub-'));
    video = randomBytes(300_000);
    await writeFile(join(dir, 'episode_000000.mp4'), video);
    const pusht = hub.addRepo({
      id: 'lerobot/pusht',
      files: {
        'README.md': '---\nlicense: apache-2.0\n---\n# Push-T\nA LeRobot dataset.\n',
        'meta/info.json': JSON.stringify({ codebase_version: 'v2.1', fps: 10 }),
        'meta/tasks.jsonl': '{"task_index":0,"task":"push"}\n',
        'data/chunk-000/episode_000000.parquet': Buffer.from('PAR1 fake parquet PAR1'),
        'data/chunk-000/episode_000001.parquet': Buffer.from('PAR1 another PAR1'),
        'videos/chunk-000/observation.image/episode_000000.mp4': { path: join(dir, 'episode_000000.mp4') },
      },
      tags: ['LeRobot', 'task_categories:robotics', 'library:lerobot', 'so100'],
      downloads: 50,
      versionTag: 'v2.1',
    });
    firstSha = pusht.headSha();
    secondSha = pusht.commit({ 'meta/info.json': JSON.stringify({ codebase_version: 'v2.1', fps: 30 }) });
    for (const [id, downloads, tags] of [
      ['lerobot/aloha', 500, ['LeRobot', 'task_categories:robotics', 'so100']],
      ['lerobot/koch', 5, ['LeRobot', 'task_categories:robotics', 'so100']],
      ['other/text', 1000, ['task_categories:text-generation']],
      ['lerobot/no-robot-tag', 100, ['LeRobot', 'task_categories:robotics']],
    ] as const) {
      hub.addRepo({ id, files: { 'README.md': `# ${id}` }, tags: [...tags], downloads });
    }
    hubUrl = await hub.start();
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await hub.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('datasetInfo resolves HEAD, branches, tags and shas to the commit sha', async () => {
    const head = await datasetInfo({ name: 'lerobot/pusht', hubUrl, additionalFields: ['sha', 'tags'] });
    expect(head).toMatchObject({ name: 'lerobot/pusht', sha: secondSha, downloads: 50, gated: false, private: false });
    expect(head.id).toMatch(/^[0-9a-f]{24}$/);
    expect(head.tags).toContain('LeRobot');
    expect(head.updatedAt).toBeInstanceOf(Date);
    const main = await datasetInfo({ name: 'lerobot/pusht', hubUrl, revision: 'main', additionalFields: ['sha'] });
    expect(main.sha).toBe(secondSha);
    const tagged = await datasetInfo({ name: 'lerobot/pusht', hubUrl, revision: 'v2.1', additionalFields: ['sha'] });
    expect(tagged.sha).toBe(firstSha);
    const pinned = await datasetInfo({ name: 'lerobot/pusht', hubUrl, revision: firstSha, additionalFields: ['sha'] });
    expect(pinned.sha).toBe(firstSha);
    await expect(datasetInfo({ name: 'lerobot/pusht', hubUrl, revision: 'nope' })).rejects.toMatchObject({
      statusCode: 404,
      message: expect.stringContaining('Invalid rev id: nope'),
    });
  });

  it('listFiles follows tree pagination and reports LFS files', async () => {
    const before = hub.requests.length;
    const entries = [];
    for await (const entry of listFiles({ repo, hubUrl, recursive: true })) entries.push(entry);
    const treeRequests = hub.requests.slice(before).filter((r) => r.path.includes('/tree/'));
    expect(treeRequests.length).toBeGreaterThan(1);
    expect(entries.map((e) => e.path).sort()).toEqual([
      'README.md',
      'data',
      'data/chunk-000',
      'data/chunk-000/episode_000000.parquet',
      'data/chunk-000/episode_000001.parquet',
      'meta',
      'meta/info.json',
      'meta/tasks.jsonl',
      'videos',
      'videos/chunk-000',
      'videos/chunk-000/observation.image',
      'videos/chunk-000/observation.image/episode_000000.mp4',
    ]);
    const mp4 = entries.find((e) => e.path.endsWith('.mp4'));
    expect(mp4).toMatchObject({ type: 'file', size: video.length, lfs: { size: video.length } });
    expect(mp4?.lfs?.oid).toMatch(/^[0-9a-f]{64}$/);
    expect(entries.find((e) => e.path === 'meta')).toMatchObject({ type: 'directory', size: 0 });

    const top = [];
    for await (const entry of listFiles({ repo, hubUrl, path: 'meta', revision: 'v2.1', expand: true })) top.push(entry);
    expect(top.map((e) => e.path)).toEqual(['meta/info.json', 'meta/tasks.jsonl']);
    expect(top[0].lastCommit).toMatchObject({ id: firstSha, title: expect.any(String) });
  });

  it('listDatasets filters by tags (AND), sorts and follows list pagination', async () => {
    const before = hub.requests.length;
    const names = [];
    for await (const entry of listDatasets({
      hubUrl,
      search: { tags: ['LeRobot', 'so100'] },
      sort: 'downloads',
      additionalFields: ['tags'],
    })) {
      names.push(entry.name);
    }
    expect(names).toEqual(['lerobot/aloha', 'lerobot/pusht', 'lerobot/koch']);
    expect(hub.requests.slice(before).filter((r) => r.path === '/api/datasets')).toHaveLength(2);

    const limited = [];
    for await (const entry of listDatasets({ hubUrl, search: { query: 'LEROBOT/' }, limit: 1 })) limited.push(entry);
    expect(limited).toHaveLength(1);
  });

  it('downloads regular and LFS files with identical content', async () => {
    const info = await downloadFile({ repo, hubUrl, path: 'meta/info.json' });
    expect(JSON.parse((await info?.text()) ?? '')).toEqual({ codebase_version: 'v2.1', fps: 30 });
    const old = await downloadFile({ repo, hubUrl, path: 'meta/info.json', revision: 'v2.1' });
    expect(JSON.parse((await old?.text()) ?? '')).toMatchObject({ fps: 10 });

    const mp4Path = 'videos/chunk-000/observation.image/episode_000000.mp4';
    const mp4 = await downloadFile({ repo, hubUrl, path: mp4Path });
    expect(Buffer.from(await (mp4 as Blob).arrayBuffer()).equals(video)).toBe(true);
    const slice = await (mp4 as Blob).slice(10, 20).arrayBuffer();
    expect(Buffer.from(slice).equals(video.subarray(10, 20))).toBe(true);

    const meta = await fileDownloadInfo({ repo, hubUrl, path: mp4Path });
    expect(meta?.size).toBe(video.length);
    expect(meta?.etag).toMatch(/^"[0-9a-f]{64}"$/);
  });

  it('fileDownloadInfo is null for a missing file, while a missing repo throws', async () => {
    expect(await fileDownloadInfo({ repo, hubUrl, path: 'meta/nope.json' })).toBeNull();
    await expect(fileDownloadInfo({ repo: 'datasets/lerobot/missing', hubUrl, path: 'x' })).rejects.toMatchObject({
      statusCode: 401,
    });
    expect(await fileExists({ repo, hubUrl, path: 'meta/info.json' })).toBe(true);
    expect(await fileExists({ repo, hubUrl, path: 'meta/nope.json' })).toBe(false);
    expect(await repoExists({ repo, hubUrl })).toBe(true);
    expect(await repoExists({ repo: 'datasets/lerobot/missing', hubUrl })).toBe(false);
  });

  it('pathsInfo returns existing paths only, with last commits when expanded', async () => {
    const infos = await pathsInfo({
      repo,
      hubUrl,
      paths: ['meta/info.json', 'data/chunk-000/episode_000000.parquet', 'missing.txt', 'meta'],
      expand: true,
      accessToken: TOKEN,
    });
    expect(infos.map((i) => [i.path, i.type])).toEqual([
      ['meta/info.json', 'file'],
      ['data/chunk-000/episode_000000.parquet', 'file'],
      ['meta', 'directory'],
    ]);
    expect(infos[0].lastCommit?.id).toBe(secondSha);
    expect(infos[1].lastCommit?.id).toBe(firstSha);
    expect(infos[1].lfs?.oid).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves snapshotDownload and downloadFileToCacheDir into a cache directory', async () => {
    const cacheDir = join(dir, 'cache');
    const snapshot = await snapshotDownload({ repo, hubUrl, cacheDir, revision: 'v2.1' });
    expect(snapshot.endsWith(firstSha)).toBe(true);
    expect(JSON.parse(await readFile(join(snapshot, 'meta/info.json'), 'utf8'))).toMatchObject({ fps: 10 });
    const videoCopy = await readFile(join(snapshot, 'videos/chunk-000/observation.image/episode_000000.mp4'));
    expect(videoCopy.equals(video)).toBe(true);
    expect((await readFile(join(cacheDir, 'datasets--lerobot--pusht', 'refs', 'v2.1'), 'utf8'))).toBe(firstSha);

    const one = await downloadFileToCacheDir({ repo, hubUrl, cacheDir, path: 'meta/info.json', revision: secondSha });
    expect(JSON.parse(await readFile(one, 'utf8'))).toMatchObject({ fps: 30 });
  });
});
