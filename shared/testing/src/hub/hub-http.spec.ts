import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StandInHub } from './index';

const gitOid = (content: string | Buffer): string => {
  const bytes = Buffer.from(content);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
};
const sha256 = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

// The wire format as huggingface.co answers it, checked with plain fetch.
describe('StandInHub over raw HTTP', () => {
  const TOKEN = 'hf_reader';
  const APPROVED = 'hf_approved';
  const hub = new StandInHub({ tokens: [TOKEN], listPageSize: 2 });
  const info = JSON.stringify({ codebase_version: 'v3.0', fps: 30 });
  const parquet = Buffer.from('PAR1'.repeat(100));
  const big = Buffer.alloc(10 * 1024 * 1024 + 1, 7);
  let base: string;
  let firstSha: string;

  const get = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(base + path, { redirect: 'manual', ...init });
  // Assertions index freely into the Hub's JSON answers.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const getJson = async (path: string, init?: RequestInit): Promise<any> => (await get(path, init)).json();
  const auth = (token: string): RequestInit => ({ headers: { Authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    const repo = hub.addRepo({
      id: 'lerobot/so100_test',
      files: { 'meta/info.json': info, 'data/chunk-000/file-000.parquet': parquet, 'blobs/big.json': big },
      cardData: { license: 'apache-2.0', tags: ['LeRobot'], task_categories: ['robotics'] },
      versionTag: 'v3.0',
    });
    firstSha = repo.headSha();
    repo.commit({ 'default/train/0000.parquet': parquet }, { branch: 'refs/convert/parquet' });
    repo.createBranch('refs/pr/1');
    repo.commit({ 'blobs/big.json': null, 'meta/extra.txt': 'x' });
    hub.addRepo({ id: 'acme/secret', files: { 'a.txt': 'a' }, private: true, allowedTokens: [APPROVED] });
    hub.addRepo({ id: 'acme/gated', files: { 'a.txt': 'a' }, gated: 'manual', allowedTokens: [APPROVED] });
    hub.addRepo({ id: 'acme/gone', files: { 'a.txt': 'a' }, disabled: true });
    hub.addRepo({ id: 'xsum', files: { 'README.md': '---\npretty_name: X\n---\nSummaries.' } });
    base = await hub.start();
  });

  afterAll(() => hub.stop());

  describe('errors', () => {
    it('hides missing repos from anonymous callers behind a 401', async () => {
      const res = await get('/api/datasets/acme/missing');
      expect(res.status).toBe(401);
      expect(res.headers.get('x-error-code')).toBe('RepoNotFound');
      expect(res.headers.get('x-error-message')).toBe('Invalid username or password.');
      expect(res.headers.get('x-request-id')).toMatch(/^Root=1-/);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({ error: 'Invalid username or password.' });
    });

    it('answers 404 RepoNotFound to authenticated callers', async () => {
      const res = await get('/api/datasets/acme/missing/tree/main', auth(TOKEN));
      expect(res.status).toBe(404);
      expect(res.headers.get('x-error-code')).toBe('RepoNotFound');
      expect(await res.json()).toEqual({ error: 'Repository not found' });
    });

    it('refuses unknown tokens even on public repos, without an error code', async () => {
      const res = await get('/api/datasets/lerobot/so100_test', auth('hf_revoked'));
      expect(res.status).toBe(401);
      expect(res.headers.get('x-error-code')).toBeNull();
      expect(res.headers.get('x-error-message')).toBe('Invalid credentials in Authorization header');
    });

    it('reports unknown revisions and files', async () => {
      const rev = await get('/api/datasets/lerobot/so100_test/revision/v9.9');
      expect(rev.status).toBe(404);
      expect(rev.headers.get('x-error-code')).toBe('RevisionNotFound');
      expect(await rev.json()).toEqual({ error: 'Invalid rev id: v9.9' });

      const head = await get('/datasets/lerobot/so100_test/resolve/main/meta/nope.json', { method: 'HEAD' });
      expect(head.status).toBe(404);
      expect(head.headers.get('x-error-code')).toBe('EntryNotFound');
      expect(head.headers.get('x-repo-commit')).toBe(hub.getRepo('lerobot/so100_test').headSha());

      const tree = await get('/api/datasets/lerobot/so100_test/tree/main/meta/info.json');
      expect(tree.status).toBe(404);
      expect(tree.headers.get('x-error-code')).toBe('EntryNotFound');
    });

    it('answers 403 for disabled repos and 404 for unknown routes', async () => {
      const res = await get('/api/datasets/acme/gone');
      expect(res.status).toBe(403);
      expect(res.headers.get('x-error-message')).toBe('Access to this resource is disabled.');
      expect((await get('/api/whatever')).status).toBe(404);
    });
  });

  describe('private and gated repos', () => {
    it('shows a private repo only to its allowed tokens', async () => {
      expect((await get('/api/datasets/acme/secret')).status).toBe(401);
      expect((await get('/api/datasets/acme/secret', auth(TOKEN))).status).toBe(404);
      const res = await get('/api/datasets/acme/secret', auth(APPROVED));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: 'acme/secret', private: true });
      const anonymous = await getJson('/api/datasets?search=acme');
      expect(anonymous.map((d: { id: string }) => d.id)).not.toContain('acme/secret');
      const approved = await getJson('/api/datasets?search=acme', auth(APPROVED));
      expect(approved.map((d: { id: string }) => d.id)).toContain('acme/secret');
    });

    it('keeps gated metadata readable but guards the files', async () => {
      expect(await getJson('/api/datasets/acme/gated')).toMatchObject({ gated: 'manual' });
      expect((await get('/api/datasets/acme/gated/tree/main')).status).toBe(200);
      const anonymous = await get('/datasets/acme/gated/resolve/main/a.txt');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('x-error-code')).toBe('GatedRepo');
      const notApproved = await get('/datasets/acme/gated/resolve/main/a.txt', auth(TOKEN));
      expect(notApproved.status).toBe(403);
      expect(notApproved.headers.get('x-error-code')).toBe('GatedRepo');
      expect((await get('/datasets/acme/gated/raw/main/a.txt', auth(TOKEN))).status).toBe(403);
      const approved = await get('/datasets/acme/gated/resolve/main/a.txt', auth(APPROVED));
      expect(approved.status).toBe(200);
      expect(await approved.text()).toBe('a');
    });
  });

  describe('regular files', () => {
    const path = '/datasets/lerobot/so100_test/resolve/main/meta/info.json';

    it('answers GET and HEAD with the git blob ETag and the commit', async () => {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe(`"${gitOid(info)}"`);
      expect(res.headers.get('x-repo-commit')).toBe(hub.getRepo('lerobot/so100_test').headSha());
      expect(res.headers.get('content-length')).toBe(String(info.length));
      expect(res.headers.get('accept-ranges')).toBe('bytes');
      expect(await res.text()).toBe(info);
      const head = await get(path, { method: 'HEAD' });
      expect(head.headers.get('content-length')).toBe(String(info.length));
      expect(await head.text()).toBe('');
    });

    it('honours Range, suffix ranges and unsatisfiable ranges', async () => {
      const part = await get(path, { headers: { Range: 'bytes=2-5' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 2-5/${info.length}`);
      expect(await part.text()).toBe(info.slice(2, 6));
      const tail = await get(path, { headers: { Range: 'bytes=-3' } });
      expect(await tail.text()).toBe(info.slice(-3));
      const open = await get(path, { headers: { Range: `bytes=${info.length - 2}-` } });
      expect(await open.text()).toBe(info.slice(-2));
      const bad = await get(path, { headers: { Range: `bytes=${info.length}-` } });
      expect(bad.status).toBe(416);
      expect(bad.headers.get('content-range')).toBe(`bytes */${info.length}`);
    });

    it('answers 304 to a matching If-None-Match on resolve, not on raw', async () => {
      const etag = `"${gitOid(info)}"`;
      expect((await get(path, { headers: { 'If-None-Match': etag } })).status).toBe(304);
      expect((await get(path, { headers: { 'If-None-Match': `W/${etag}` } })).status).toBe(304);
      expect((await get(path, { headers: { 'If-None-Match': '"other"' } })).status).toBe(200);
      const raw = await get('/datasets/lerobot/so100_test/raw/main/meta/info.json', { headers: { 'If-None-Match': etag } });
      expect(raw.status).toBe(200);
    });
  });

  describe('LFS files', () => {
    const path = '/datasets/lerobot/so100_test/resolve/main/data/chunk-000/file-000.parquet';

    it('redirects to an absolute same-server blob URL with the linked headers', async () => {
      for (const method of ['GET', 'HEAD']) {
        const res = await get(path, { method });
        expect(res.status).toBe(302);
        expect(res.headers.get('x-linked-etag')).toBe(`"${sha256(parquet)}"`);
        expect(res.headers.get('x-linked-size')).toBe(String(parquet.length));
        expect(res.headers.get('x-repo-commit')).toMatch(/^[0-9a-f]{40}$/);
        expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{40}"$/);
        expect(res.headers.get('location')?.startsWith(`${base}/`)).toBe(true);
      }
      const location = (await get(path)).headers.get('location') as string;
      const blob = await fetch(location, { headers: { Range: 'bytes=0-3' } });
      expect(blob.status).toBe(206);
      expect(blob.headers.get('content-range')).toBe(`bytes 0-3/${parquet.length}`);
      expect(blob.headers.get('content-type')).not.toContain('xet');
      expect(await blob.text()).toBe('PAR1');
      const whole = await fetch(base + path);
      expect(Buffer.from(await whole.arrayBuffer()).equals(parquet)).toBe(true);
    });

    it('serves the LFS pointer on raw', async () => {
      const res = await get('/datasets/lerobot/so100_test/raw/main/data/chunk-000/file-000.parquet');
      const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(parquet)}\nsize ${parquet.length}\n`;
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(pointer);
      expect(res.headers.get('etag')).toBe(`"${gitOid(pointer)}"`);
    });

    it('treats files above 10 MB as LFS whatever their extension', async () => {
      const res = await get('/datasets/lerobot/so100_test/resolve/v3.0/blobs/big.json', { method: 'HEAD' });
      expect(res.status).toBe(302);
      expect(res.headers.get('x-linked-size')).toBe(String(big.length));
    });
  });

  describe('revisions and refs', () => {
    it('resolves encoded and raw special refs, tags and shas', async () => {
      const encoded = await getJson('/api/datasets/lerobot/so100_test/revision/refs%2Fconvert%2Fparquet');
      expect(encoded.siblings).toEqual([{ rfilename: 'default/train/0000.parquet' }]);
      const tree = await getJson('/api/datasets/lerobot/so100_test/tree/refs/convert/parquet/default?recursive=true');
      expect(tree.map((e: { path: string }) => e.path)).toEqual(['default/train', 'default/train/0000.parquet']);
      const file = await get('/datasets/lerobot/so100_test/resolve/refs%2Fconvert%2Fparquet/default/train/0000.parquet');
      expect(file.status).toBe(302);
      const pinned = await getJson(`/api/datasets/lerobot/so100_test/revision/${firstSha}`);
      expect(pinned.sha).toBe(firstSha);
      expect(pinned.siblings.map((s: { rfilename: string }) => s.rfilename)).toContain('blobs/big.json');
      const head = await getJson('/api/datasets/lerobot/so100_test/revision/HEAD');
      expect(head.siblings.map((s: { rfilename: string }) => s.rfilename)).not.toContain('blobs/big.json');
      expect((await get('/api/datasets/lerobot/so100_test/revision/refs%2Fpr%2F1')).status).toBe(200);
    });

    it('lists refs, with pull requests only on request', async () => {
      const repo = hub.getRepo('lerobot/so100_test');
      const refs = await getJson('/api/datasets/lerobot/so100_test/refs');
      expect(refs).toEqual({
        branches: [{ name: 'main', ref: 'refs/heads/main', targetCommit: repo.headSha() }],
        converts: [{ name: 'parquet', ref: 'refs/convert/parquet', targetCommit: expect.stringMatching(/^[0-9a-f]{40}$/) }],
        tags: [{ name: 'v3.0', ref: 'refs/tags/v3.0', targetCommit: firstSha }],
      });
      const withPrs = await getJson('/api/datasets/lerobot/so100_test/refs?include_prs=1');
      expect(withPrs.pullRequests).toEqual([{ name: 'pr/1', ref: 'refs/pr/1', targetCommit: firstSha }]);
    });

    it('serves legacy un-namespaced repo ids', async () => {
      expect(await getJson('/api/datasets/xsum')).toMatchObject({ id: 'xsum', description: 'Summaries.' });
      expect((await get('/api/datasets/xsum/tree/main')).status).toBe(200);
      expect(await (await get('/datasets/xsum/resolve/main/README.md')).text()).toContain('Summaries.');
    });
  });

  describe('metadata', () => {
    it('returns only _id, id and the expanded fields, accepting expand[]', async () => {
      const expanded = await getJson('/api/datasets/lerobot/so100_test?expand=sha&expand[]=likes');
      expect(Object.keys(expanded).sort()).toEqual(['_id', 'id', 'likes', 'sha']);
      const bad = await get('/api/datasets/lerobot/so100_test?expand=nope');
      expect(bad.status).toBe(400);
      expect((await get('/api/datasets?expand=sha&full=true')).status).toBe(400);
      expect((await get('/api/datasets/lerobot/so100_test?expand=sha&blobs=true')).status).toBe(400);
    });

    it('derives tags from card data and enriches siblings with blobs=true', async () => {
      const body = await getJson('/api/datasets/lerobot/so100_test/revision/v3.0?blobs=true');
      expect(body.tags).toEqual(['LeRobot', 'task_categories:robotics', 'license:apache-2.0']);
      expect(body.cardData).toMatchObject({ license: 'apache-2.0' });
      expect(body.siblings).toContainEqual({ rfilename: 'meta/info.json', size: info.length, blobId: gitOid(info) });
      expect(body.siblings).toContainEqual({
        rfilename: 'data/chunk-000/file-000.parquet',
        size: parquet.length,
        blobId: expect.stringMatching(/^[0-9a-f]{40}$/),
        lfs: { sha256: sha256(parquet), size: parquet.length, pointerSize: expect.any(Number) },
      });
    });

    it('paginates the dataset list with an absolute Link header', async () => {
      const link = (await get('/api/datasets?limit=1&sort=likes&direction=1')).headers.get('link');
      expect(link).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/api\/datasets\?[^>]*cursor=[^>]+>; rel="next"$/);
      const ids: string[] = [];
      const all = await get('/api/datasets?full=true');
      const page = (await all.json()) as { id: string; siblings: unknown[] }[];
      expect(page).toHaveLength(2);
      expect(page[0].siblings).toBeDefined();
      let next = all.headers.get('link');
      ids.push(...page.map((d) => d.id));
      while (next) {
        const res = await fetch(/<([^>]+)>/.exec(next)?.[1] as string);
        ids.push(...((await res.json()) as { id: string }[]).map((d) => d.id));
        next = res.headers.get('link');
      }
      expect(ids).toEqual(['lerobot/so100_test', 'acme/gated', 'acme/gone', 'xsum']);
    });

    it('filters the dataset list by all tags, search and author', async () => {
      const ids = async (query: string): Promise<string[]> =>
        (await getJson(`/api/datasets?${query}`)).map((d: { id: string }) => d.id);
      expect(await ids('filter=LeRobot&filter=task_categories:robotics&search=SO100')).toEqual(['lerobot/so100_test']);
      expect(await ids('filter=LeRobot&filter=other')).toEqual([]);
      expect(await ids('author=acme')).toEqual(['acme/gated', 'acme/gone']);
      expect(await ids('author=acme&gated=true')).toEqual(['acme/gated']);
    });

    it('accepts a form-encoded paths-info body, as Python sends it', async () => {
      const res = await get('/api/datasets/lerobot/so100_test/paths-info/main', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'paths=meta/info.json&paths=nope&expand=True',
      });
      const entries = await res.json();
      expect(entries).toEqual([
        {
          type: 'file',
          oid: gitOid(info),
          size: info.length,
          path: 'meta/info.json',
          lastCommit: { id: firstSha, title: expect.any(String), date: expect.any(String) },
          securityFileStatus: { status: 'safe' },
        },
      ]);
    });

    it('computes directory oids as git does', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'standin-git-'));
      try {
        await mkdir(join(dir, 'meta'));
        await writeFile(join(dir, 'meta/info.json'), info);
        await writeFile(join(dir, 'meta/extra.txt'), 'x');
        const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
        git('init', '-q');
        git('add', '.');
        const expected = git('rev-parse', `${git('write-tree')}:meta`);
        const tree = await getJson('/api/datasets/lerobot/so100_test/tree/main');
        expect(tree.find((e: { path: string }) => e.path === 'meta')?.oid).toBe(expected);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
