import { EpisodeSummary, measure } from '../episode';
import { anchored, fmt, risk } from '../findings';
import { SignalFeature } from '../signals';
import { anchor, DatasetContext } from './context';
import { argmaxAbs, comparedDims, pointsOf, TaskGroup, taskGroups } from './task-groups';

/**
 * trajectory_deviation: the mean range-normalised distance of an episode to its task's mean trajectory (every
 * episode resampled to the task's median length), flagged above the mean + k σ of the task's episodes, both
 * fitted on the episodes without HARD findings. By construction a few percent of the episodes of any task lie
 * beyond mean + 2σ, and with K episodes no z-score can exceed (K − 1)/√K, so a task of 5 or fewer never flags.
 */
export function flagTrajectories(context: DatasetContext): void {
  const { params } = context;
  const feature = context.plan.motion;
  const dims = comparedDims(context);
  if (!feature) return;
  for (const group of taskGroups(context, 'trajectory_deviation')) {
    const reference = meanTrajectory(context, group);
    const deviations = group.episodes.map((summary) => ({ summary, mean: meanDistance(context, summary, reference, dims) }));
    const fit = new Set(group.fit);
    const own = deviations.filter((deviation) => fit.has(deviation.summary)).map((deviation) => deviation.mean);
    const mean = own.reduce((a, b) => a + b, 0) / own.length;
    const sigma = Math.sqrt(own.reduce((a, b) => a + (b - mean) ** 2, 0) / own.length);
    const threshold = anchor(context, `trajectory_threshold:${group.task}`, mean + params.trajectory_sigma * sigma) as number;
    const bad = threshold + (params.trajectory_sigma_bad - params.trajectory_sigma) * sigma;
    let usual: Float64Array | null = null;
    for (const { summary, mean: value } of deviations) {
      measure(summary, 'trajectory_deviation', value);
      if (!(value > threshold)) continue;
      usual ??= typicalDifferences(context, group.fit, reference);
      summary.findings.push(risk(locate(context, summary, reference, usual, dims, { value, threshold, task: group.task }), anchored(value, threshold, bad)));
    }
  }
}

/** The mean over the task's fit episodes, point by point (every episode of a task has the same points). */
function meanTrajectory(context: DatasetContext, group: TaskGroup): Float64Array {
  const total = new Float64Array(pointsOf(context, group.episodes[0]).values.length);
  for (const summary of group.fit) {
    const { values } = pointsOf(context, summary);
    for (let i = 0; i < values.length; i += 1) total[i] += values[i] / group.fit.length;
  }
  return total;
}

function meanDistance(context: DatasetContext, summary: EpisodeSummary, reference: Float64Array, dims: number[]): number {
  const { points, width, values } = pointsOf(context, summary);
  let sum = 0;
  for (let p = 0; p < points; p += 1) {
    let squares = 0;
    for (const d of dims) squares += (values[p * width + d] - reference[p * width + d]) ** 2;
    sum += Math.sqrt(squares);
  }
  return sum / points;
}

/** Per point: each dimension's absolute difference from the mean trajectory. */
function differences(context: DatasetContext, summary: EpisodeSummary, reference: Float64Array): Float64Array {
  const { values } = pointsOf(context, summary);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i += 1) out[i] = Math.abs(values[i] - reference[i]);
  return out;
}

/** How far the task's episodes usually are from the mean trajectory, per point and dimension. */
function typicalDifferences(context: DatasetContext, episodes: EpisodeSummary[], reference: Float64Array): Float64Array {
  const total = new Float64Array(reference.length);
  for (const summary of episodes) differences(context, summary, reference).forEach((value, i) => (total[i] += value / episodes.length));
  return total;
}

/**
 * Where the episode leaves the others: its differences from the mean trajectory beyond what the task's episodes
 * usually show at the same point (each picks and places somewhere else), summed over the dimensions; the stretch
 * around the largest excess where it stays above half of it, in frames; and the dimension with the most excess
 * there.
 */
function locate(context: DatasetContext, summary: EpisodeSummary, reference: Float64Array, usual: Float64Array, dims: number[], found: { value: number; threshold: number; task: string }) {
  const feature = context.plan.motion as SignalFeature;
  const { points, width } = pointsOf(context, summary);
  const excess = differences(context, summary, reference).map((value, i) => value - usual[i]);
  const pointExcess = Float64Array.from({ length: points }, (_, p) => dims.reduce((sum, d) => sum + Math.max(0, excess[p * width + d]), 0));
  const peak = argmaxAbs(pointExcess);
  let first = peak;
  let last = peak;
  while (first > 0 && pointExcess[first - 1] >= pointExcess[peak] / 2) first -= 1;
  while (last < points - 1 && pointExcess[last + 1] >= pointExcess[peak] / 2) last += 1;
  const toFrame = (p: number) => Math.round((p * (summary.rows - 1)) / Math.max(1, points - 1));
  const stretch = dims.map((d) => {
    let total = 0;
    for (let p = first; p <= last; p += 1) total += excess[p * width + d];
    return total;
  });
  const dimension = feature.dims[dims[stretch.indexOf(Math.max(...stretch))]].name;
  return {
    metric: 'trajectory_deviation',
    value: found.value,
    threshold: found.threshold,
    feature: feature.key,
    dimension,
    frames: [toFrame(first), toFrame(last)] as [number, number],
    message: `Mean distance ${fmt(found.value)} (range-normalised) to the mean trajectory of "${found.task}", above ${fmt(found.threshold)} (mean + ${fmt(context.params.trajectory_sigma)} σ of the task's episodes); it departs most from how the others differ in frames ${toFrame(first)}–${toFrame(last)}, in ${dimension}.`,
  };
}
