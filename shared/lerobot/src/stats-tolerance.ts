import { Moments, stdOf } from './scan/moments';

/**
 * How far a stored statistic may sit from the float64 truth recomputed from the frames (quality-metrics.md §1
 * stats_drift). The bar is 1e-3 of the dimension's range (max − min); on top of it go the rounding errors of the
 * way LeRobot computes its stats, so that its own artefacts are not reported as data faults:
 * - values are stored in the feature's dtype (float32 rounds at u = 2⁻²⁴ of the magnitude);
 * - NumPy sums a float32 (rows × dims) array row by row in float32, so a mean can be off by up to ~n·u of the
 *   largest magnitude (measured: up to 0.5·n·u for constant columns);
 * - LeRobot ≥ 0.4 takes std = sqrt(E[x²] − E[x]²) with E[x²] summed the same way: the variance is off by up to
 *   ~n·u·E[x²] (a constant 0.7 over 5,000 frames gives std 6e-3 instead of 0; a small true std can come out 0),
 *   and the two-pass np.std of LeRobot ≤ 0.3 adds the square of the mean's error.
 * So std passes if it is within the range bar, or if its square is within the bound those errors allow.
 */

export type CheckedStat = 'min' | 'max' | 'mean' | 'std';

export const RANGE_BAR = 1e-3;

/** Unit roundoff of the arithmetic LeRobot computes a feature's stats in (integers and float64: float64). */
export function unitRoundoff(dtype: string): number {
  if (dtype === 'float32') return 2 ** -24;
  if (dtype === 'float16') return 2 ** -11;
  return 2 ** -53;
}

export interface ToleranceInput {
  /** The float64 truth of the dimension. */
  truth: Moments;
  /** The stored mean of the same dimension (used for std: the mean's error enters the variance). */
  storedMean: number | undefined;
  u: number;
  /** Rows one summation ran over (the longest episode behind the value). */
  n: number;
  /** Share of the range a value may differ by before rounding is allowed for (default 1e-3). */
  bar?: number;
}

/** The allowed |stored − truth| for min, max and mean. */
export function allowedDifference(stat: Exclude<CheckedStat, 'std'>, { truth, u, n, bar = RANGE_BAR }: ToleranceInput): number {
  const range = truth.max - truth.min;
  const magnitude = Math.max(Math.abs(truth.min), Math.abs(truth.max));
  const rounding = stat === 'mean' ? (n + 2) * u * magnitude : 2 * u * magnitude;
  return bar * range + rounding;
}

export function withinTolerance(stat: CheckedStat, stored: number, input: ToleranceInput): boolean {
  if (!Number.isFinite(stored)) return false;
  const { truth, u, n } = input;
  if (stat === 'min') return Math.abs(stored - truth.min) <= allowedDifference('min', input);
  if (stat === 'max') return Math.abs(stored - truth.max) <= allowedDifference('max', input);
  if (stat === 'mean') return Math.abs(stored - truth.mean) <= allowedDifference('mean', input);
  const sigma = stdOf(truth);
  if (Math.abs(stored - sigma) <= allowedDifference('max', input)) return true;
  const magnitude = Math.max(Math.abs(truth.min), Math.abs(truth.max));
  const meanBound = (n + 2) * u * magnitude;
  const measured = input.storedMean !== undefined && Number.isFinite(input.storedMean) ? Math.abs(input.storedMean - truth.mean) : meanBound;
  const delta = Math.min(measured, meanBound);
  const squares = truth.mean * truth.mean + sigma * sigma;
  return Math.abs(stored * stored - sigma * sigma) <= 2 * Math.abs(truth.mean) * delta + delta * delta + (n + 4) * u * squares;
}

/** The truth a stat is compared with. */
export function truthOf(stat: CheckedStat, truth: Moments): number {
  return stat === 'std' ? stdOf(truth) : truth[stat];
}
