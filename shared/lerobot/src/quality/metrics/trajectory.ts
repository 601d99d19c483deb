import { EpisodeContext, EpisodeSummary, measure } from '../episode';

/** The metrics the dataset pass computes from the resampled trajectory. */
export const TRAJECTORY_METRICS = ['end_pose_deviation', 'trajectory_deviation', 'coverage'];

/**
 * Resamples the motion feature (the state) to `trajectoryPoints` rows by linear interpolation over the frame
 * position, each dimension normalised by its dataset range, so that episodes of one task can be compared point by
 * point whatever their length. Only this small copy outlives the episode's frames. The last point is the last
 * frame exactly (end_pose_deviation).
 */
export function sampleTrajectory(context: EpisodeContext, summary: EpisodeSummary): void {
  const { n, plan, profiles, ranges, run, trajectoryPoints: points } = context;
  const feature = plan.motion;
  const broken = feature?.dims.find((dim) => !run.signals[dim.slot] || profiles[dim.slot].nonFinite > 0);
  const reason = !feature ? 'no signal feature is analysed' : n === 0 ? 'no frames were read' : broken ? `${broken.name} holds non-finite or missing values` : null;
  if (!feature || reason) {
    for (const code of TRAJECTORY_METRICS) measure(summary, code, null, reason ?? undefined);
    return;
  }
  const width = feature.dims.length;
  const trajectory = new Float32Array(points * width);
  const step = points > 1 ? (n - 1) / (points - 1) : 0;
  feature.dims.forEach((dim, d) => {
    const x = run.signals[dim.slot] as Float64Array;
    const low = ranges.min[dim.slot];
    const range = ranges.max[dim.slot] - low;
    // A dimension without a range is NaN throughout: left out of every distance.
    const scale = range > 0 && range < Infinity ? 1 / range : NaN;
    for (let p = 0; p < points; p += 1) {
      const t = p * step;
      // Truncation instead of Math.floor: the frame position is small and non-negative.
      const i = t | 0;
      const value = i + 1 < n ? x[i] + (t - i) * (x[i + 1] - x[i]) : x[n - 1];
      trajectory[p * width + d] = (value - low) * scale;
    }
  });
  summary.trajectory = trajectory;
}
