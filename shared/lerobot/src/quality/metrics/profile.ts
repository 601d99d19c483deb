import { DimProfile, EpisodeContext, EpisodeSummary } from '../episode';

/** std at or under this within an episode: the dimension is dead there (quality-metrics.md, conventions). */
const DEAD_STD = 1e-6;
/** A dimension with at most this many distinct values is discrete (a gripper or a switch). */
export const DISCRETE_VALUES = 4;

/**
 * One pass per dimension: non-finite values, finite min/max/mean/M2, distinct values up to 4, and the sums of
 * the steps; fills the episode's share of the dataset-wide statistics in `summary`. A dimension whose std in
 * the episode is at most 1e-6 is dead there and, like a discrete one, not `moving`.
 */
export function profileDims(context: Omit<EpisodeContext, 'profiles'>, summary: EpisodeSummary): DimProfile[] {
  const { run, n, ranges } = context;
  return context.plan.dims.map((dim) => {
    const values = run.signals[dim.slot];
    const profile: DimProfile = { nonFinite: 0, firstBad: -1, lastBad: -1, min: NaN, max: NaN, distinct: [], moving: false };
    if (!values) {
      summary.distinct[dim.slot] = [];
      return profile;
    }
    const { nonFinite, firstBad, lastBad, min, max, count, shift, sum, squares, steps, stepSum, stepSquares } = scanValues(values, n);
    Object.assign(profile, { nonFinite, firstBad, lastBad });
    const distinct = distinctValues(values, n);
    const mean = count > 0 ? shift + sum / count : NaN;
    const m2 = count > 0 ? Math.max(0, squares - (sum * sum) / count) : 0;
    const dead = count > 0 && Math.sqrt(m2 / count) <= DEAD_STD;
    const range = ranges.max[dim.slot] - ranges.min[dim.slot];
    Object.assign(profile, { min: count > 0 ? min : NaN, max: count > 0 ? max : NaN, distinct });
    profile.moving = profile.nonFinite === 0 && count > 0 && !dead && distinct === null && range > 0;
    summary.min[dim.slot] = profile.min;
    summary.max[dim.slot] = profile.max;
    summary.distinct[dim.slot] = distinct;
    summary.moments.set([count, mean, m2], dim.slot * 3);
    summary.steps.set([steps, stepSum, stepSquares], dim.slot * 3);
    return profile;
  });
}

/**
 * One pass over a dimension's values: its non-finite values, finite extremes and sums. Values are almost always
 * all finite: a loop without the checks for the others runs first, and only when its sums come out non-finite
 * (a NaN or ±Inf among the values, or an overflow) does the careful loop run again. Both add the same terms in
 * the same order, so the figures are the same either way.
 */
function scanValues(values: Float64Array, n: number) {
  if (n > 0) {
    const quick = scanFinite(values, n);
    if (Number.isFinite(quick.sum + quick.squares + quick.stepSum + quick.stepSquares)) return quick;
  }
  return scanCarefully(values, n);
}

/**
 * scanValues for finite values: no branch but the extremes. Functions of their own on locals only: inside the
 * per-dimension closure, writing the profile object, the loop was at times left unoptimised by V8 (4–5 × slower,
 * from run to run).
 */
function scanFinite(values: Float64Array, n: number) {
  const shift = values[0];
  let min = shift;
  let max = shift;
  let sum = 0;
  let squares = 0;
  let stepSum = 0;
  let stepSquares = 0;
  let previous = shift;
  for (let i = 1; i < n; i += 1) {
    const value = values[i];
    min = value < min ? value : min;
    max = value > max ? value : max;
    const d = value - shift;
    sum += d;
    squares += d * d;
    const step = value - previous;
    stepSum += step;
    stepSquares += step * step;
    previous = value;
  }
  return { nonFinite: 0, firstBad: -1, lastBad: -1, min, max, count: n, shift, sum, squares, steps: n - 1, stepSum, stepSquares };
}

/** scanValues for values that may hold NaN or ±Inf: those are counted and no sum or step spans them. */
function scanCarefully(values: Float64Array, n: number) {
  let nonFinite = 0;
  let firstBad = -1;
  let lastBad = -1;
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  // Sums of (value − shift): the first finite value as shift keeps Σd² − (Σd)²/n accurate for tiny spreads.
  let shift = NaN;
  let sum = 0;
  let squares = 0;
  let steps = 0;
  let stepSum = 0;
  let stepSquares = 0;
  // NaN after a non-finite value, so that no step spans it.
  let previous = NaN;
  for (let i = 0; i < n; i += 1) {
    const value = values[i];
    // value − value is NaN for NaN and ±Inf: a cheaper Number.isFinite in this hot loop.
    if (value - value !== 0) {
      if (nonFinite === 0) firstBad = i;
      lastBad = i;
      nonFinite += 1;
      previous = NaN;
      continue;
    }
    if (count === 0) shift = value;
    if (value < min) min = value;
    if (value > max) max = value;
    const d = value - shift;
    sum += d;
    squares += d * d;
    count += 1;
    if (previous === previous) {
      const step = value - previous;
      stepSum += step;
      stepSquares += step * step;
      steps += 1;
    }
    previous = value;
  }
  return { nonFinite, firstBad, lastBad, min, max, count, shift, sum, squares, steps, stepSum, stepSquares };
}

/** The distinct finite values when there are at most 4, else null: a continuous dimension stops it in a few values. */
function distinctValues(values: Float64Array, n: number): number[] | null {
  const found: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const value = values[i];
    // A value repeating the one before is already found (=== and includes both equate ±0): joints hold still for
    // long stretches, and the search need not look there.
    if (value - value !== 0 || (i > 0 && value === values[i - 1]) || found.includes(value)) continue;
    if (found.length === DISCRETE_VALUES) return null;
    found.push(value);
  }
  return found;
}
