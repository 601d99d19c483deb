import { DatasetFiles, EpisodeRecord, LeRobotDataset } from '../../dataset';
import { readEpisodeFrames } from '../../episode-series';
import { DimRanges } from '../ranges';
import { SignalFeature } from '../signals';

/**
 * The arm's speed per frame: the L2 norm of the first difference of the motion feature's continuous
 * dimensions, each divided by its dataset range (quality-metrics.md conventions, as the idle metric measures
 * it). Read again for the episodes with video only, so the analysis without video pays nothing for it.
 */
export async function stateSpeed(
  dataset: LeRobotDataset,
  files: DatasetFiles,
  episode: EpisodeRecord,
  motion: SignalFeature,
  ranges: DimRanges,
  discrete: boolean[],
): Promise<Float64Array> {
  const { lines } = await readEpisodeFrames(dataset, files, episode, [motion.key]);
  const n = lines[0]?.values.length ?? 0;
  const speed = new Float64Array(n);
  for (const dim of motion.dims) {
    const range = ranges.max[dim.slot] - ranges.min[dim.slot];
    const values = lines[dim.position]?.values;
    if (!values || discrete[dim.slot] || !(range > 0)) continue;
    for (let i = 1; i < n; i += 1) speed[i] += ((values[i] - values[i - 1]) / range) ** 2;
  }
  for (let i = 1; i < n; i += 1) speed[i] = Math.sqrt(speed[i]);
  if (n > 1) speed[0] = speed[1];
  return speed;
}
