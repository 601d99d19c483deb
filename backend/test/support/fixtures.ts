import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetSpec, GeneratedDataset, repoFilesFromDir, RepoFileSource, writeLeRobotDataset } from '@robokit/testing';

export const ROBOT_TAGS = ['LeRobot', 'task_categories:robotics', 'library:lerobot'];

/** A small valid v2.1 dataset (no video unless asked), written once per spec in this process. */
const written = new Map<string, Promise<GeneratedDataset>>();

export function smallDataset(spec: Partial<DatasetSpec> = {}): Promise<GeneratedDataset> {
  const full: DatasetSpec = { episodes: 4, episodeLength: 30, seed: 1, ...spec };
  const key = JSON.stringify(full);
  if (!written.has(key)) written.set(key, writeLeRobotDataset(mkdtempSync(join(tmpdir(), 'rk-fixture-')), full));
  return written.get(key)!;
}

export async function smallDatasetFiles(spec: Partial<DatasetSpec> = {}): Promise<Record<string, RepoFileSource>> {
  return repoFilesFromDir((await smallDataset(spec)).dir);
}
