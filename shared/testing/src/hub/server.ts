import { type IncomingMessage, type Server, type ServerResponse, STATUS_CODES, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, type AdminState, handleAdmin } from './admin-routes';
import { datasetInfo, listRefs, listTree, pathsInfo, searchDatasets } from './api-routes';
import { HubError, hubErrors } from './errors';
import { Exchange, newRequestId } from './exchange';
import { FaultBook } from './faults';
import { type FileState, serveCdnBlob, serveRepoFile } from './file-routes';
import { StandInRepo } from './repo';
import { type Route, parseRoute } from './routing';
import type { FaultRule, HubRequestLog, StandInHubOptions, StandInRepoOptions } from './types';

/** Free-tier quotas per 5-minute window (docs/hub/rate-limits.md), sent with injected 429s. */
const RATE_LIMIT_QUOTAS = { api: 1000, resolvers: 5000, pages: 200 };

/**
 * A stand-in for huggingface.co serving dataset repos over real HTTP, with the Hub's routes, headers and
 * error conventions, plus fault injection and a request log for tests.
 */
export class StandInHub {
  private readonly state: FileState & AdminState & { repos: Map<string, StandInRepo> };
  private readonly tokens: ReadonlySet<string>;
  private server: Server | undefined;
  private baseUrl = '';

  constructor(options: StandInHubOptions = {}) {
    this.state = {
      requests: [],
      faults: new FaultBook(),
      repos: new Map(),
      cdn: new Map(),
      treePageSize: options.treePageSize ?? 1000,
      listPageSize: options.listPageSize ?? 1000,
    };
    this.tokens = new Set(options.tokens ?? []);
  }

  /** Every non-admin request in arrival order; the same array for the hub's lifetime. */
  get requests(): HubRequestLog[] {
    return this.state.requests;
  }

  get url(): string {
    if (!this.baseUrl) throw new Error('StandInHub is not started');
    return this.baseUrl;
  }

  addRepo(options: StandInRepoOptions): StandInRepo {
    if (this.state.repos.has(options.id)) throw new Error(`Repo ${options.id} already exists`);
    const repo = new StandInRepo(options);
    this.state.repos.set(repo.id, repo);
    return repo;
  }

  getRepo(id: string): StandInRepo {
    const repo = this.state.repos.get(id);
    if (!repo) throw new Error(`No repo ${id}`);
    return repo;
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.server) throw new Error('StandInHub is already started');
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    this.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    return this.baseUrl;
  }

  /** Also cuts stalled and delayed answers, which would otherwise keep the server open forever. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.baseUrl = '';
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  clearRequests(): void {
    this.state.requests.length = 0;
  }

  /** With `keepOnClear`, the rule is part of the fixture (the demo repos) and survives clearFaults(). */
  addFault(rule: FaultRule, options: { keepOnClear?: boolean } = {}): void {
    this.state.faults.add(rule, options);
  }

  /** Removes every rule added without `keepOnClear`. */
  clearFaults(): void {
    this.state.faults.clear();
  }

  private isValidToken(token: string): boolean {
    if (this.tokens.has(token)) return true;
    for (const repo of this.state.repos.values()) if (repo.allowedTokens.includes(token)) return true;
    return false;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Request-Id', newRequestId());
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const origin = req.headers.host ? `http://${req.headers.host}` : this.baseUrl;
    const admin = url.pathname.startsWith(ADMIN_PREFIX);
    const log: HubRequestLog | undefined = admin
      ? undefined
      : { method: req.method ?? 'GET', path: url.pathname, query: url.search.slice(1), status: 0, authorized: false, at: Date.now() };
    if (log) this.state.requests.push(log);
    const ex = new Exchange(req, res, url, origin, log, this.state.faults);
    try {
      if (admin) {
        await handleAdmin(this.state, ex);
        return;
      }
      const route = parseRoute(req.method ?? 'GET', url, (id) => this.state.repos.has(id));
      if (!route) throw hubErrors.routeNotFound();
      ex.faultTarget = {
        route: route.kind,
        repoId: route.kind === 'search' ? undefined : route.repoId,
        path: 'path' in route ? route.path : undefined,
      };
      const fault = this.state.faults.takeRequestFault(ex.faultTarget);
      if (fault?.delayMs) await ex.delay(fault.delayMs);
      if (ex.closed) return;
      if (fault?.status !== undefined) throw faultError(fault, route);
      if (fault?.redirectLoop) {
        ex.respond(302, { Location: nextHop(ex) });
        return;
      }
      // The CDN ignores credentials: its URLs are signed.
      if (route.kind !== 'blob') ex.authenticate((token) => this.isValidToken(token));
      await this.dispatch(ex, route);
    } catch (error) {
      ex.sendError(error instanceof HubError ? error : new HubError(500, `Stand-in hub failure: ${String(error)}`));
    }
  }

  private dispatch(ex: Exchange, route: Route): Promise<void> {
    switch (route.kind) {
      case 'search':
        return searchDatasets(this.state, ex);
      case 'info':
        return datasetInfo(this.state, ex, route);
      case 'tree':
        return listTree(this.state, ex, route);
      case 'paths-info':
        return pathsInfo(this.state, ex, route);
      case 'refs':
        return listRefs(this.state, ex, route);
      case 'resolve':
      case 'raw':
        return serveRepoFile(this.state, ex, route);
      case 'blob':
        return serveCdnBlob(this.state, ex, route);
    }
  }
}

/** The same URL with a hop counter one higher, so each redirect of a loop names a URL not seen before. */
function nextHop(ex: Exchange): string {
  const next = new URL(ex.url.pathname + ex.url.search, ex.origin);
  next.searchParams.set('hop', String(Number(next.searchParams.get('hop') ?? 0) + 1));
  return next.href;
}

/** An injected failure, dressed like the Hub's own: 429s carry the rate-limit headers clients back off on. */
function faultError(fault: FaultRule, route: Route): HubError {
  const status = fault.status as number;
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
  if (status !== 429) return new HubError(status, STATUS_CODES[status] ?? 'Error', fault.errorCode, headers);
  const bucket = route.kind === 'resolve' || route.kind === 'blob' ? 'resolvers' : route.kind === 'raw' ? 'pages' : 'api';
  const reset = fault.retryAfter ?? 300;
  headers['RateLimit'] = `"${bucket}";r=0;t=${reset}`;
  headers['RateLimit-Policy'] = `"fixed window";"${bucket}";q=${RATE_LIMIT_QUOTAS[bucket]};w=300`;
  return new HubError(
    429,
    `You have exceeded our rate limit for ${bucket} requests. Retry in ${reset} seconds.`,
    fault.errorCode,
    headers,
  );
}
