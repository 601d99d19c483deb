import { hubErrors } from './errors';
import type { FaultRoute } from './types';

export type Route =
  | { kind: 'search' }
  | { kind: 'info'; repoId: string; revision: string }
  | { kind: 'tree'; repoId: string; revision: string; path: string }
  | { kind: 'paths-info'; repoId: string; revision: string }
  | { kind: 'refs'; repoId: string }
  | { kind: 'resolve' | 'raw'; repoId: string; revision: string; path: string }
  | { kind: 'blob'; sha256: string; repoId?: string; path?: string };

export type RouteKind = Exclude<FaultRoute, 'any'>;

/** Path prefix of the stand-in's "CDN": where LFS resolves redirect to. */
export const BLOB_PREFIX = '/__cdn/';

const API_KEYWORDS = new Set(['revision', 'tree', 'paths-info', 'refs']);
const FILE_KEYWORDS = new Set(['resolve', 'raw']);
/** Raw (unencoded) special refs take three path segments; listFiles sends them that way. */
const MULTI_SEGMENT_REFS = new Set(['convert', 'pr', 'heads', 'tags']);

/**
 * Maps a request to a route, or undefined when nothing matches. `repoExists` disambiguates legacy one-segment
 * repo ids ("xsum") from "owner/name" ids, since both appear unencoded in the path.
 */
export function parseRoute(method: string, url: URL, repoExists: (id: string) => boolean): Route | undefined {
  const segments = url.pathname.split('/').slice(1);
  const reading = method === 'GET' || method === 'HEAD';
  if (segments[0] === 'api' && segments[1] === 'datasets') {
    const rest = segments.slice(2).filter((s, i, all) => s !== '' || i < all.length - 1);
    if (rest.length === 0) return reading ? { kind: 'search' } : undefined;
    const { repoId, tail } = splitRepoId(rest, API_KEYWORDS, repoExists);
    return parseApiTail(method, repoId, tail);
  }
  if (segments[0] === 'datasets' && reading && segments.length > 1) {
    const { repoId, tail } = splitRepoId(segments.slice(1), FILE_KEYWORDS, repoExists);
    const keyword = tail[0];
    if ((keyword !== 'resolve' && keyword !== 'raw') || tail.length < 3) return undefined;
    const { revision, rest } = takeRevision(tail.slice(1));
    const path = joinPath(rest);
    return path ? { kind: keyword, repoId, revision, path } : undefined;
  }
  if (url.pathname.startsWith(BLOB_PREFIX) && reading) {
    const sha256 = url.pathname.slice(BLOB_PREFIX.length);
    if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined;
    return {
      kind: 'blob',
      sha256,
      repoId: url.searchParams.get('repo') ?? undefined,
      path: url.searchParams.get('path') ?? undefined,
    };
  }
  return undefined;
}

function parseApiTail(method: string, repoId: string, tail: string[]): Route | undefined {
  const reading = method === 'GET' || method === 'HEAD';
  const [keyword, ...after] = tail;
  if (keyword === undefined) return reading ? { kind: 'info', repoId, revision: 'HEAD' } : undefined;
  if (after.length === 0) return keyword === 'refs' && reading ? { kind: 'refs', repoId } : undefined;
  const { revision, rest } = takeRevision(after);
  const path = joinPath(rest);
  if (keyword === 'tree' && reading) return { kind: 'tree', repoId, revision, path };
  if (path !== '') return undefined;
  if (keyword === 'revision' && reading) return { kind: 'info', repoId, revision };
  if (keyword === 'paths-info' && method === 'POST') return { kind: 'paths-info', repoId, revision };
  return undefined;
}

function splitRepoId(
  rest: string[],
  keywords: ReadonlySet<string>,
  repoExists: (id: string) => boolean,
): { repoId: string; tail: string[] } {
  if (rest.length >= 2) {
    const namespaced = `${decode(rest[0])}/${decode(rest[1])}`;
    if (repoExists(namespaced) || !keywords.has(rest[1])) return { repoId: namespaced, tail: rest.slice(2) };
  }
  return { repoId: decode(rest[0]), tail: rest.slice(1) };
}

function takeRevision(segments: string[]): { revision: string; rest: string[] } {
  if (segments[0] === 'refs' && segments.length >= 3 && MULTI_SEGMENT_REFS.has(segments[1])) {
    return { revision: segments.slice(0, 3).map(decode).join('/'), rest: segments.slice(3) };
  }
  return { revision: decode(segments[0]), rest: segments.slice(1) };
}

function joinPath(segments: string[]): string {
  return segments.filter((s) => s !== '').map(decode).join('/');
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw hubErrors.badRequest(`Invalid URL encoding: ${segment}`);
  }
}
