import { histogram, linspace, searchSorted, type NumpyDtype } from './numpy';

/**
 * The quantiles of LeRobot ≥ 0.4's `RunningQuantileStats` (format doc §6.2) when it is fed one episode at once:
 * a 5000-bin histogram per dimension between min − 1e-10 and max + 1e-10, read at q·count with linear
 * interpolation inside the bin. Edges are computed in the data's dtype (float32 for float32 features, as NumPy 2
 * keeps `float32 − 1e-10` in float32), which is why a quantile can equal the float32 min exactly.
 */

export const QUANTILES = [
  { key: 'q01', q: 0.01 },
  { key: 'q10', q: 0.1 },
  { key: 'q50', q: 0.5 },
  { key: 'q90', q: 0.9 },
  { key: 'q99', q: 0.99 },
] as const;

export type QuantileKey = (typeof QUANTILES)[number]['key'];

const BINS = 5000;

/**
 * Quantiles of one dimension. `values` (with optional `weights`, a histogram of distinct values) are the samples;
 * `min`/`max` their extremes; `dtype` the array's dtype (uint8 pixels count as int64: their edges are float64).
 */
export function dimensionQuantiles(
  values: ArrayLike<number>,
  min: number,
  max: number,
  count: number,
  dtype: NumpyDtype,
  weights?: ArrayLike<number>,
): Record<QuantileKey, number> {
  const lo = dtype === 'float32' ? Math.fround(min - Math.fround(1e-10)) : min - 1e-10;
  const hi = dtype === 'float32' ? Math.fround(max + Math.fround(1e-10)) : max + 1e-10;
  const edges = linspace(lo, hi, BINS + 1, dtype);
  const cumsum = histogram(values, edges, weights);
  for (let k = 1; k < BINS; k++) cumsum[k] += cumsum[k - 1];
  // Bin widths are differences of edges, taken in the edges' dtype; the interpolation itself is float64.
  const width = (k: number): number => (dtype === 'float32' ? Math.fround(edges[k + 1] - edges[k]) : edges[k + 1] - edges[k]);
  const result = {} as Record<QuantileKey, number>;
  for (const { key, q } of QUANTILES) {
    const target = q * count;
    const i = searchSorted(cumsum, target, 'left');
    if (i === 0) result[key] = edges[0];
    else if (i >= BINS) result[key] = edges[BINS];
    else {
      const before = cumsum[i - 1];
      const inBin = cumsum[i] - before;
      result[key] = inBin === 0 ? edges[i] : edges[i] + ((target - before) / inBin) * width(i);
    }
  }
  return result;
}
