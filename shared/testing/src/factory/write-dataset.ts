import { mkdir } from 'node:fs/promises';
import { buildDatasetModel } from './model';
import { resolveSpec, type DatasetSpec } from './dataset-spec';
import { writeV21 } from './v21';

export interface GeneratedDataset {
  dir: string;
  /** The info.json written, as a JSON reader sees it. */
  info: Record<string, unknown>;
  /** Repo-relative paths written, sorted. */
  files: string[];
  episodeLengths: number[];
  totalFrames: number;
}

/**
 * Writes a synthetic but valid LeRobot dataset to `dir` (created if needed; existing files are overwritten,
 * other files are left alone). Same spec, same output.
 */
export async function writeLeRobotDataset(dir: string, spec: DatasetSpec): Promise<GeneratedDataset> {
  const resolved = resolveSpec(spec);
  const model = buildDatasetModel(resolved);
  await mkdir(dir, { recursive: true });
  const written = await writeV21(dir, model);
  return {
    dir,
    info: JSON.parse(written.infoJson) as Record<string, unknown>,
    files: [...written.files].sort(),
    episodeLengths: resolved.episodeLengths,
    totalFrames: model.totalFrames,
  };
}
