import { QuantileKey, QUANTILES } from '../../stats-values';

export const QUANTILE_BINS = 5000;

/**
 * The quantiles LeRobot ≥ 0.4 stores per episode (lerobot-format.md §6.2: `RunningQuantileStats` fed once): a
 * 5000-bin histogram between min − 1e-10 and max + 1e-10, read at q·count with linear interpolation inside the
 * bin, in float64. Its bins are 2e-4 of the range wide, so it is the value to compare a stored quantile with,
 * not the exact order statistic. `histogram` is scratch of at least 5000 entries; `values` are all finite.
 */
export function lerobotQuantiles(values: Float64Array, n: number, min: number, max: number, histogram: Uint32Array): Record<QuantileKey, number> {
  const result = {} as Record<QuantileKey, number>;
  if (n < 2) {
    // LeRobot gives every quantile the mean when there are fewer than 2 rows.
    for (const { key } of QUANTILES) result[key] = n === 1 ? values[0] : NaN;
    return result;
  }
  const lo = min - 1e-10;
  const width = (max + 1e-10 - lo) / QUANTILE_BINS;
  const perBin = 1 / width;
  histogram.fill(0, 0, QUANTILE_BINS);
  // One histogram, counted straight. Alone on bench:quality's data (a third of consecutive frames share a bin) and
  // on smooth, random and mostly still series, it took half the time of two interleaved histograms (in the
  // analysis, ~150 instead of ~190 ms per million v3.0 frames); counting runs of one bin in a local was as slow on
  // that data, its branch mispredicting. The constant is in a local (the compiled module reads an export as a
  // property, every time); truncation stands for Math.floor (values − lo is positive).
  const top = QUANTILE_BINS - 1;
  for (let i = 0; i < n; i += 1) {
    const bin = ((values[i] - lo) * perBin) | 0;
    histogram[bin < top ? bin : top] += 1;
  }
  const edge = (k: number) => lo + k * width;
  // The quantiles ascend: one walk over the cumulative counts finds each one's bin (searchsorted, left).
  let bin = 0;
  let before = 0;
  let cumulative = histogram[0];
  for (const { key, q } of QUANTILES) {
    const target = q * n;
    // Four bins at a time while all four stay under the target: their sum does not wait on each count in turn.
    while (bin + 4 < top) {
      const ahead = histogram[bin + 1] + histogram[bin + 2] + (histogram[bin + 3] + histogram[bin + 4]);
      if (cumulative + ahead >= target) break;
      bin += 4;
      cumulative += ahead;
    }
    while (cumulative < target && bin < top) {
      bin += 1;
      before = cumulative;
      cumulative += histogram[bin];
    }
    if (bin === 0) result[key] = edge(0);
    else if (cumulative < target) result[key] = edge(QUANTILE_BINS);
    else {
      const inBin = cumulative - before;
      result[key] = inBin === 0 ? edge(bin) : edge(bin) + ((target - before) / inBin) * width;
    }
  }
  return result;
}
