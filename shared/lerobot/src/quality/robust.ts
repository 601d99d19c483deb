/** Order statistics and robust scale, on numbers that are all finite. */

/** k-th smallest (0-based) of values[0..n); reorders `values` in place (Hoare selection, O(n) on average). */
export function select(values: Float64Array, n: number, k: number): number {
  let left = 0;
  let right = n - 1;
  while (left < right) {
    const pivot = values[(left + right) >>> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i] < pivot) i += 1;
      while (values[j] > pivot) j -= 1;
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return values[k];
  }
  return values[k];
}

/** Median of values[0..n), reordering them; NaN when n = 0. */
export function medianInPlace(values: Float64Array, n: number): number {
  if (n === 0) return NaN;
  const upper = select(values, n, n >> 1);
  if (n % 2 === 1) return upper;
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i += 1) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}

export function median(values: readonly number[]): number {
  return medianInPlace(Float64Array.from(values), values.length);
}

/** Linear-interpolated quantile (NumPy's default) of a sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export const MAD_TO_SIGMA = 1.4826;

/** Median and 1.4826 × MAD of values[0..n), using `scratch` (reordered) for the work. */
export function robustScale(values: Float64Array, n: number, scratch: Float64Array): { median: number; sigma: number } {
  scratch.set(values.subarray(0, n));
  const center = medianInPlace(scratch, n);
  for (let i = 0; i < n; i += 1) scratch[i] = Math.abs(values[i] - center);
  return { median: center, sigma: MAD_TO_SIGMA * medianInPlace(scratch, n) };
}

/** Spearman rank correlation (average ranks for ties); NaN when either side is constant or n < 3. */
export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length < 3 || a.length !== b.length) return NaN;
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (a.length + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i += 1) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) ** 2;
    sbb += (rb[i] - mean) ** 2;
  }
  return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((value, i) => [value, i] as const).sort((x, y) => x[0] - y[0]);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && order[end][0] === order[start][0]) end += 1;
    const rank = (start + end + 1) / 2;
    for (let k = start; k < end; k += 1) result[order[k][1]] = rank;
    start = end;
  }
  return result;
}
