import { QUANTILES } from './quantiles';
import type { FeatureStats, Stats } from './stats';

/**
 * LeRobot's `aggregate_stats` (format doc §6.3), as the v3.0 recorder applies it: `stats.json` starts as episode
 * 0's stats and absorbs one episode at a time (`aggregate_stats([stats, episode_stats])`). Folding pairwise is
 * not bit-identical to aggregating all episodes at once, so the order is kept. Quantiles are count-weighted
 * means (LeRobot ≤ 0.6.1; later versions take an envelope instead).
 */
export function aggregateEpisodeStats(episodes: Stats[]): Stats | undefined {
  return episodes.reduce<Stats | undefined>((total, episode) => (total ? aggregateStats(total, episode) : episode), undefined);
}

/** `aggregate_stats([a, b])` over the union of their features (a feature only one side has is taken as is). */
export function aggregateStats(a: Stats, b: Stats): Stats {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return Object.fromEntries(keys.map((key) => [key, a[key] && b[key] ? aggregateFeature(a[key], b[key]) : (a[key] ?? b[key])]));
}

function aggregateFeature(a: FeatureStats, b: FeatureStats): FeatureStats {
  const total = a.count + b.count;
  // `std ** 2` is taken on each input before stacking, so a float32 std is squared in float32.
  const square = (s: FeatureStats, x: number): number => (s.float32 ? Math.fround(x * x) : x * x);
  const mean = a.values.mean.map((ma, i) => (ma * a.count + b.values.mean[i] * b.count) / total);
  const std = a.values.std.map((sa, i) => {
    const mb = b.values.mean[i];
    const va = (square(a, sa) + (a.values.mean[i] - mean[i]) ** 2) * a.count;
    const vb = (square(b, b.values.std[i]) + (mb - mean[i]) ** 2) * b.count;
    return Math.sqrt((va + vb) / total);
  });
  const result: FeatureStats = {
    camera: a.camera,
    integer: a.integer,
    float32: false,
    count: total,
    values: {
      min: a.values.min.map((v, i) => Math.min(v, b.values.min[i])),
      max: a.values.max.map((v, i) => Math.max(v, b.values.max[i])),
      mean,
      std,
    },
  };
  for (const { key } of QUANTILES) {
    const qa = a.values[key];
    const qb = b.values[key];
    if (qa && qb) result.values[key] = qa.map((v, i) => (v * a.count + qb[i] * b.count) / total);
  }
  return result;
}
