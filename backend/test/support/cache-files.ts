import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import type { RepoFileSource } from '@robokit/testing';

/** Every file and symlink under `root`, relative to it (links are not followed). */
export function filesUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(root, path));
    }
  };
  walk(root);
  return found;
}

/** Whether anything is at `path`, a dangling symlink included. */
export function somethingAt(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export function bytesOf(source: RepoFileSource): Buffer {
  if (Buffer.isBuffer(source)) return source;
  return typeof source === 'string' ? Buffer.from(source) : readFileSync(source.path);
}

/** The cache's blob name of an LFS file (parquet, mp4): the sha256 of its content. */
export function lfsEtagOf(source: RepoFileSource): string {
  return createHash('sha256').update(bytesOf(source)).digest('hex');
}
