import { EpisodeContext, EpisodeSummary, measure } from '../episode';
import { anchored, fmt, risk } from '../findings';

/**
 * saturation: per dimension, the share of frames spent within saturation_band of the range from the dataset
 * min or max, counting only runs of at least saturation_run frames. Grippers and discrete dimensions sit at
 * their limits by design and are left out. Also counts frames exactly at the dataset min or max, for the
 * dataset-level clipping check.
 */
export function checkSaturation(context: EpisodeContext, summary: EpisodeSummary): void {
  const { n, run, plan, profiles, ranges, params, fps } = context;
  let measured = false;
  let worst = 0;
  for (const dim of plan.dims) {
    const x = run.signals[dim.slot];
    const profile = profiles[dim.slot];
    const min = ranges.min[dim.slot];
    const max = ranges.max[dim.slot];
    if (!x || dim.gripper || profile.distinct !== null || !(max > min)) continue;
    const band = params.saturation_band * (max - min);
    const low = min + band;
    const high = max - band;
    measured = true;
    // Most episodes never come near a dimension's dataset limits: nothing to count there.
    if (profile.min > low && profile.max < high) continue;
    const { atLimit, exact, longest } = limitRuns(x, n, { min, max, low, high }, params.saturation_run);
    summary.clipped[dim.slot] = exact;
    const share = atLimit / n;
    worst = Math.max(worst, share);
    if (share > params.saturation_share) {
      summary.findings.push(
        risk(
          {
            metric: 'saturation',
            value: share,
            threshold: params.saturation_share,
            feature: dim.feature,
            dimension: dim.name,
            frames: [longest.start, longest.start + longest.length - 1],
            message: `${dim.name} sits at its dataset ${x[longest.start] <= low ? 'minimum' : 'maximum'} for ${fmt(100 * share)} % of the episode (longest stretch ${fmt(longest.length / fps)} s).`,
          },
          anchored(share, params.saturation_share, params.saturation_share_bad),
        ),
      );
    }
  }
  measure(summary, 'saturation', measured ? worst : null, 'no continuous dimension with a known range');
}

/**
 * Frames in runs of at least `minRun` at or beyond `low` or `high`, the longest such run, and the frames exactly at
 * `min` or `max`. A function of its own: inside the per-dimension loop, V8 compiled it on its own (on-stack
 * replacement), several times a run.
 */
function limitRuns(x: Float64Array, n: number, { min, max, low, high }: Record<'min' | 'max' | 'low' | 'high', number>, minRun: number) {
  let atLimit = 0;
  let exact = 0;
  let longest = { length: 0, start: -1 };
  for (let i = 0; i < n; ) {
    const value = x[i];
    if (value === min || value === max) exact += 1;
    if (!(value <= low || value >= high)) {
      i += 1;
      continue;
    }
    const start = i;
    // A run stays at the same limit: a jump from min to max is two runs.
    const below = value <= low;
    i += 1;
    while (i < n && (below ? x[i] <= low : x[i] >= high)) {
      if (x[i] === min || x[i] === max) exact += 1;
      i += 1;
    }
    const length = i - start;
    if (length >= minRun) atLimit += length;
    if (length > longest.length) longest = { length, start };
  }
  return { atLimit, exact, longest };
}
