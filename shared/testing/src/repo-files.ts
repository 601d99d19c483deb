import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { RepoFileSource } from './hub';

/** Every file under `dir` as a repo file served from disk, keyed by its repo path. */
export function repoFilesFromDir(dir: string): Record<string, RepoFileSource> {
  const files: Record<string, RepoFileSource> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files[relative(dir, path).split(sep).join('/')] = { path };
    }
  };
  walk(dir);
  return files;
}
