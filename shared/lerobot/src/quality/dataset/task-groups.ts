import { EpisodeSummary, measure } from '../episode';
import { DatasetContext } from './context';
import { taskText } from './tasks';

/** Episodes of one task that have a resampled trajectory; `fit` are those the task's anchors are fitted on. */
export interface TaskGroup {
  task: string;
  episodes: EpisodeSummary[];
  fit: EpisodeSummary[];
}

/** The key episodes are grouped by: their task text, the same as for the resampling length. */
export const taskKey = (summary: { record: EpisodeSummary['record'] }) => taskText(summary.record) ?? '(no task)';

/** Positions in the motion feature compared between episodes: continuous, with a dataset range. */
export function comparedDims(context: DatasetContext): number[] {
  const feature = context.plan.motion;
  if (!feature) return [];
  return feature.dims.flatMap((dim, d) => (!context.discrete[dim.slot] && context.ranges.max[dim.slot] > context.ranges.min[dim.slot] ? [d] : []));
}

/**
 * Task groups with enough fit episodes for `metric`; the episodes of the others get it n/a with the reason.
 */
export function taskGroups(context: DatasetContext, metric: string): TaskGroup[] {
  const fit = new Set(context.fit);
  const groups = new Map<string, TaskGroup>();
  for (const summary of context.summaries) {
    if (!summary.trajectory) continue;
    const task = taskKey(summary);
    const group = groups.get(task) ?? { task, episodes: [], fit: [] };
    group.episodes.push(summary);
    if (fit.has(summary)) group.fit.push(summary);
    groups.set(task, group);
  }
  const needed = context.params.fit_min_episodes;
  if (comparedDims(context).length === 0) {
    for (const summary of context.summaries) if (summary.trajectory) measure(summary, metric, null, 'the state has no continuous dimension with a range');
    return [];
  }
  return [...groups.values()].filter((group) => {
    if (group.fit.length >= needed) return true;
    for (const summary of group.episodes) measure(summary, metric, null, `the task has ${group.fit.length} episode(s) without HARD findings; ${needed} are needed to compare with`);
    return false;
  });
}

/** Points of the motion trajectory, and its width, of a summary that has one. */
export function pointsOf(context: DatasetContext, summary: EpisodeSummary): { points: number; width: number; values: Float32Array } {
  const width = context.plan.motion?.dims.length ?? 1;
  const values = summary.trajectory as Float32Array;
  return { points: values.length / width, width, values };
}

/** Position of the entry largest in magnitude. */
export function argmaxAbs(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k += 1) if (Math.abs(values[k]) > Math.abs(values[best])) best = k;
  return best;
}
