/**
 * Count, min, max, mean and M2 (= n · population variance) of one dimension, in float64. Two sets combine with
 * Chan's parallel formula, which is LeRobot's `aggregate_stats` (lerobot-format.md §6.3) written on M2.
 */
export interface Moments {
  n: number;
  min: number;
  max: number;
  mean: number;
  m2: number;
}

export const EMPTY_MOMENTS: Moments = { n: 0, min: Infinity, max: -Infinity, mean: 0, m2: 0 };

export function moments(n: number, min: number, max: number, mean: number, std: number): Moments {
  return n === 0 ? EMPTY_MOMENTS : { n, min, max, mean, m2: n * std * std };
}

export function combineMoments(a: Moments, b: Moments): Moments {
  if (a.n === 0) return b;
  if (b.n === 0) return a;
  const n = a.n + b.n;
  const delta = b.mean - a.mean;
  return {
    n,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    mean: a.mean + (delta * b.n) / n,
    m2: a.m2 + b.m2 + (delta * delta * a.n * b.n) / n,
  };
}

export function stdOf(value: Moments): number {
  return value.n === 0 ? NaN : Math.sqrt(Math.max(0, value.m2 / value.n));
}
