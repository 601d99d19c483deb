import { downloadFile } from '@huggingface/hub';
import { DEMO_ALWAYS_FAILS, DEMO_FLAKY, StandInHub, addFailingDemoRepos } from './index';

describe('StandInHub fault injection, request log and admin surface', () => {
  const TOKEN = 'hf_faults';
  const hub = new StandInHub({ tokens: [TOKEN] });
  const text = 'x'.repeat(5000);
  const parquet = Buffer.from(Array.from({ length: 4000 }, (_, i) => i % 251));
  const repo = { type: 'dataset' as const, name: 'acme/data' };
  let base: string;

  beforeAll(async () => {
    hub.addRepo({ id: 'acme/data', files: { 'meta/info.json': text, 'data/file-000.parquet': parquet } });
    addFailingDemoRepos(hub, { files: { 'meta/info.json': '{}', 'data/file-000.parquet': parquet } });
    base = await hub.start();
  });

  afterEach(() => {
    hub.clearFaults();
    hub.clearRequests();
  });

  afterAll(() => hub.stop());

  it('answers an injected status for the first N matching requests only', async () => {
    hub.addFault({ repo: 'acme/data', route: 'info', status: 503, errorCode: 'Overloaded', times: 2 });
    const first = await fetch(`${base}/api/datasets/acme/data`);
    expect(first.status).toBe(503);
    expect(first.headers.get('x-error-code')).toBe('Overloaded');
    expect(await first.json()).toEqual({ error: 'Service Unavailable' });
    expect((await fetch(`${base}/api/datasets/acme/data/tree/main`)).status).toBe(200);
    expect((await fetch(`${base}/api/datasets/acme/data`)).status).toBe(503);
    expect((await fetch(`${base}/api/datasets/acme/data`)).status).toBe(200);
  });

  it('sends the rate-limit headers with an injected 429', async () => {
    hub.addFault({ route: 'any', status: 429, retryAfter: 7 });
    const api = await fetch(`${base}/api/datasets`);
    expect(api.status).toBe(429);
    expect(api.headers.get('retry-after')).toBe('7');
    expect(api.headers.get('ratelimit')).toBe('"api";r=0;t=7');
    expect(api.headers.get('ratelimit-policy')).toBe('"fixed window";"api";q=1000;w=300');
    const file = await fetch(`${base}/datasets/acme/data/resolve/main/meta/info.json`);
    expect(file.headers.get('ratelimit')).toBe('"resolvers";r=0;t=7');
  });

  it('matches pathPattern given as a string or a RegExp', async () => {
    hub.addFault({ route: 'resolve', pathPattern: '^meta/', status: 500 });
    hub.addFault({ route: 'resolve', pathPattern: /\.PARQUET$/i, status: 502 });
    expect((await fetch(`${base}/datasets/acme/data/resolve/main/meta/info.json`)).status).toBe(500);
    expect((await fetch(`${base}/datasets/acme/data/resolve/main/data/file-000.parquet`, { redirect: 'manual' })).status).toBe(502);
  });

  it('delays answers', async () => {
    hub.addFault({ route: 'refs', delayMs: 300, times: 1 });
    const started = Date.now();
    const res = await fetch(`${base}/api/datasets/acme/data/refs`);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('truncates a body after N bytes while announcing the full length', async () => {
    hub.addFault({ route: 'resolve', pathPattern: 'info\\.json$', truncateAfterBytes: 100, times: 1 });
    const res = await fetch(`${base}/datasets/acme/data/resolve/main/meta/info.json`);
    expect(res.headers.get('content-length')).toBe(String(text.length));
    await expect(res.text()).rejects.toThrow();
    expect(await (await fetch(`${base}/datasets/acme/data/resolve/main/meta/info.json`)).text()).toBe(text);
  });

  it('leaves the size probe alone so a client download sees the fault on the content request', async () => {
    hub.addFault({ route: 'blob', truncateAfterBytes: 10, times: 1 });
    const blob = await downloadFile({ repo, hubUrl: base, path: 'data/file-000.parquet' });
    await expect(blob?.arrayBuffer()).rejects.toThrow();
    const again = await downloadFile({ repo, hubUrl: base, path: 'data/file-000.parquet' });
    expect(Buffer.from(await (again as Blob).arrayBuffer()).equals(parquet)).toBe(true);
  });

  it('corrupts bodies without changing their length', async () => {
    hub.addFault({ route: 'blob', corruptBody: true, times: 1 });
    const res = await fetch(`${base}/datasets/acme/data/resolve/main/data/file-000.parquet`);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBe(parquet.length);
    expect(body.equals(parquet)).toBe(false);
  });

  it('trickles a body a byte per chunk, spaced apart, for that request only', async () => {
    hub.addFault({ route: 'resolve', pathPattern: 'info\\.json$', trickleMs: 20, times: 1 });
    const res = await fetch(`${base}/datasets/acme/data/resolve/main/meta/info.json`);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const chunks: number[] = [];
    const started = Date.now();
    while (chunks.length < 5) chunks.push(((await reader.read()).value as Uint8Array).length);
    await reader.cancel();
    expect(chunks).toEqual([1, 1, 1, 1, 1]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 20 - 5);
    expect(await (await fetch(`${base}/datasets/acme/data/resolve/main/meta/info.json`)).text()).toBe(text);
  });

  it('stalls a body, and stop() still ends the connection', async () => {
    const stalling = new StandInHub();
    stalling.addRepo({ id: 'acme/data', files: { 'meta/info.json': text } });
    const url = await stalling.start();
    stalling.addFault({ route: 'resolve', stallAfterBytes: 10 });
    const res = await fetch(`${url}/datasets/acme/data/resolve/main/meta/info.json`);
    expect(res.status).toBe(200);
    const body = res.text();
    const timeout = await Promise.race([body.then(() => 'done', () => 'failed'), delay(300).then(() => 'pending')]);
    expect(timeout).toBe('pending');
    await stalling.stop();
    await expect(body).rejects.toThrow();
  });

  it('logs every non-admin request with its status and whether a valid token came with it', async () => {
    await fetch(`${base}/api/datasets/acme/data?expand=sha`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    await fetch(`${base}/api/datasets/acme/missing`);
    await fetch(`${base}/__standin/requests`);
    expect(hub.requests).toEqual([
      { method: 'GET', path: '/api/datasets/acme/data', query: 'expand=sha', status: 200, authorized: true, at: expect.any(Number) },
      { method: 'GET', path: '/api/datasets/acme/missing', query: '', status: 401, authorized: false, at: expect.any(Number) },
    ]);
  });

  it('is controllable over HTTP', async () => {
    const posted = await fetch(`${base}/__standin/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ repo: 'acme/data', route: 'resolve', pathPattern: '^meta/', status: 500, times: 1 }),
    });
    expect(posted.status).toBe(200);
    expect((await fetch(`${base}/datasets/acme/data/resolve/main/meta/info.json`)).status).toBe(500);
    expect((await fetch(`${base}/datasets/acme/data/resolve/main/meta/info.json`)).status).toBe(200);

    const log = (await (await fetch(`${base}/__standin/requests`)).json()) as { status: number }[];
    expect(log.map((entry) => entry.status)).toEqual([500, 200]);
    expect((await fetch(`${base}/__standin/requests`, { method: 'DELETE' })).status).toBe(204);
    expect(hub.requests).toHaveLength(0);

    await fetch(`${base}/__standin/faults`, { method: 'POST', body: JSON.stringify({ route: 'any', status: 500 }) });
    expect((await fetch(`${base}/__standin/faults`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${base}/api/datasets`)).status).toBe(200);

    const bad = await fetch(`${base}/__standin/faults`, { method: 'POST', body: JSON.stringify({ status: '500' }) });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${base}/__standin/faults`, { method: 'POST', body: JSON.stringify({ route: 'nowhere' }) });
    expect(unknown.status).toBe(400);
  });

  it('serves the demo repos that fail always, or twice then succeed', async () => {
    const resolve = (id: string, path: string): Promise<Response> =>
      fetch(`${base}/datasets/${id}/resolve/main/${path}`, { redirect: 'manual' });
    expect((await resolve(DEMO_ALWAYS_FAILS, 'meta/info.json')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await resolve(DEMO_ALWAYS_FAILS, 'data/file-000.parquet')).status).toBe(500);
    expect((await resolve(DEMO_FLAKY, 'data/file-000.parquet')).status).toBe(500);
    expect((await resolve(DEMO_FLAKY, 'data/file-000.parquet')).status).toBe(500);
    expect((await resolve(DEMO_FLAKY, 'data/file-000.parquet')).status).toBe(302);
  });
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
