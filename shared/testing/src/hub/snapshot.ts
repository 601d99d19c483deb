import { createHash } from 'node:crypto';
import { type RepoBlob, gitBlobOid, isLfsPath, lfsPointer } from './blob';
import type { Commit, StandInRepo } from './repo';

/** How git stores a file: LFS files are stored as a pointer blob, and `oid` is that pointer's sha1. */
export interface StoredFile {
  path: string;
  size: number;
  oid: string;
  lfs?: { sha256: string; size: number; pointer: Buffer };
}

export interface TreeItem {
  type: 'file' | 'directory';
  path: string;
}

export interface LastCommitJson {
  id: string;
  title: string;
  date: string;
}

export type TreeEntryJson = {
  type: 'file' | 'directory';
  oid: string;
  size: number;
  path: string;
  lfs?: { oid: string; size: number; pointerSize: number };
  lastCommit?: LastCommitJson;
  securityFileStatus?: { status: string };
};

export async function storedFile(path: string, blob: RepoBlob): Promise<StoredFile> {
  const { gitOid, sha256 } = await blob.digests();
  if (!isLfsPath(path, blob.size)) return { path, size: blob.size, oid: gitOid };
  const pointer = Buffer.from(lfsPointer(sha256, blob.size));
  return { path, size: blob.size, oid: gitBlobOid(pointer), lfs: { sha256, size: blob.size, pointer } };
}

interface DirectoryIndex {
  dirs: Map<string, { dirs: string[]; files: string[] }>;
}

const indexes = new WeakMap<Commit, DirectoryIndex>();
const treeOids = new WeakMap<Commit, Map<string, Promise<string>>>();

/** The tree of one commit: directories, listings and tree-API entries. */
export class Snapshot {
  private readonly index: DirectoryIndex;

  constructor(
    private readonly repo: StandInRepo,
    readonly commit: Commit,
  ) {
    let index = indexes.get(commit);
    if (!index) {
      index = buildIndex(commit.files.keys());
      indexes.set(commit, index);
    }
    this.index = index;
  }

  get repoId(): string {
    return this.repo.id;
  }

  isDirectory(path: string): boolean {
    return this.index.dirs.has(path);
  }

  typeOf(path: string): TreeItem['type'] | undefined {
    if (this.commit.files.has(path)) return 'file';
    return this.isDirectory(path) && path !== '' ? 'directory' : undefined;
  }

  /** Directories first, then files, each sorted; recursive listings descend depth-first. */
  list(dir: string, recursive: boolean): TreeItem[] {
    const node = this.index.dirs.get(dir);
    if (!node) return [];
    const items: TreeItem[] = [];
    for (const path of node.dirs) {
      items.push({ type: 'directory', path });
      if (recursive) items.push(...this.list(path, true));
    }
    for (const path of node.files) items.push({ type: 'file', path });
    return items;
  }

  async entry(item: TreeItem, expand: boolean): Promise<TreeEntryJson> {
    const extra = expand ? { lastCommit: this.lastCommit(item.path) } : {};
    if (item.type === 'directory') {
      return { type: 'directory', oid: await this.treeOid(item.path), size: 0, path: item.path, ...extra };
    }
    const file = await storedFile(item.path, this.commit.files.get(item.path) as RepoBlob);
    return {
      type: 'file',
      oid: file.oid,
      size: file.size,
      path: item.path,
      ...(file.lfs ? { lfs: { oid: file.lfs.sha256, size: file.lfs.size, pointerSize: file.lfs.pointer.length } } : {}),
      ...extra,
      ...(expand ? { securityFileStatus: { status: 'safe' } } : {}),
    };
  }

  lastCommit(path: string): LastCommitJson {
    const commit = this.repo.lastCommitOf(this.commit, path);
    return { id: commit.sha, title: commit.title, date: commit.date };
  }

  /** A real git tree sha1, computed from the children's oids. */
  treeOid(dir: string): Promise<string> {
    let cache = treeOids.get(this.commit);
    if (!cache) {
      cache = new Map();
      treeOids.set(this.commit, cache);
    }
    let oid = cache.get(dir);
    if (!oid) {
      oid = this.computeTreeOid(dir);
      cache.set(dir, oid);
    }
    return oid;
  }

  private async computeTreeOid(dir: string): Promise<string> {
    const node = this.index.dirs.get(dir) ?? { dirs: [], files: [] };
    const rows: { sortKey: string; bytes: Buffer }[] = [];
    for (const path of node.dirs) rows.push(treeRow('40000', basename(path), await this.treeOid(path), '/'));
    for (const path of node.files) {
      const file = await storedFile(path, this.commit.files.get(path) as RepoBlob);
      rows.push(treeRow('100644', basename(path), file.oid, ''));
    }
    // git orders tree entries by name, comparing a directory as if its name ended with '/'.
    rows.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    const content = Buffer.concat(rows.map((row) => row.bytes));
    return createHash('sha1').update(`tree ${content.length}\0`).update(content).digest('hex');
  }
}

function treeRow(mode: string, name: string, oid: string, suffix: string): { sortKey: string; bytes: Buffer } {
  return { sortKey: name + suffix, bytes: Buffer.concat([Buffer.from(`${mode} ${name}\0`), Buffer.from(oid, 'hex')]) };
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function buildIndex(paths: Iterable<string>): DirectoryIndex {
  const dirs = new Map<string, { dirs: string[]; files: string[] }>([['', { dirs: [], files: [] }]]);
  for (const path of paths) {
    const parts = path.split('/');
    let parent = '';
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!dirs.has(dir)) {
        dirs.set(dir, { dirs: [], files: [] });
        (dirs.get(parent) as { dirs: string[] }).dirs.push(dir);
      }
      parent = dir;
    }
    (dirs.get(parent) as { files: string[] }).files.push(path);
  }
  for (const node of dirs.values()) {
    node.dirs.sort();
    node.files.sort();
  }
  return { dirs };
}
