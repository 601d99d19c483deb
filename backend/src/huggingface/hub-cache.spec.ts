import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubCache, isSafeRepoPath } from './hub-cache';

const COMMIT = 'a'.repeat(40);

describe('HubCache', () => {
  let cache: HubCache;

  beforeEach(() => {
    cache = new HubCache(mkdtempSync(join(tmpdir(), 'rk-cache-')));
  });

  it('sweeps our scratch files that nothing wrote to for a while, and only those', async () => {
    const blobs = join(cache.repoFolder('org/ds'), 'blobs');
    mkdirSync(blobs, { recursive: true });
    const killed = await cache.temporaryBlobPath('org/ds', 'e'.repeat(64));
    const live = await cache.temporaryBlobPath('org/ds', 'f'.repeat(64));
    // huggingface_hub's own partial download, which it resumes: not ours to delete, however old.
    const python = join(blobs, `${'a'.repeat(64)}.incomplete`);
    for (const file of [killed, live, python]) writeFileSync(file, 'partial');
    const anHourAgo = new Date(Date.now() - 3600_000);
    for (const file of [killed, python]) utimesSync(file, anHourAgo, anHourAgo);

    expect(await cache.sweepScratch(60_000)).toBe(1);
    expect([killed, live, python].map((file) => existsSync(file))).toEqual([false, true, true]);
    expect(await new HubCache(join(tmpdir(), 'rk-no-such-cache')).sweepScratch(0)).toBe(0);
  });

  it('writes refs without a newline and reads ones that have one', async () => {
    await cache.writeRef('org/ds', 'main', COMMIT);
    await cache.writeRef('org/ds', 'refs/convert/parquet', COMMIT);
    const folder = cache.repoFolder('org/ds');
    expect(folder.endsWith('datasets--org--ds')).toBe(true);
    expect(readFileSync(join(folder, 'refs', 'main'), 'utf8')).toBe(COMMIT);
    expect(readFileSync(join(folder, 'refs', 'refs', 'convert', 'parquet'), 'utf8')).toBe(COMMIT);
    writeFileSync(join(folder, 'refs', 'v2.1'), `${COMMIT}\n`);
    expect(await cache.readRef('org/ds', 'v2.1')).toBe(COMMIT);
    expect(await cache.readRef('org/ds', 'missing')).toBeNull();
  });

  it('links snapshot files to blobs with relative symlinks, and two racing writers leave one good blob', async () => {
    const content = Buffer.from('episode data');
    const etag = createHash('sha256').update(content).digest('hex');
    const writers = await Promise.all(
      [0, 1].map(async () => {
        const temporary = await cache.temporaryBlobPath('org/ds', etag);
        writeFileSync(temporary, content);
        return cache.commitBlob('org/ds', COMMIT, 'data/chunk-000/episode_000000.parquet', etag, temporary);
      }),
    );
    expect(writers[0]).toBe(writers[1]);
    expect(readlinkSync(writers[0])).toBe(`../../../../blobs/${etag}`);
    expect(readFileSync(writers[0])).toEqual(content);
    expect(readdirSync(join(cache.repoFolder('org/ds'), 'blobs'))).toEqual([etag]);
    expect(await cache.cachedFile('org/ds', COMMIT, { path: 'data/chunk-000/episode_000000.parquet', size: content.length })).toBe(writers[0]);
    expect(await cache.cachedFile('org/ds', COMMIT, { path: 'data/chunk-000/episode_000000.parquet', size: 1 })).toBeNull();
  });

  it('round-trips the tree listing in huggingface_hub format', async () => {
    const files = [
      { path: 'meta/info.json', size: 10, blobId: 'b'.repeat(40) },
      { path: 'data/a.parquet', size: 99, blobId: 'c'.repeat(40), lfsSha256: 'd'.repeat(64) },
    ];
    await cache.writeTree('org/ds', COMMIT, files);
    expect(await cache.readTree('org/ds', COMMIT)).toEqual(files);
    const raw = JSON.parse(readFileSync(join(cache.repoFolder('org/ds'), 'trees', `${COMMIT}.json`), 'utf8'));
    expect(raw.files['data/a.parquet']).toEqual({ size: 99, blob_id: 'c'.repeat(40), lfs_sha256: 'd'.repeat(64), lfs_size: 99 });
  });

  it.each(['../x', '/etc/passwd', 'a/../../b', 'a\\b', '..\\..\\x', 'a//b', 'a/./b', 'nul\0byte', 'line\nbreak', 'tab\tname', 'del\x7f', '', 'x/', `${'n'.repeat(256)}.parquet`, 'a/'.repeat(600) + 'b', 42, null])(
    'refuses the unsafe repo path %j',
    (path) => {
      expect(isSafeRepoPath(path)).toBe(false);
    },
  );

  it.each(['meta/info.json', 'videos/chunk-000/observation.images.top/episode_000000.mp4', 'data/ünïcode file.parquet', '.gitattributes', `${'n'.repeat(255)}`])(
    'accepts the repo path %j',
    (path) => {
      expect(isSafeRepoPath(path)).toBe(true);
    },
  );

  it('refuses to resolve a ref or snapshot path outside the repo folder', async () => {
    await expect(cache.readRef('org/ds', '../../escape')).rejects.toThrow(/outside/);
    expect(() => cache.snapshotPath('org/ds', COMMIT, '../../../x')).toThrow(/outside/);
  });
});
