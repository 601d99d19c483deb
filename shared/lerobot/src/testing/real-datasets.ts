import { join } from 'node:path';
import { folderRepo } from './dataset-folders';

/** ../shared/datasets beside the checkout: real LeRobot datasets (their README states the facts tests use). */
export const REAL_DATASETS = process.env.ROBOKIT_REAL_DATASETS ?? join(__dirname, '..', '..', '..', '..', '..', 'shared', 'datasets');

/** A real dataset folder as the files of a repo, with its listing. */
export function realDataset(name: string) {
  return folderRepo(join(REAL_DATASETS, name));
}
