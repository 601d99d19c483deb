import { mkdir } from 'node:fs/promises';
import { resolveSpec, type DatasetSpec, type LeRobotVersion } from './dataset-spec';
import { buildDatasetModel, type DatasetModel } from './model';
import type { WrittenDataset } from './output';
import { writeV20 } from './v20';
import { writeV21 } from './v21';
import { writeV30 } from './v30';

export interface GeneratedDataset {
  dir: string;
  /** The info.json written, as a JSON reader sees it. */
  info: Record<string, unknown>;
  /** Repo-relative paths written, sorted. */
  files: string[];
  episodeLengths: number[];
  totalFrames: number;
  /** The format written (`codebase_version`). */
  version: LeRobotVersion;
  /** Tasks in task_index order. */
  tasks: string[];
}

const WRITERS: Record<LeRobotVersion, (dir: string, model: DatasetModel) => Promise<WrittenDataset>> = {
  'v2.0': writeV20,
  'v2.1': writeV21,
  'v3.0': writeV30,
};

/**
 * Writes a synthetic but valid LeRobot dataset to `dir` (created if needed; existing files are overwritten,
 * other files are left alone). Same spec, same output.
 */
export async function writeLeRobotDataset(dir: string, spec: DatasetSpec): Promise<GeneratedDataset> {
  const resolved = resolveSpec(spec);
  const model = buildDatasetModel(resolved);
  await mkdir(dir, { recursive: true });
  const written = await WRITERS[resolved.version](dir, model);
  return {
    dir,
    info: JSON.parse(written.infoJson) as Record<string, unknown>,
    files: [...written.files].sort(),
    episodeLengths: resolved.episodeLengths,
    totalFrames: model.totalFrames,
    version: resolved.version,
    tasks: model.tasks,
  };
}
