import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/** One file of a repo at a commit, as the tree listing describes it. */
export interface RepoFile {
  path: string;
  size: number;
  /** git blob sha1 (40 hex). */
  blobId: string;
  /** sha256 of the content for LFS files. */
  lfsSha256?: string;
}

interface TreeFile {
  size: number;
  blob_id: string;
  lfs_sha256?: string;
  lfs_size?: number;
}

/** Longest repo path, and longest path segment, a cache entry may have (Linux allows 4096 and 255). */
const MAX_PATH_BYTES = 1024;
const MAX_SEGMENT_BYTES = 255;

/**
 * Paths that could escape the cache folder, or that the filesystem would refuse, are refused before they
 * touch the disk: '..' and '.' segments, absolute paths, backslashes (Windows separators), control
 * characters including NUL, empty segments, and names too long for the filesystem.
 */
export function isSafeRepoPath(path: unknown): path is string {
  return (
    typeof path === 'string' &&
    path.length > 0 &&
    Buffer.byteLength(path) <= MAX_PATH_BYTES &&
    !/[\x00-\x1f\x7f\\]/.test(path) &&
    !path.startsWith('/') &&
    path.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && Buffer.byteLength(part) <= MAX_SEGMENT_BYTES)
  );
}

// A ref such as "main/x" under a ref file "main", or a name too long for the filesystem, is simply not cached.
const NOT_THERE = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'EISDIR']);

function uniqueSuffix(): string {
  return `${process.pid}.${randomBytes(6).toString('hex')}`;
}

// Our scratch files end in the unique suffix; huggingface_hub's own `<etag>.incomplete` files it resumes itself.
const OUR_SCRATCH = /\.\d+\.[0-9a-f]{12}\.incomplete$/;


/**
 * The Hugging Face cache layout (huggingface_hub's `hub/` folder), so RoboKit and the Python tools share
 * one cache: blobs named by etag, snapshots of relative symlinks per commit, refs without newline,
 * `.no_exist` markers and `trees/<commit>.json` listings.
 */
export class HubCache {
  constructor(readonly root: string) {}

  repoFolder(repoId: string): string {
    return join(this.root, `datasets--${repoId.split('/').join('--')}`);
  }

  private inside(base: string, ...parts: string[]): string {
    const path = resolve(base, ...parts);
    if (!path.startsWith(base + sep)) throw new Error(`Refusing cache path outside ${base}: ${parts.join('/')}`);
    return path;
  }

  snapshotPath(repoId: string, commit: string, path = ''): string {
    const snapshot = join(this.repoFolder(repoId), 'snapshots', commit);
    return path ? this.inside(snapshot, path) : snapshot;
  }

  blobPath(repoId: string, etag: string): string {
    return join(this.repoFolder(repoId), 'blobs', etag);
  }

  /** A process-unique file for a download: two workers downloading the same blob never share one. */
  temporaryBlobPath(repoId: string, etag: string): Promise<string> {
    return this.scratchPath(repoId, etag);
  }

  /**
   * A process-unique scratch file in the repo's blobs/ folder (the filesystem of its final place, so a rename
   * is atomic). Named `.incomplete` like huggingface_hub's, so a crash never leaves strays under refs/ or
   * snapshots/ that the Python tools would take for real entries.
   */
  private async scratchPath(repoId: string, label: string): Promise<string> {
    const blobs = join(this.repoFolder(repoId), 'blobs');
    await mkdir(blobs, { recursive: true });
    return join(blobs, `${label}.${uniqueSuffix()}.incomplete`);
  }

  /** Writes through a scratch file and a rename, so a reader never sees half a file. */
  private async writeAtomically(repoId: string, path: string, content: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const temporary = await this.scratchPath(repoId, 'write');
    try {
      await writeFile(temporary, content);
      await rename(temporary, path);
    } catch (error) {
      await this.discard(temporary);
      throw error;
    }
  }

  async readRef(repoId: string, revision: string): Promise<string | null> {
    try {
      // Python writes refs without a newline but older tools may add one; trim for them.
      return (await readFile(this.inside(join(this.repoFolder(repoId), 'refs'), revision), 'utf8')).trim();
    } catch (error) {
      if (NOT_THERE.has((error as NodeJS.ErrnoException).code ?? '')) return null;
      throw error;
    }
  }

  async writeRef(repoId: string, revision: string, commit: string): Promise<void> {
    if (revision === commit || (await this.readRef(repoId, revision)) === commit) return;
    await this.writeAtomically(repoId, this.inside(join(this.repoFolder(repoId), 'refs'), revision), commit);
  }

  async writeTree(repoId: string, commit: string, files: RepoFile[]): Promise<void> {
    const listing: Record<string, TreeFile> = {};
    for (const file of files) {
      listing[file.path] = {
        size: file.size,
        blob_id: file.blobId,
        ...(file.lfsSha256 ? { lfs_sha256: file.lfsSha256, lfs_size: file.size } : {}),
      };
    }
    await this.writeAtomically(
      repoId,
      join(this.repoFolder(repoId), 'trees', `${commit}.json`),
      JSON.stringify({ format_version: 1, files: listing }),
    );
  }

