import { extname } from 'node:path';
import { checkDownloadAllowed, resolveCommit, visibleRepo } from './access';
import type { HubState } from './api-routes';
import { RepoBlob } from './blob';
import { hubErrors } from './errors';
import type { Exchange } from './exchange';
import { BLOB_PREFIX, type Route } from './routing';
import { storedFile } from './snapshot';

export interface FileState extends HubState {
  /** Content-addressed store behind the stand-in "CDN", filled as LFS resolves hand out its URLs. */
  readonly cdn: Map<string, RepoBlob>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.jsonl': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.parquet': 'application/octet-stream',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

type FileRoute = Extract<Route, { kind: 'resolve' | 'raw' }>;

/**
 * `resolve`: regular files are served here; LFS files redirect (302, absolute URL) to the stand-in CDN,
 * carrying X-Linked-Etag/X-Linked-Size as the Hub does. `raw`: the git blob, i.e. the pointer of an LFS file.
 */
export async function serveRepoFile(state: FileState, ex: Exchange, route: FileRoute): Promise<void> {
  const repo = visibleRepo(state.repos, route.repoId, ex);
  checkDownloadAllowed(repo, ex);
  const commit = resolveCommit(repo, route.revision);
  const blob = commit.files.get(route.path);
  if (!blob) throw hubErrors.entryNotFound(commit.sha);
  const file = await storedFile(route.path, blob);
  const headers = { 'X-Repo-Commit': commit.sha };

  if (!file.lfs) {
    await serveContent(ex, blob, file.oid, route.path, headers, route.kind === 'resolve');
  } else if (route.kind === 'raw') {
    await serveContent(ex, RepoBlob.fromBytes(file.lfs.pointer), file.oid, route.path, headers, false);
  } else {
    const { sha256 } = file.lfs;
    state.cdn.set(sha256, blob);
    const linked = {
      ...headers,
      ETag: `"${file.oid}"`,
      'X-Linked-Etag': `"${sha256}"`,
      'X-Linked-Size': String(file.size),
    };
    if (etagMatches(ex.req.headers['if-none-match'], [file.oid, sha256])) {
      ex.respond(304, linked);
      return;
    }
    const location = new URL(BLOB_PREFIX + sha256, ex.origin);
    location.searchParams.set('repo', repo.id);
    location.searchParams.set('path', route.path);
    ex.respond(302, { ...linked, Location: location.href });
  }
}

/** The CDN answers anyone holding the URL, as signed CDN URLs do. */
export async function serveCdnBlob(state: FileState, ex: Exchange, route: Extract<Route, { kind: 'blob' }>): Promise<void> {
  const blob = state.cdn.get(route.sha256);
  if (!blob) throw hubErrors.routeNotFound();
  await serveContent(ex, blob, route.sha256, route.path ?? '', {}, true);
}

async function serveContent(
  ex: Exchange,
  blob: RepoBlob,
  etag: string,
  path: string,
  extraHeaders: Record<string, string>,
  conditional: boolean,
): Promise<void> {
  const headers = {
    ...extraHeaders,
    ETag: `"${etag}"`,
    'Accept-Ranges': 'bytes',
    'Content-Type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
  };
  if (conditional && etagMatches(ex.req.headers['if-none-match'], [etag])) {
    ex.respond(304, headers);
    return;
  }
  const range = parseRange(ex.req.headers.range, blob.size);
  if (range === 'unsatisfiable') {
    ex.respond(416, { ...headers, 'Content-Range': `bytes */${blob.size}` });
    return;
  }
  if (range) {
    const [start, end] = range;
    await ex.sendBody(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${blob.size}` }, end - start + 1, () =>
      blob.stream(start, end),
    );
    return;
  }
  await ex.sendBody(200, headers, blob.size, () => blob.stream());
}

/** One `bytes=` range, inclusive; multi-range and malformed headers are ignored (a full 200), as RFC 9110 allows. */
function parseRange(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | undefined {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    return suffix === 0 || size === 0 ? 'unsatisfiable' : [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  return end < start ? undefined : [start, end];
}

function etagMatches(header: string | undefined, etags: string[]): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, ''))
    .some((tag) => tag === '*' || etags.includes(tag));
}
