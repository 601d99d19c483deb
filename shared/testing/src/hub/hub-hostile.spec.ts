import { listFiles, pathsInfo } from '@huggingface/hub';
import { StandInHub } from './index';

/** The switches that turn the stand-in into a hostile or broken Hub (issue 6, "Limits and hostile input"). */
describe('StandInHub hostile switches', () => {
  const hub = new StandInHub();
  const info = '{"codebase_version":"v2.1"}';
  const parquet = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
  const repo = { type: 'dataset' as const, name: 'acme/data' };
  let base: string;

  beforeAll(async () => {
    hub.addRepo({ id: 'acme/data', files: { 'meta/info.json': info, 'data/file-000.parquet': parquet } });
    base = await hub.start();
  });

  afterEach(() => hub.clearFaults());
  afterAll(() => hub.stop());

  const listing = async () => {
    const entries = [];
    for await (const entry of listFiles({ repo, hubUrl: base, recursive: true })) entries.push(entry);
    return entries.filter((entry) => entry.type === 'file');
  };

  it.each(['../../escape.parquet', '/etc/escape.parquet', 'data\\..\\..\\escape.parquet', 'data/nul\u0000.parquet'])(
    'lists a file under the hostile path %j in tree and paths-info answers, and still serves its content',
    async (path) => {
      hub.addFault({ repo: 'acme/data', pathPattern: '^data/', listAs: { path } });
      expect((await listing()).map((entry) => entry.path)).toEqual([path, 'meta/info.json']);
      const [entry] = await pathsInfo({ repo, hubUrl: base, paths: ['data/file-000.parquet'] });
      expect(entry.path).toBe(path);
      const served = await fetch(`${base}/datasets/acme/data/resolve/main/data/file-000.parquet`);
      expect(Buffer.from(await served.arrayBuffer()).equals(parquet)).toBe(true);
    },
  );

  it('lists a size above any limit, a blob id that is a path, and adds an LFS hash to a regular file', async () => {
    hub.addFault({ repo: 'acme/data', route: 'tree', pathPattern: 'parquet$', listAs: { size: 2 ** 40 } });
    hub.addFault({ repo: 'acme/data', route: 'tree', pathPattern: 'info\\.json$', listAs: { oid: '../../../escape', lfsOid: '../../../../escape' } });
    const [data, meta] = await listing();
    expect(data).toEqual(expect.objectContaining({ path: 'data/file-000.parquet', size: 2 ** 40, lfs: expect.objectContaining({ size: 2 ** 40 }) }));
    expect(meta).toEqual(expect.objectContaining({ oid: '../../../escape', lfs: expect.objectContaining({ oid: '../../../../escape' }) }));
    // A listing rule is not a request fault: every other route answers as usual.
    expect((await fetch(`${base}/api/datasets/acme/data/revision/main`)).status).toBe(200);
    expect((await fetch(`${base}/datasets/acme/data/resolve/main/meta/info.json`)).status).toBe(200);
  });

  it('announces fewer bytes than the file has and ends the body cleanly there (a truncated file)', async () => {
    hub.addFault({ route: 'resolve', pathPattern: 'info\\.json$', contentLengthDelta: -10 });
    const res = await fetch(`${base}/datasets/acme/data/resolve/main/meta/info.json`);
    expect(res.headers.get('content-length')).toBe(String(info.length - 10));
    expect(await res.text()).toBe(info.slice(0, -10));
  });

  it('announces more bytes than it sends, then closes the connection', async () => {
    hub.addFault({ route: 'blob', contentLengthDelta: 500, times: 1 });
    const res = await fetch(`${base}/datasets/acme/data/resolve/main/data/file-000.parquet`);
    expect(res.headers.get('content-length')).toBe(String(parquet.length + 500));
    await expect(res.arrayBuffer()).rejects.toThrow();
  });

  it('redirects in a loop, to a new URL every hop, until the client gives up', async () => {
    hub.addFault({ repo: 'acme/data', route: 'resolve', pathPattern: '^data/', redirectLoop: true });
    const first = await fetch(`${base}/datasets/acme/data/resolve/main/data/file-000.parquet`, { redirect: 'manual' });
    expect(first.status).toBe(302);
    const second = await fetch(first.headers.get('location') as string, { redirect: 'manual' });
    expect(second.status).toBe(302);
    expect(second.headers.get('location')).not.toBe(first.headers.get('location'));
    await expect(fetch(`${base}/datasets/acme/data/resolve/main/data/file-000.parquet`)).rejects.toThrow();
    expect((await fetch(`${base}/datasets/acme/data/resolve/main/meta/info.json`)).status).toBe(200);
  });

  it('takes the hostile switches over HTTP, and refuses malformed ones', async () => {
    const post = (rule: unknown) => fetch(`${base}/__standin/faults`, { method: 'POST', body: JSON.stringify(rule) });
    expect((await post({ route: 'tree', listAs: { path: '../x' }, contentLengthDelta: 0, redirectLoop: false })).status).toBe(200);
    expect((await listing()).map((entry) => entry.path)).toEqual(['../x', '../x']);
    expect((await post({ listAs: { path: 1 } })).status).toBe(400);
    expect((await post({ listAs: { name: 'x' } })).status).toBe(400);
    expect((await post({ listAs: null })).status).toBe(400);
    expect((await post({ redirectLoop: 'yes' })).status).toBe(400);
  });
});
