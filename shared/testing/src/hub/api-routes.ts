import { canRead, resolveCommit, visibleRepo } from './access';
import { FULL_LIST_FIELDS, INFO_FIELDS, LIST_FIELDS, datasetJson, expandParam } from './dataset-json';
import { hubErrors } from './errors';
import type { Exchange } from './exchange';
import type { FaultBook } from './faults';
import { hostileEntry } from './hostile-listing';
import { paginate } from './paging';
import type { StandInRepo } from './repo';
import type { Route } from './routing';
import { Snapshot, type TreeItem } from './snapshot';

export interface HubState {
  readonly repos: ReadonlyMap<string, StandInRepo>;
  readonly treePageSize: number;
  readonly listPageSize: number;
  readonly faults: FaultBook;
}

/** The Hub's tree page size drops to 50 when each entry needs its last commit. */
const EXPANDED_TREE_PAGE_SIZE = 50;

const SORT_KEYS: Record<string, (repo: StandInRepo) => number | string> = {
  downloads: (repo) => repo.downloads,
  likes: (repo) => repo.likes,
  likes30d: (repo) => repo.likes,
  lastModified: (repo) => repo.resolveRevision('main')?.date ?? '',
  createdAt: (repo) => repo.createdAt,
  trendingScore: () => 0,
  mainSize: (repo) => [...(repo.resolveRevision('main')?.files.values() ?? [])].reduce((s, b) => s + b.size, 0),
  'datasetsServerInfo.numRows': () => 0,
  id: (repo) => repo.id,
};

export async function searchDatasets(state: HubState, ex: Exchange): Promise<void> {
  const query = ex.url.searchParams;
  const expand = expandParam(query);
  const full = isTrue(query.get('full'));
  if (expand.length > 0 && full) throw hubErrors.badRequest('"full" cannot be combined with "expand"');
  const sort = query.get('sort');
  const sortKey = sort === null ? undefined : SORT_KEYS[sort];
  if (sort !== null && !sortKey) throw hubErrors.badRequest(`Invalid sort parameter: ${sort}`);
  const limit = query.get('limit') === null ? state.listPageSize : Number(query.get('limit'));
  if (!Number.isInteger(limit) || limit < 1) throw hubErrors.badRequest('"limit" must be a positive integer');

  const search = query.get('search')?.toLowerCase();
  const author = query.get('author')?.toLowerCase();
  const filters = query.getAll('filter');
  const gated = query.get('gated');
  const matches = [...state.repos.values()].filter(
    (repo) =>
      (!repo.private || canRead(repo, ex.token)) &&
      (!search || repo.id.toLowerCase().includes(search)) &&
      (!author || repo.id.toLowerCase().startsWith(`${author}/`)) &&
      filters.every((tag) => repo.tags.includes(tag)) &&
      (gated === null || (repo.gated !== false) === isTrue(gated)),
  );
  // Always descending: the Hub ignores `direction`.
  if (sortKey) matches.sort((a, b) => compare(sortKey(b), sortKey(a)));

  const { page, headers } = paginate(matches, Math.min(limit, state.listPageSize), ex);
  const fields = expand.length > 0 ? expand : full ? FULL_LIST_FIELDS : LIST_FIELDS;
  const items = [];
  for (const repo of page) items.push(await datasetJson(repo, resolveCommit(repo, 'main'), fields));
  await ex.sendJson(items, headers);
}

export async function datasetInfo(state: HubState, ex: Exchange, route: Extract<Route, { kind: 'info' }>): Promise<void> {
  const repo = visibleRepo(state.repos, route.repoId, ex);
  const commit = resolveCommit(repo, route.revision);
  const expand = expandParam(ex.url.searchParams);
  const blobs = isTrue(ex.url.searchParams.get('blobs'));
  if (expand.length > 0 && blobs) throw hubErrors.badRequest('"blobs" cannot be combined with "expand"');
  await ex.sendJson(await datasetJson(repo, commit, expand.length > 0 ? expand : INFO_FIELDS, blobs));
}

