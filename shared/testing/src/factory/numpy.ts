/**
 * The few NumPy numerics LeRobot's statistics go through, reproduced operation by operation so generated
 * stats are bit-identical to what LeRobot stores (NumPy 2 promotion rules: a Python float combined with a
 * float32 array stays float32, combined with an integer array becomes float64).
 */

/** NumPy dtype of an array the stats are computed on. */
export type NumpyDtype = 'float32' | 'float64' | 'int64';

/** Rounds a double to the precision arithmetic on `dtype` arrays is carried out in (integers sum in float64). */
export const rounding = (dtype: NumpyDtype): ((x: number) => number) => (dtype === 'float32' ? Math.fround : (x) => x);

/** NumPy's `pairwise_sum`: 8 interleaved accumulators for blocks up to 128, recursive halving above. */
export function pairwiseSum(a: ArrayLike<number>, start: number, n: number, round: (x: number) => number): number {
  if (n < 8) {
    let res = 0;
    for (let i = start; i < start + n; i++) res = round(res + a[i]);
    return res;
  }
  if (n <= 128) {
    const r = Array.from({ length: 8 }, (_, k) => a[start + k]);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let k = 0; k < 8; k++) r[k] = round(r[k] + a[start + i + k]);
    }
    let res = round(round(round(r[0] + r[1]) + round(r[2] + r[3])) + round(round(r[4] + r[5]) + round(r[6] + r[7])));
    for (; i < n; i++) res = round(res + a[start + i]);
    return res;
  }
  const half = Math.floor(n / 2) - (Math.floor(n / 2) % 8);
  return round(pairwiseSum(a, start, half, round) + pairwiseSum(a, start + half, n - half, round));
}

/**
 * `np.mean(x, axis=0)` for one column of a (rows × width) array: a single column is contiguous and summed
 * pairwise, several columns are accumulated row by row. Integer data is summed in float64, where the sums
 * stay exact, so their order does not matter.
 */
export function columnMean(column: ArrayLike<number>, width: number, dtype: NumpyDtype): number {
  const round = rounding(dtype);
  let sum = 0;
  if (width === 1) sum = pairwiseSum(column, 0, column.length, round);
  else for (let i = 0; i < column.length; i++) sum = round(sum + column[i]);
  return round(sum / column.length);
}

/** `np.linspace(start, stop, num)` evaluated in `dtype` (step = delta / div, y = i·step + start, y[-1] = stop). */
export function linspace(start: number, stop: number, num: number, dtype: NumpyDtype): Float64Array {
  const round = rounding(dtype);
  const div = num - 1;
  const delta = round(stop - start);
  const step = round(delta / div);
  // NumPy's special case for a zero (or denormal-underflowing) step: y = i / div · delta.
  const at = step === 0 ? (i: number) => round(round(i / div) * delta) : (i: number) => round(i * step);
  const y = Float64Array.from({ length: num }, (_, i) => round(at(i) + start));
  y[num - 1] = stop;
  return y;
}

/** `np.searchsorted(sorted, value, side)`: first index whose element is >= value (left) or > value (right). */
export function searchSorted(sorted: ArrayLike<number>, value: number, side: 'left' | 'right'): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (side === 'left' ? sorted[mid] < value : sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `np.histogram(values, bins=edges)` with explicit edges: bin k counts edges[k] <= x < edges[k+1], the last bin
 * also takes x == edges[-1]. `weights` lets a caller pass a histogram of distinct values instead of raw samples.
 */
export function histogram(values: ArrayLike<number>, edges: Float64Array, weights?: ArrayLike<number>): Float64Array {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  const last = edges[bins];
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    const w = weights ? weights[i] : 1;
    if (w === 0 || x < edges[0] || x > last) continue;
    const k = x === last ? bins - 1 : searchSorted(edges, x, 'right') - 1;
    counts[k] += w;
  }
  return counts;
}
