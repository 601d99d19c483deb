import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetFiles } from './dataset';

/**
 * The files of a dataset laid out under `root` (a cache snapshot or a test folder); `paths` is the repo's
 * listing, so a file the repo does not have reads as missing even if something else sits on disk.
 */
export function directoryFiles(root: string, paths: string[]): DatasetFiles {
  const listed = new Set(paths);
  const sorted = [...listed].sort();
  return {
    paths: () => sorted,
    localPath: (path) => (listed.has(path) ? join(root, path) : null),
    readText: async (path) => (listed.has(path) ? readFile(join(root, path), 'utf8') : null),
  };
}
