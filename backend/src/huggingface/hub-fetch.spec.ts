import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { createHubFetch } from './hub-fetch';
import { HubNetworkError, HubProtocolError, HubResponseError } from './hub-response-error';

/** A tiny server whose routes misbehave on purpose; each test names the route it needs. */
describe('createHubFetch against a misbehaving server', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/api/endless': (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      const write = () => {
        while (res.write(chunk));
        res.once('drain', write);
      };
      write();
    },
    '/datasets/big': (_req, res) => res.end(Buffer.alloc(64 * 1024, 1)),
    '/stall': (_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('x'.repeat(10));
    },
    '/loop': (req, res) => res.writeHead(302, { Location: `/loop?${Number(new URL(req.url ?? '', base).searchParams.get('n') ?? 0) + 1}` }).end(),
    '/error': (_req, res) => res.writeHead(500, { 'X-Error-Code': 'Boom' }).end(JSON.stringify({ error: 'x'.repeat(1024 * 1024) })),
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      seen.push(req.url ?? '');
      (routes[path] ?? ((_q, r) => r.writeHead(404).end()))(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const hubFetch = () => createHubFetch({ hubUrl: base, idleTimeoutMs: 300, localOnly: false, maxApiAnswerBytes: 256 * 1024 });

  it('cuts off an API answer larger than the bound, but not a file download', async () => {
    const endless = await hubFetch()(`${base}/api/endless`);
    await expect(endless.text()).rejects.toThrow(HubProtocolError);
    expect((await (await hubFetch()(`${base}/datasets/big`)).arrayBuffer()).byteLength).toBe(64 * 1024);
  });

  it('aborts a body that stops mid-way with a HubNetworkError that says so', async () => {
    const stalled = await hubFetch()(`${base}/stall`);
    const error = await stalled.text().then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubNetworkError);
    expect((error as HubNetworkError).reason).toBe('it stopped sending mid-answer: no data for 300 ms');
  });

  it('stops a redirect loop after five redirects', async () => {
    seen.length = 0;
    await expect(hubFetch()(`${base}/loop`)).rejects.toThrow(/more than 5 redirects/);
    expect(seen).toHaveLength(6);
  });

  it('reads only the start of a huge error body', async () => {
    const error = await hubFetch()(`${base}/error`).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubResponseError);
    expect((error as HubResponseError).errorCode).toBe('Boom');
  });
});
