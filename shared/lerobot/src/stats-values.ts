/** Stats as LeRobot stores them, without reading any: what the quality thread needs (no DuckDB there). */

/** LeRobot ≥ 0.4's per-episode quantiles (lerobot-format.md §6.2), by stats key. */
export const QUANTILES = [
  { key: 'q01', q: 0.01 },
  { key: 'q10', q: 0.1 },
  { key: 'q50', q: 0.5 },
  { key: 'q90', q: 0.9 },
  { key: 'q99', q: 0.99 },
] as const;

export type QuantileKey = (typeof QUANTILES)[number]['key'];

/** Stats of one feature, as LeRobot stores them: nested number arrays of the feature's shape. */
export type FeatureStats = Partial<Record<'min' | 'max' | 'mean' | 'std' | 'count' | QuantileKey, unknown>>;
export type StatsByFeature = Record<string, FeatureStats>;

/** Every number in a nested stats array, in order. */
export function flatNumbers(value: unknown): number[] {
  if (Array.isArray(value)) return value.flatMap(flatNumbers);
  return typeof value === 'number' ? [value] : [];
}

/** Every number of a stored stat in order; null, NaN and Infinity (parsed as null) stay as NaN, booleans are 0/1. */
export function storedValues(value: unknown): number[] {
  if (Array.isArray(value)) return value.flatMap(storedValues);
  if (typeof value === 'boolean') return [value ? 1 : 0];
  return [typeof value === 'number' ? value : NaN];
}
