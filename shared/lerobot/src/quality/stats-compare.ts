import { Moments, stdOf } from '../scan/moments';
import { FeatureStats, QuantileKey, QUANTILES, storedValues } from '../stats-values';
import { allowedDifference, CheckedStat, truthOf, withinTolerance } from '../stats-tolerance';
import { Draft, DraftInput, fmt, hard, info } from './findings';
import { SignalFeature } from './signals';

/**
 * stats_drift: stored stats against the float64 truth of the frames (quality-metrics.md §1). A value off by more
 * than `bar` of the dimension's range is a fault, unless LeRobot's own float32 arithmetic explains the
 * difference (stats-tolerance.ts): then it is an INFO note that the stored value is LeRobot's artefact.
 */

/** The float64 truth of one dimension; quantiles only where the stored stats have them. */
export interface DimTruth {
  moments: Moments;
  quantiles: Partial<Record<QuantileKey, number>> | null;
}

export interface StatsSettings {
  bar: number;
  /** Unit roundoff of the arithmetic LeRobot used for the feature. */
  u: number;
  /** Rows one of LeRobot's sums ran over. */
  n: number;
}

export interface StatsComparison {
  faults: Draft[];
  artefacts: Draft[];
  /** Largest difference of a fault, as a share of its dimension's range (absolute when the range is 0). */
  worst: number;
}

const MOMENTS: CheckedStat[] = ['min', 'max', 'mean', 'std'];

type Verdict = 'ok' | 'artefact' | 'fault';

function judge(stat: string, stored: number, truth: DimTruth, storedMean: number | undefined, settings: StatsSettings): { verdict: Verdict; expected: number } {
  const input = { truth: truth.moments, storedMean, ...settings };
  const quantile = QUANTILES.find((q) => q.key === stat);
  const expected = quantile ? (truth.quantiles?.[quantile.key] ?? NaN) : truthOf(stat as CheckedStat, truth.moments);
  if (!Number.isFinite(stored)) return { verdict: 'fault', expected };
  const range = truth.moments.max - truth.moments.min;
  if (Math.abs(stored - expected) <= settings.bar * range) return { verdict: 'ok', expected };
  // A quantile is a value of the data like min and max: the same rounding applies.
  const explained = quantile ? Math.abs(stored - expected) <= allowedDifference('min', input) : withinTolerance(stat as CheckedStat, stored, input);
  return { verdict: explained ? 'artefact' : 'fault', expected };
}

/**
 * One feature's stored stats against the truths of its dimensions (in the feature's order). Each stat of each
 * feature gives at most one fault and one artefact finding, naming the worst dimension and how many differ.
 */
export function compareFeatureStats(feature: SignalFeature, stored: FeatureStats, truths: DimTruth[], settings: StatsSettings, where: Pick<DraftInput, 'frames'>): StatsComparison {
  const result: StatsComparison = { faults: [], artefacts: [], worst: 0 };
  const means = stored.mean === undefined ? [] : storedValues(stored.mean);
  const stats = [...MOMENTS, ...QUANTILES.map((q) => q.key).filter((key) => stored[key] !== undefined && truths.every((truth) => truth.quantiles?.[key] !== undefined))];
  for (const stat of stats) {
    const values = stored[stat] === undefined ? [] : storedValues(stored[stat]);
    if (values.length !== truths.length) continue; // a stat missing or misshapen is the validation job's (STATS_SHAPE_MISMATCH)
    const judged = truths.map((truth, d) => ({ d, ...judge(stat, values[d], truth, means[d], settings) }));
    for (const verdict of ['fault', 'artefact'] as const) {
      const found = judged.filter((entry) => entry.verdict === verdict);
      if (found.length === 0) continue;
      const share = (entry: (typeof found)[number]) => {
        const range = truths[entry.d].moments.max - truths[entry.d].moments.min;
        const difference = Math.abs(values[entry.d] - entry.expected);
        return Number.isNaN(difference) ? Infinity : range > 0 ? difference / range : difference;
      };
      const worst = found.reduce((a, b) => (share(b) > share(a) ? b : a));
      const dim = feature.dims[worst.d];
      const range = truths[worst.d].moments.max - truths[worst.d].moments.min;
      const others = found.length > 1 ? `; ${found.length} of ${truths.length} dimensions differ` : '';
      const measured = `the stored ${stat} of ${dim.name} is ${fmt(values[worst.d], 6)}, the frames give ${fmt(worst.expected, 6)} (range ${fmt(range)}${others})`;
      const input = { metric: 'stats_drift', value: share(worst), threshold: settings.bar, feature: feature.key, dimension: dim.name, ...where };
      if (verdict === 'fault') {
        result.worst = Math.max(result.worst, share(worst));
        result.faults.push(hard({ ...input, message: `${measured}: more than ${fmt(settings.bar)} of the range off, beyond what LeRobot's float32 rounding explains. LeRobot normalises with these stats.` }));
      } else {
        result.artefacts.push(info({ ...input, message: `${measured}: LeRobot's float32 arithmetic, not a data fault (within its rounding bound for ${settings.n} rows).` }));
      }
    }
  }
  return result;
}

/**
 * zero_std: a stored std of 0 makes LeRobot's normalisation divide by zero. Against the truth (when every frame
 * was read) it is a constant dimension, LeRobot's float32 artefact (a small spread its E[x²] − E[x]² cancels), or
 * simply wrong.
 */
export function zeroStdMessage(name: string, truth: Moments | null, settings: StatsSettings): string {
  const stored = `The stored std of ${name} is 0: LeRobot's normalisation divides by it`;
  if (!truth) return `${stored} (not every frame was read, so the true std is not known here).`;
  const sigma = stdOf(truth);
  if (!(sigma > 0)) return `${stored}, and the dimension is indeed constant (${fmt(truth.min)}).`;
  const artefact = withinTolerance('std', 0, { truth, storedMean: undefined, ...settings });
  return `${stored}, but the frames give ${fmt(sigma)} in float64: ${artefact ? "LeRobot's float32 artefact (a spread this small cancels in its E[x²] − E[x]²)" : 'the stored stats are wrong'}.`;
}
