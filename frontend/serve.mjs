// Serves the built dashboard and forwards /api to the backend, so the browser talks to one origin.
// Used by `npm start`, the browser tests, the benches and the web image (docker/web.Dockerfile).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dashboardHeaders } from './security-headers.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Starts the server; resolves with its URL and a close function. */
export async function serveDashboard({ port = 4200, host = '127.0.0.1', apiUrl = 'http://localhost:8000', root } = {}) {
  const webRoot = resolve(root ?? join(fileURLToPath(new URL('.', import.meta.url)), 'dist', 'browser'));
  const api = new URL(apiUrl);
  const securityHeaders = dashboardHeaders(webRoot);

  const server = createServer(async (req, res) => {
    if (req.url.startsWith('/api/') || req.url === '/api') return proxy(req, res, api);
    try {
      await sendFile(req, res, webRoot, securityHeaders());
    } catch (error) {
      console.error(`Dashboard server: ${req.method} ${req.url}: ${error}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('The dashboard server failed; see its log.');
    }
  });
  await new Promise((done, fail) => server.once('error', fail).listen(port, host, done));
  const address = server.address();
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
  };
}

function proxy(req, res, api) {
  const upstream = httpRequest(
    {
      hostname: api.hostname,
      port: api.port,
      path: req.url,
      method: req.method,
      // This server is the first hop: it states the client's address itself, so the API's per-address rate
      // limits (TRUST_PROXY) see real clients, and a client cannot choose its own address by sending the header.
      headers: { ...forwardable(req.headers), host: api.host, 'x-forwarded-for': req.socket.remoteAddress ?? '' },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (res.headersSent) return res.destroy();
    // The same error body the API answers with, so the dashboard shows it like any other outage.
    res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '5' }).end(
      JSON.stringify({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'The RoboKit API does not answer.', retryable: true, requestId: '' }),
    );
  });
  req.pipe(upstream);
}

// Hop-by-hop headers belong to the client's connection, and forwarding headers would let a client speak for
// this proxy; neither may reach the API.
const NOT_FORWARDED = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te', 'trailer', 'transfer-encoding', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip']);

function forwardable(headers) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !NOT_FORWARDED.has(name)));
}

async function sendFile(req, res, webRoot, securityHeaders) {
  const pathname = safeDecode(new URL(req.url, 'http://x').pathname);
  const candidate = normalize(join(webRoot, pathname));
  const inside = candidate === webRoot || candidate.startsWith(webRoot + sep);
  const file = inside ? await fileAt(candidate) : null;
  // Unknown paths are app routes (deep links such as /datasets/<id>): the app decides what they show.
  const target = file ?? join(webRoot, 'index.html');
  const hashed = file !== null && /-[A-Z0-9]{8}\.(js|css)$/.test(target);
  res.writeHead(200, {
    'Content-Type': TYPES[extname(target)] ?? 'application/octet-stream',
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...securityHeaders,
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(target).pipe(res);
}

/** A path that does not decode (`/%E0`) names no file; the app's not-found page answers it. */
function safeDecode(pathname) {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return '/';
  }
}

async function fileAt(path) {
  try {
    return (await stat(path)).isFile() ? path : null;
  } catch {
    return null;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await serveDashboard({ port: Number(process.env.WEB_PORT ?? 4200), host: process.env.WEB_HOST ?? '127.0.0.1', apiUrl: process.env.API_URL, root: process.env.WEB_ROOT });
  console.log(`Dashboard: ${url} (API at ${process.env.API_URL ?? 'http://localhost:8000'})`);
}
