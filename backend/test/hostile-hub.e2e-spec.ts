import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultRule, RepoFileSource } from '@robokit/testing';
import { Body, expectErrorBody, importBody, importDataset, waitForImport, waitForJob } from './support/api';
import { bytesOf, filesUnder, lfsEtagOf, somethingAt } from './support/cache-files';
import { ROBOT_TAGS, smallDatasetFiles } from './support/fixtures';
import { useE2eEnvironment } from './support/test-app';

/**
 * Issue 6, "Limits and hostile input": a hostile or broken Hub ends the job that meets it failed with a clear
 * code, writes nothing outside HF_HOME, leaves no partial file in the cache and crashes nothing. Every repo
 * here is the same small dataset with one of the stand-in Hub's hostile switches on.
 */

const LIMIT = 1024 * 1024;
const ATTEMPTS = 3;
const DATA = 'data/chunk-000/episode_000001.parquet';
const VIDEO = 'videos/chunk-000/observation.images.top/episode_000001.mp4';
const V3_EPISODES = 'meta/episodes/chunk-000/file-000.parquet';
const CAMERA = { key: 'observation.images.top', width: 32, height: 32 };

// HF_HOME is a folder of the temp dir, so from a snapshot folder (HF_HOME/hub/datasets--o--n/snapshots/<sha>)
// five '..' reach the temp dir itself, and from blobs/ four: the places a traversal would write to.
const marker = `robokit-hostile-${process.pid}-${Date.now().toString(36)}`;
const outside = (what: string) => join(tmpdir(), `${marker}-${what}`);
const TRAVERSALS: [string, string, string][] = [
  ['"../" segments', `../../../../../${marker}-dots.parquet`, outside('dots.parquet')],
  ['an absolute path', outside('absolute.parquet'), outside('absolute.parquet')],
  ['backslashes', `..\\..\\..\\..\\..\\${marker}-backslash.parquet`, outside('backslash.parquet')],
  ['a NUL byte', `data/chunk-000/episode_000001.parquet\u0000/../../../../../../${marker}-nul.parquet`, outside('nul.parquet')],
];

interface DownloadCase {
  name: string;
  repo: string;
  rule: FaultRule;
  /** The file the switch acts on, and the job that reads it. */
  path: string;
  job: { type: string; parameters: Record<string, unknown> };
  code: string;
  retryable: boolean;
  attempts: number;
  message: RegExp;
}

const VALIDATE_DATA = { type: 'validation', parameters: {} };
const VALIDATE_VIDEOS = { type: 'validation', parameters: { check_videos: true } };