  async readTree(repoId: string, commit: string): Promise<RepoFile[] | null> {
    let text: string;
    try {
      text = await readFile(join(this.repoFolder(repoId), 'trees', `${commit}.json`), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const parsed = JSON.parse(text) as { files: Record<string, TreeFile> };
    return Object.entries(parsed.files).map(([path, file]) => ({
      path,
      size: file.size,
      blobId: file.blob_id,
      ...(file.lfs_sha256 ? { lfsSha256: file.lfs_sha256 } : {}),
    }));
  }

  /** The files a snapshot folder holds (what was downloaded), or null when there is no such snapshot. */
  async snapshotFiles(repoId: string, commit: string): Promise<RepoFile[] | null> {
    const root = this.snapshotPath(repoId, commit);
    if (!existsSync(root)) return null;
    const files: RepoFile[] = [];
    const walk = async (folder: string): Promise<void> => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) {
          await walk(path);
          continue;
        }
        const etag = basename(await readlink(path).catch(() => ''));
        const size = (await stat(path).catch(() => null))?.size;
        if (size === undefined || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(etag)) continue;
        files.push({ path: relative(root, path).split(sep).join('/'), size, blobId: etag, ...(etag.length === 64 ? { lfsSha256: etag } : {}) });
      }
    };
    await walk(root);
    return files.sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  async hasSnapshot(repoId: string, commit: string): Promise<boolean> {
    return existsSync(this.snapshotPath(repoId, commit));
  }

  /** The local path of a file when it is complete in the cache (its blob has the listed size). */
  async cachedFile(repoId: string, commit: string, file: Pick<RepoFile, 'path' | 'size'>): Promise<string | null> {
    const path = this.snapshotPath(repoId, commit, file.path);
    try {
      const info = await stat(path);
      return info.size === file.size ? path : null;
    } catch {
      return null;
    }
  }

  async isMarkedMissing(repoId: string, commit: string, path: string): Promise<boolean> {
    return existsSync(this.inside(join(this.repoFolder(repoId), '.no_exist', commit), path));
  }

  async markMissing(repoId: string, commit: string, path: string): Promise<void> {
    const marker = this.inside(join(this.repoFolder(repoId), '.no_exist', commit), path);
    await mkdir(dirname(marker), { recursive: true });
    await writeFile(marker, '');
  }

  /** Moves a verified download into place and links it into the snapshot; safe when two processes race. */
  async commitBlob(repoId: string, commit: string, path: string, etag: string, temporary: string): Promise<string> {
    const blob = this.blobPath(repoId, etag);
    await rename(temporary, blob);
    return this.link(repoId, commit, path, etag);
  }

  async hasBlob(repoId: string, etag: string, size: number): Promise<boolean> {
    try {
      return (await stat(this.blobPath(repoId, etag))).size === size;
    } catch {
      return false;
    }
  }

  async link(repoId: string, commit: string, path: string, etag: string): Promise<string> {
    const target = this.snapshotPath(repoId, commit, path);
    const relativeBlob = relative(dirname(target), this.blobPath(repoId, etag));
    const existing = await lstat(target).catch(() => null);
    if (existing?.isSymbolicLink() && (await readlink(target)) === relativeBlob) return target;
    await mkdir(dirname(target), { recursive: true });
    // The link text is relative to its final folder; it dangles only while it waits in blobs/.
    const temporary = await this.scratchPath(repoId, 'link');
    try {
      await symlink(relativeBlob, temporary);
      await rename(temporary, target);
    } catch (error) {
      await this.discard(temporary);
      throw error;
    }
    return target;
  }

  async discard(temporary: string): Promise<void> {
    await rm(temporary, { force: true });
  }

  /**
   * Deletes our scratch files that nothing has written to for `idleMs`: those of a process killed in the
   * middle of a download (a live download writes at least once per Hub idle timeout, or is aborted). Any
   * process may run it at start-up, whoever else shares the cache. Returns how many went.
   */
  async sweepScratch(idleMs: number): Promise<number> {
    let removed = 0;
    for (const repo of await readdir(this.root).catch(ifMissing([]))) {
      const blobs = join(this.root, repo, 'blobs');
      for (const name of (await readdir(blobs).catch(ifMissing([]))).filter((entry) => OUR_SCRATCH.test(entry))) {
        const info = await stat(join(blobs, name)).catch(ifMissing(null));
        if (info && Date.now() - info.mtimeMs > idleMs) {
          await rm(join(blobs, name), { force: true });
          removed += 1;
        }
      }
    }
    return removed;
  }
}

/** A folder or file that is not there (or went meanwhile) reads as `fallback`; any other failure is thrown. */
function ifMissing<T>(fallback: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (NOT_THERE.has(error.code ?? '')) return fallback;
    throw error;
  };
}
