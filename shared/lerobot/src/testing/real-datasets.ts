import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { RepoFileInfo } from '@robokit/api';
import { DatasetFiles } from '../dataset';
import { directoryFiles } from '../directory-files';

/** ../shared/datasets beside the checkout: real LeRobot datasets (their README states the facts tests use). */
export const REAL_DATASETS = process.env.ROBOKIT_REAL_DATASETS ?? join(__dirname, '..', '..', '..', '..', '..', 'shared', 'datasets');

/** A real dataset folder as the files of a repo, with its listing. */
export function realDataset(name: string): { files: DatasetFiles; listing: RepoFileInfo[] } {
  const root = join(REAL_DATASETS, name);
  const listing: RepoFileInfo[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else listing.push({ path: relative(root, path).split(sep).join('/'), size: statSync(path).size, lfs: false });
    }
  };
  walk(root);
  return { files: directoryFiles(root, listing.map((file) => file.path)), listing };
}
