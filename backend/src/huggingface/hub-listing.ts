import { ErrorCode } from '@robokit/api';
import { DomainError } from '../common/domain-error';
import { isSafeRepoPath, RepoFile } from './hub-cache';

/**
 * Everything in a listing becomes a file name in the cache: the path under snapshots/, the blob id or LFS
 * hash under blobs/. So a listing is checked entry by entry before anything of it touches the disk, and
 * one bad entry refuses the whole listing: a Hub that lies about one file is not trusted about the others.
 */

/** More entries than any real dataset has; beyond it a listing is a paging loop or an attack on memory. */
export const MAX_LISTED_FILES = 1_000_000;

const GIT_OID = /^[0-9a-f]{40}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** A tree or paths-info entry of type "file", as the Hub sends it (nothing in it is trusted yet). */
export interface ListedFile {
  path?: unknown;
  size?: unknown;
  oid?: unknown;
  lfs?: { oid?: unknown } | null;
}

function badListing(repoId: string, message: string, path: unknown, code = ErrorCode.HubBadResponse): DomainError {
  return new DomainError(code, `${message}; refusing the file listing of ${repoId}.`, { repoId, path: String(path) }, false);
}

function checkedPath(repoId: string, path: unknown): string {
  if (!isSafeRepoPath(path)) {
    throw badListing(repoId, `The Hub listed a file at ${JSON.stringify(path)}, a path that could write outside the cache or that no filesystem accepts`, path, ErrorCode.HubUnsafePath);
  }
  return path;
}

/** One listed file as a cache entry, or a refusal that says what is wrong with it. */
export function repoFileOf(repoId: string, entry: ListedFile): RepoFile {
  const path = checkedPath(repoId, entry.path);
  if (typeof entry.oid !== 'string' || !GIT_OID.test(entry.oid)) {
    throw badListing(repoId, `The Hub listed ${path} with the blob id ${JSON.stringify(entry.oid)}, which is not a git hash`, path);
  }
  if (typeof entry.size !== 'number' || !Number.isSafeInteger(entry.size) || entry.size < 0) {
    throw badListing(repoId, `The Hub listed ${path} with the size ${JSON.stringify(entry.size)}, which is not a byte count`, path);
  }
  const lfsOid = entry.lfs?.oid;
  if (entry.lfs && (typeof lfsOid !== 'string' || !SHA256.test(lfsOid))) {
    throw badListing(repoId, `The Hub listed ${path} with the LFS hash ${JSON.stringify(lfsOid)}, which is not a sha256`, path);
  }
  return { path, size: entry.size, blobId: entry.oid, ...(entry.lfs ? { lfsSha256: lfsOid as string } : {}) };
}

/**
 * The listing as a whole: every path once (a repeated one means the pages loop), no file that is also a
 * folder of another (the cache could not hold both), and no more than MAX_LISTED_FILES entries.
 */
export class ListingCheck {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  constructor(private readonly repoId: string) {}

  add(file: RepoFile): RepoFile {
    if (this.files.has(file.path)) throw badListing(this.repoId, `The Hub listed ${file.path} twice (its pages may loop)`, file.path);
    if (this.files.size >= MAX_LISTED_FILES) throw badListing(this.repoId, `The Hub listed more than ${MAX_LISTED_FILES} files`, file.path);
    const parts = file.path.split('/');
    const parents = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
    const clash = this.folders.has(file.path) ? file.path : parents.find((parent) => this.files.has(parent));
    if (clash !== undefined) throw badListing(this.repoId, `The Hub listed ${clash} both as a file and as a folder`, clash);
    this.files.add(file.path);
    for (const parent of parents) this.folders.add(parent);
    return file;
  }
}

/** A listing read back from the cache, which other tools write too: held to the same rules. */
export function checkedListing(repoId: string, files: RepoFile[]): RepoFile[] {
  const check = new ListingCheck(repoId);
  for (const file of files) {
    check.add(repoFileOf(repoId, { path: file.path, size: file.size, oid: file.blobId, lfs: file.lfsSha256 === undefined ? undefined : { oid: file.lfsSha256 } }));
  }
  return files;
}