export async function listTree(state: HubState, ex: Exchange, route: Extract<Route, { kind: 'tree' }>): Promise<void> {
  const repo = visibleRepo(state.repos, route.repoId, ex);
  const snapshot = new Snapshot(repo, resolveCommit(repo, route.revision));
  if (!snapshot.isDirectory(route.path)) throw hubErrors.entryNotFound();
  const expand = isTrue(ex.url.searchParams.get('expand'));
  const items = snapshot.list(route.path, isTrue(ex.url.searchParams.get('recursive')));
  const pageSize = expand ? Math.min(state.treePageSize, EXPANDED_TREE_PAGE_SIZE) : state.treePageSize;
  const { page, headers } = paginate(items, pageSize, ex);
  await ex.sendJson(await entries(state, snapshot, page, expand, 'tree'), headers);
}

/** Accepts the JS client's JSON body and Python's form body; paths that do not exist are left out. */
export async function pathsInfo(state: HubState, ex: Exchange, route: Extract<Route, { kind: 'paths-info' }>): Promise<void> {
  const repo = visibleRepo(state.repos, route.repoId, ex);
  const snapshot = new Snapshot(repo, resolveCommit(repo, route.revision));
  const { paths, expand } = parsePathsInfoBody(await ex.readBody(), ex.req.headers['content-type'] ?? '');
  const items: TreeItem[] = [];
  for (const path of new Set(paths.map((p) => p.replace(/^\/+|\/+$/g, '')))) {
    const type = snapshot.typeOf(path);
    if (type) items.push({ type, path });
  }
  await ex.sendJson(await entries(state, snapshot, items, expand, 'paths-info'));
}

export async function listRefs(state: HubState, ex: Exchange, route: Extract<Route, { kind: 'refs' }>): Promise<void> {
  const repo = visibleRepo(state.repos, route.repoId, ex);
  const { branches, converts, tags, pullRequests } = repo.listRefs();
  const withPrs = isTrue(ex.url.searchParams.get('include_prs'));
  await ex.sendJson({ branches, converts, tags, ...(withPrs ? { pullRequests } : {}) });
}

async function entries(
  state: HubState,
  snapshot: Snapshot,
  items: readonly TreeItem[],
  expand: boolean,
  route: 'tree' | 'paths-info',
): Promise<unknown[]> {
  const result: unknown[] = [];
  // Sequential on purpose: a page may name hundreds of fixture files, hashed on first use.
  for (const item of items) {
    const entry = await snapshot.entry(item, expand);
    const override = item.type === 'file' ? state.faults.listingOverride({ route, repoId: snapshot.repoId, path: item.path }) : undefined;
    result.push(override ? hostileEntry(entry, override) : entry);
  }
  return result;
}

function parsePathsInfoBody(body: Buffer, contentType: string): { paths: string[]; expand: boolean } {
  if (contentType.includes('application/json')) {
    let json: { paths?: unknown; expand?: unknown };
    try {
      json = JSON.parse(body.toString('utf8')) as typeof json;
    } catch {
      throw hubErrors.badRequest('Invalid JSON body');
    }
    const paths = typeof json.paths === 'string' ? [json.paths] : json.paths;
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) {
      throw hubErrors.badRequest('"paths" must be an array of strings');
    }
    return { paths, expand: json.expand === true || isTrue(String(json.expand)) };
  }
  const form = new URLSearchParams(body.toString('utf8'));
  const paths = form.getAll('paths');
  if (paths.length === 0) throw hubErrors.badRequest('"paths" is required');
  return { paths, expand: isTrue(form.get('expand')) };
}

/** Query flags arrive as true/1 from the JS client and True from Python's form encoding. */
function isTrue(value: string | null): boolean {
  return value !== null && /^(true|1)$/i.test(value);
}

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
