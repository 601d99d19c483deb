import { Moments } from '../../scan/moments';
import { QUANTILES } from '../../stats-values';
import { unitRoundoff } from '../../stats-tolerance';
import { EpisodeSummary, measure, SideContext, SideSummary } from '../episode';
import { compareFeatureStats, DimTruth } from '../stats-compare';
import { lerobotQuantiles, QUANTILE_BINS } from './quantiles';

/** The quantile histogram, reused: one episode's dimension at a time. */
const histogram = new Uint32Array(QUANTILE_BINS);

/** The float64 moments of one slot, from what profileDims left in the summary. */
export function slotMoments(summary: Pick<EpisodeSummary, 'moments' | 'min' | 'max'>, slot: number): Moments {
  const [n, mean, m2] = summary.moments.subarray(slot * 3, slot * 3 + 3);
  return { n, min: summary.min[slot], max: summary.max[slot], mean, m2 };
}

/**
 * stats_drift, per episode: the stored per-episode stats of each analysed feature (quantiles included where
 * stored) against the episode's frames. A feature with non-finite values is left to non_finite.
 */
export function checkStatsDrift(context: SideContext, summary: SideSummary): void {
  const { stats, plan, profiles, run, n, params } = context;
  if (!stats.byFeature) {
    measure(summary, 'stats_drift', null, stats.absent);
    return;
  }
  let worst = 0;
  let compared = 0;
  for (const feature of plan.features) {
    const stored = stats.byFeature[feature.key];
    if (!stored || feature.dims.some((dim) => !run.signals[dim.slot] || profiles[dim.slot].nonFinite > 0)) continue;
    const quantiles = QUANTILES.some(({ key }) => stored[key] !== undefined);
    const truths: DimTruth[] = feature.dims.map((dim) => {
      const moments = slotMoments(summary, dim.slot);
      return { moments, quantiles: quantiles ? lerobotQuantiles(run.signals[dim.slot] as Float64Array, n, moments.min, moments.max, histogram) : null };
    });
    const result = compareFeatureStats(feature, stored, truths, { bar: params.stats_drift_share, u: unitRoundoff(feature.dtype), n }, { frames: [0, n - 1] });
    summary.findings.push(...result.faults, ...result.artefacts);
    worst = Math.max(worst, result.worst);
    compared += 1;
  }
  measure(summary, 'stats_drift', compared > 0 ? worst : null, 'no stored stats of an analysed feature with finite values');
}