const DOWNLOAD_CASES: DownloadCase[] = [
  {
    name: 'a file listed larger than HUB_MAX_FILE_BYTES',
    repo: 'hostile/huge_listed',
    rule: { route: 'tree', pathPattern: `^${DATA}$`, listAs: { size: 2 ** 40 } },
    path: DATA,
    job: VALIDATE_DATA,
    code: 'FILE_TOO_LARGE',
    retryable: false,
    attempts: 1,
    message: /1099511627776 bytes, more than the 1048576 bytes .*HUB_MAX_FILE_BYTES/,
  },
  {
    name: 'a Content-Length above the listed size',
    repo: 'hostile/length_over',
    rule: { pathPattern: `^${DATA}$`, contentLengthDelta: 100 },
    path: DATA,
    job: VALIDATE_DATA,
    code: 'DOWNLOAD_INTEGRITY',
    retryable: false,
    attempts: 1,
    message: /Content-Length \d+ for .*episode_000001\.parquet, whose listing says \d+ bytes/,
  },
  {
    name: 'a truncated parquet the Hub stands by (Content-Length and body cut short)',
    repo: 'hostile/length_under',
    rule: { pathPattern: `^${DATA}$`, contentLengthDelta: -100 },
    path: DATA,
    job: VALIDATE_DATA,
    code: 'DOWNLOAD_INTEGRITY',
    retryable: false,
    attempts: 1,
    message: /Content-Length \d+ for .*episode_000001\.parquet, whose listing says \d+ bytes/,
  },
  {
    name: 'a redirect loop',
    repo: 'hostile/redirect_loop',
    rule: { route: 'resolve', pathPattern: `^${DATA}$`, redirectLoop: true },
    path: DATA,
    job: VALIDATE_DATA,
    code: 'HUB_BAD_RESPONSE',
    retryable: false,
    attempts: 1,
    message: /more than 5 redirects .*episode_000001\.parquet/,
  },
  {
    name: 'a corrupted parquet (same length, other bytes)',
    repo: 'hostile/corrupt_parquet',
    rule: { pathPattern: `^${DATA}$`, corruptBody: true },
    path: DATA,
    job: VALIDATE_DATA,
    code: 'DOWNLOAD_INTEGRITY',
    retryable: true,
    attempts: ATTEMPTS,
    message: /episode_000001\.parquet was corrupted \(sha256/,
  },
  {
    name: 'a corrupted mp4',
    repo: 'hostile/corrupt_mp4',
    rule: { pathPattern: `^${VIDEO}$`, corruptBody: true },
    path: VIDEO,
    job: VALIDATE_VIDEOS,
    code: 'DOWNLOAD_INTEGRITY',
    retryable: true,
    attempts: ATTEMPTS,
    message: /episode_000001\.mp4 was corrupted \(sha256/,
  },
  {
    name: 'an mp4 whose connection drops mid-body',
    repo: 'hostile/truncated_mp4',
    rule: { pathPattern: `^${VIDEO}$`, truncateAfterBytes: 200 },
    path: VIDEO,
    job: VALIDATE_VIDEOS,
    code: 'HUB_UNAVAILABLE',
    retryable: true,
    attempts: ATTEMPTS,
    message: /could not be reached for .*episode_000001\.mp4 \(the connection broke mid-download/,
  },
  {
    name: 'a server that stops answering mid-body',
    repo: 'hostile/stalled',
    rule: { pathPattern: `^${DATA}$`, stallAfterBytes: 100 },
    path: DATA,
    job: VALIDATE_DATA,
    code: 'HUB_UNAVAILABLE',
    retryable: true,
    attempts: ATTEMPTS,
    message: /episode_000001\.parquet \(it stopped sending mid-answer: no data for 1500 ms\)/,
  },
  {
    name: 'a server that trickles a byte inside every idle timeout',
    repo: 'hostile/trickle',
    rule: { pathPattern: `^${DATA}$`, trickleMs: 50 },
    path: DATA,
    job: VALIDATE_DATA,
    code: 'HUB_UNAVAILABLE',
    retryable: true,
    attempts: ATTEMPTS,
    message: /episode_000001\.parquet \(it sent too slowly: \d+ bytes take at most \d+ ms \(HUB_TIMEOUT_MS plus the size at HUB_MIN_BYTES_PER_S\)\)/,
  },
];

describe('a hostile or broken Hub', () => {
  let files: Record<string, RepoFileSource>;

  const env = useE2eEnvironment('hostile', {
    env: { HUB_MAX_FILE_BYTES: String(LIMIT), HUB_TIMEOUT_MS: '1500', HUB_MIN_BYTES_PER_S: '100000', JOB_ATTEMPTS: String(ATTEMPTS), JOB_BACKOFF_MS: '100' },
    seed: async (hub) => {
      // Episodes of different lengths, so that no two videos are the same bytes and so share one blob.
      files = await smallDatasetFiles({ episodes: 3, episodeLength: [30, 32, 34], cameras: [CAMERA] });
      const add = (id: string, rules: FaultRule[], content = files) => {
        hub.addRepo({ id, files: content, tags: ROBOT_TAGS });
        for (const rule of rules) hub.addFault({ ...rule, repo: id });
      };
      add('hostile/clean', []);
      TRAVERSALS.forEach(([, path], i) => add(`hostile/traversal_${i}`, [{ route: 'tree', pathPattern: `^${DATA}$`, listAs: { path } }]));
      add('hostile/blob_id', [{ route: 'tree', pathPattern: `^${DATA}$`, listAs: { lfsOid: `../../../../${marker}-blob` } }]);
      add('hostile/paths_info', [{ route: 'paths-info', pathPattern: '^meta/info\\.json$', listAs: { path: `../../../../../${marker}-info.json` } }]);
      add('hostile/huge_file', [], { ...files, [DATA]: Buffer.alloc(LIMIT + 1, 7) });
      for (const c of DOWNLOAD_CASES) add(c.repo, [c.rule]);
      const v3 = await smallDatasetFiles({ version: 'v3.0', episodes: 3 });
      const episodes = bytesOf(v3[V3_EPISODES]);
      add('hostile/broken_v3_meta', [], { ...v3, [V3_EPISODES]: episodes.subarray(0, episodes.length >> 1) });
      const data = bytesOf(files[DATA]);
      add('hostile/broken_parquet', [], { ...files, [DATA]: data.subarray(0, data.length >> 1) });
      add('hostile/broken_mp4', [], { ...files, [VIDEO]: Buffer.alloc(4096, 0x5a) });
    },
  });

  const repoFolder = (repo: string) => join(env.scope.hfHome, 'hub', `datasets--${repo.replace('/', '--')}`);

  async function importAndRun(repo: string, job?: DownloadCase['job']): Promise<{ dataset: Body; job: Body }> {
    const dataset = await importDataset(env.app, repo);
    const imported = await waitForImport(env.app, dataset.id);
    if (!job) return { dataset, job: imported };
    expect(imported.status).toBe('completed');
    const started = await env.app.http.post(`/api/v1/datasets/${dataset.id}/jobs`).send(job).expect(201);
    return { dataset, job: await waitForJob(env.app, dataset.id, started.body.id) };
  }

  /** No scratch file anywhere in HF_HOME, and nothing of the hostile file in its repo's cache. */
  function expectNoTrace(repo: string, commitSha: string, path: string, etag?: string): void {
    expect(filesUnder(env.scope.hfHome).filter((file) => /\.incomplete$/.test(file))).toEqual([]);
    expect(somethingAt(join(repoFolder(repo), 'snapshots', commitSha, path))).toBe(false);
    if (etag) expect(somethingAt(join(repoFolder(repo), 'blobs', etag))).toBe(false);
  }

  function expectFailed(job: Body, code: string, retryable: boolean, attempts: number, message: RegExp): void {
    expect(job.status).toBe('failed');
    expect(job.error).toEqual(expect.objectContaining({ code, retryable }));
    expect(job.error.message).toMatch(message);
    expect(job.attempts).toBe(attempts);
  }

  it.each(TRAVERSALS)('refuses a tree entry with %s at once (HUB_UNSAFE_PATH), writing nothing outside HF_HOME', async (_label, path, target) => {
    const repo = `hostile/traversal_${TRAVERSALS.findIndex((t) => t[1] === path)}`;
    const { dataset, job } = await importAndRun(repo);
    expectFailed(job, 'HUB_UNSAFE_PATH', false, 1, /a path that could write outside the cache/);
    // PostgreSQL cannot store a NUL, so the job record spells it out.
    expect(job.error.details.path).toBe(path.replace('\u0000', '\\u0000'));
    expect(somethingAt(target)).toBe(false);
    expect(filesUnder(join(repoFolder(repo), 'snapshots', dataset.source.commitSha))).toEqual(['meta/info.json']);
    expectNoTrace(repo, dataset.source.commitSha, DATA, lfsEtagOf(files[DATA]));
    // The refused listing is not kept either: the next job asks again rather than trusting it.
    expect(somethingAt(join(repoFolder(repo), 'trees', `${dataset.source.commitSha}.json`))).toBe(false);
  });

  it('refuses an LFS hash that is a path (it would name the blob file) as HUB_BAD_RESPONSE', async () => {
    const { dataset, job } = await importAndRun('hostile/blob_id');
    expectFailed(job, 'HUB_BAD_RESPONSE', false, 1, /LFS hash ".*-blob", which is not a sha256/);
    expect(somethingAt(outside('blob'))).toBe(false);
    expectNoTrace('hostile/blob_id', dataset.source.commitSha, DATA);
  });

  it('answers the import request 502 HUB_BAD_RESPONSE when paths-info describes another path than asked', async () => {
    const body = expectErrorBody(await env.app.http.post('/api/v1/datasets').send(importBody('hostile/paths_info')), 502, 'HUB_BAD_RESPONSE');
    expect(body.message).toContain('meta/info.json');
    expect(body.retryable).toBe(false);
    expect(somethingAt(outside('info.json'))).toBe(false);
    expect(filesUnder(env.scope.hfHome).filter((file) => /\.incomplete$/.test(file))).toEqual([]);
  });

  it('refuses a file truly larger than HUB_MAX_FILE_BYTES before a byte of it is requested', async () => {
    env.hub.clearRequests();
    const { dataset, job } = await importAndRun('hostile/huge_file', VALIDATE_DATA);
    expectFailed(job, 'FILE_TOO_LARGE', false, 1, /1048577 bytes, more than the 1048576 bytes/);
    expect(job.error.details).toEqual(expect.objectContaining({ path: DATA, sizeBytes: LIMIT + 1, limitBytes: LIMIT }));
    expect(env.hub.requests.filter((request) => request.path.endsWith(DATA))).toEqual([]);
    expectNoTrace('hostile/huge_file', dataset.source.commitSha, DATA);
  });

  it.each(DOWNLOAD_CASES.map((c) => [c.name, c] as const))('fails the job on %s, with a clear code and no trace in the cache', async (_name, c) => {
    env.hub.clearRequests();
    const { dataset, job } = await importAndRun(c.repo, c.job);
    expectFailed(job, c.code, c.retryable, c.attempts, c.message);
    expect(job.error.details.path).toBe(c.path);
    expectNoTrace(c.repo, dataset.source.commitSha, c.path, lfsEtagOf(files[c.path]));
    const asked = env.hub.requests.filter((request) => request.path.endsWith(c.path)).length;
    // A redirect loop: the first request and five redirects, once; it is neither followed further nor retried.
    if (c.rule.redirectLoop) expect(asked).toBe(6);
    // Other permanent failures: asked once at most (resolve, then the CDN it redirects to), never again.
    else if (!c.retryable) expect(asked).toBeLessThanOrEqual(2);
  });

  it('fails the import of a v3.0 dataset whose episodes parquet is truncated at the source (FILE_CORRUPT), naming the file', async () => {
    const { dataset, job } = await importAndRun('hostile/broken_v3_meta');
    expectFailed(job, 'FILE_CORRUPT', false, 1, /meta\/episodes\/chunk-000\/file-000\.parquet on the Hub is a truncated parquet file/);
    expectNoTrace('hostile/broken_v3_meta', dataset.source.commitSha, V3_EPISODES);
  });

  // The listing vouches for these bytes (size and hash match), so only the file's own frame gives them away.
  it.each([
    ['a truncated parquet', 'hostile/broken_parquet', DATA, /episode_000001\.parquet on the Hub is a truncated parquet file \(it does not end with the PAR1 footer\)/],
    ['a garbage mp4', 'hostile/broken_mp4', VIDEO, /episode_000001\.mp4 on the Hub is a truncated mp4 file/],
  ])('fails the validation on %s the Hub stands by (FILE_CORRUPT, not retried), storing none of it', async (_name, repo, path, message) => {
    const { dataset, job } = await importAndRun(repo, VALIDATE_VIDEOS);
    expectFailed(job, 'FILE_CORRUPT', false, 1, message);
    expect(job.error.details.path).toBe(path);
    expectNoTrace(repo, dataset.source.commitSha, path);
  });

  it('still answers and still runs jobs afterwards: nothing crashed', async () => {
    await env.app.http.get('/api/v1/health').expect(200);
    const { dataset, job } = await importAndRun('hostile/clean', VALIDATE_VIDEOS);
    expect(job.status).toBe('completed');
    const snapshot = join(repoFolder('hostile/clean'), 'snapshots', dataset.source.commitSha);
    expect(somethingAt(join(snapshot, DATA))).toBe(true);
    expect(somethingAt(join(snapshot, VIDEO))).toBe(true);
    expect(filesUnder(env.scope.hfHome).filter((file) => /\.incomplete$/.test(file))).toEqual([]);
  });
});
