import { EpisodeSummary, measure } from '../episode';
import { anchored, fmt, risk } from '../findings';
import { median, quantileSorted } from '../robust';
import { anchor, DatasetContext } from './context';
import { argmaxAbs, comparedDims, pointsOf, taskGroups } from './task-groups';

/**
 * end_pose_deviation: the range-normalised distance of an episode's last state to the median last state of
 * its task, flagged above Tukey's high fence of the task's distances (the task probably did not finish). A floor
 * keeps noise from flagging when every episode ends in nearly the same pose.
 */
export function flagEndPoses(context: DatasetContext): void {
  const { params } = context;
  const feature = context.plan.motion;
  const dims = comparedDims(context);
  if (!feature) return;
  const last = (summary: EpisodeSummary) => {
    const { points, width, values } = pointsOf(context, summary);
    return dims.map((d) => values[(points - 1) * width + d]);
  };
  for (const group of taskGroups(context, 'end_pose_deviation')) {
    const ends = group.fit.map(last);
    const centre = dims.map((_, k) => median(ends.map((end) => end[k])));
    const offsets = (summary: EpisodeSummary) => last(summary).map((value, k) => value - centre[k]);
    const fitted = group.fit.map((summary) => Math.hypot(...offsets(summary))).sort((a, b) => a - b);
    const q3 = quantileSorted(fitted, 0.75);
    const iqr = q3 - quantileSorted(fitted, 0.25);
    const fence = anchor(context, `end_pose_fence:${group.task}`, q3 + params.end_pose_iqr_factor * iqr) as number;
    const threshold = Math.max(fence, params.end_pose_min_distance);
    const bad = threshold + params.end_pose_bad_iqr * Math.max(iqr, params.end_pose_min_distance);
    for (const summary of group.episodes) {
      const offset = offsets(summary);
      const value = Math.hypot(...offset);
      measure(summary, 'end_pose_deviation', value);
      if (!(value > threshold)) continue;
      const worst = feature.dims[dims[argmaxAbs(offset)]].name;
      const frame = summary.rows - 1;
      summary.findings.push(
        risk(
          {
            metric: 'end_pose_deviation',
            value,
            threshold,
            feature: feature.key,
            dimension: worst,
            frames: [frame, frame],
            message: `The last state is ${fmt(value)} (range-normalised) from the median last state of "${group.task}", beyond the fence ${fmt(threshold)}; ${worst} differs most: the task probably did not finish.`,
          },
          anchored(value, threshold, bad),
        ),
      );
    }
  }
}
