import { EpisodeSummary } from '../episode';
import { fmt, risk } from '../findings';
import { DISCRETE_VALUES } from '../metrics/profile';
import { DatasetContext } from './context';

/** Per slot: at most 4 distinct finite values over every episode read (a gripper or a switch). */
export function discreteSlots(summaries: EpisodeSummary[], slots: number): boolean[] {
  return Array.from({ length: slots }, (_, slot) => {
    const seen = new Set<number>();
    let read = false;
    for (const summary of summaries) {
      if (summary.rows === 0) continue;
      const distinct = summary.distinct[slot];
      if (distinct === null) return false;
      read = read || distinct.length > 0;
      for (const value of distinct) seen.add(value);
      if (seen.size > DISCRETE_VALUES) return false;
    }
    return read;
  });
}

/** constant_dimension (dataset): a dimension that never changes over all the frames read. */
export function flagConstantDimensions(context: DatasetContext): void {
  for (const dim of context.plan.dims) {
    let min = Infinity;
    let max = -Infinity;
    for (const summary of context.summaries) {
      if (summary.min[dim.slot] < min) min = summary.min[dim.slot];
      if (summary.max[dim.slot] > max) max = summary.max[dim.slot];
    }
    if (min === max) {
      context.findings.push(
        risk({ metric: 'constant_dimension', value: min, feature: dim.feature, dimension: dim.name, message: `${dim.name} is ${fmt(min)} in every frame: a dead sensor or an unused joint.` }, 0),
      );
    }
  }
}

/** saturation (dataset): a continuous dimension exactly at its dataset min or max in more than clipping_share of the frames. */
export function flagClipping(context: DatasetContext): void {
  const frames = context.summaries.reduce((sum, summary) => sum + summary.rows, 0);
  if (frames === 0) return;
  for (const dim of context.plan.dims) {
    if (dim.gripper || context.discrete[dim.slot]) continue;
    const clipped = context.summaries.reduce((sum, summary) => sum + summary.clipped[dim.slot], 0);
    const share = clipped / frames;
    if (share > context.params.clipping_share) {
      context.findings.push(
        risk(
          { metric: 'saturation', value: share, threshold: context.params.clipping_share, feature: dim.feature, dimension: dim.name, message: `${dim.name} is exactly at its minimum or maximum in ${fmt(100 * share)} % of all frames: clipped.` },
          0,
        ),
      );
    }
  }
}

/** Pooled count, mean and M2 of one slot over some episodes (Chan's parallel formula). */
function pooled(summaries: EpisodeSummary[], slot: number): { n: number; mean: number; std: number } {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const summary of summaries) {
    const [count, episodeMean, episodeM2] = summary.moments.subarray(slot * 3, slot * 3 + 3);
    if (count === 0) continue;
    const total = n + count;
    const delta = episodeMean - mean;
    mean += (delta * count) / total;
    m2 += episodeM2 + (delta * delta * n * count) / total;
    n = total;
  }
  return { n, mean, std: n > 0 ? Math.sqrt(m2 / n) : NaN };
}

/** operator_drift (dataset): first against last quarter of the episodes by index, |Δmean| / σ(first quarter). */
export function flagOperatorDrift(context: DatasetContext): void {
  const episodes = context.fit;
  if (episodes.length < context.params.fit_min_episodes) {
    context.notes.push(`operator_drift: needs ${context.params.fit_min_episodes} episodes without HARD findings, has ${episodes.length}.`);
    return;
  }
  const quarter = Math.max(1, Math.floor(episodes.length / 4));
  const first = episodes.slice(0, quarter);
  const last = episodes.slice(-quarter);
  const span = `episodes ${first[0].index}–${first[first.length - 1].index} against ${last[0].index}–${last[last.length - 1].index}`;
  for (const dim of context.plan.dims) {
    if (context.discrete[dim.slot]) continue;
    const before = pooled(first, dim.slot);
    const after = pooled(last, dim.slot);
    if (before.n === 0 || after.n === 0 || !(before.std > 0)) continue;
    const drift = Math.abs(after.mean - before.mean) / before.std;
    if (drift > context.params.drift_sigma) {
      context.findings.push(
        risk(
          {
            metric: 'operator_drift',
            value: drift,
            threshold: context.params.drift_sigma,
            feature: dim.feature,
            dimension: dim.name,
            message: `${dim.name}: the mean moved from ${fmt(before.mean)} to ${fmt(after.mean)}, ${fmt(drift)} σ of the first quarter (${span}).`,
          },
          0,
        ),
      );
    }
  }
}
