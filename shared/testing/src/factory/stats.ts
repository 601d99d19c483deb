import { CHANNELS, channelMoments, channelStd, downsampleStep, FramePixels, type PixelHistogram } from './camera-stats';
import { videoFrameIndex, type DatasetModel } from './model';
import { columnMean, rounding, type NumpyDtype } from './numpy';
import { pyFloat, type PyValue } from './py-json';
import { dimensionQuantiles, QUANTILES, type QuantileKey } from './quantiles';

/**
 * Per-episode statistics as LeRobot's `compute_episode_stats` produces them, in its two generations:
 * - 'v2.1' (LeRobot 0.1–0.3): NumPy min/max/mean/std (population) and count;
 * - 'v3.0' (LeRobot ≥ 0.4): the same keys plus q01…q99, with mean/std from `RunningQuantileStats`
 *   (std = sqrt(E[x²] − E[x]²)).
 * Numeric features come from the recorder's buffers (see `BufferDtype`); cameras from the frames that were
 * encoded, sampled as the recorder samples them, per channel and scaled to [0, 1].
 */

export type StatsGeneration = 'v2.1' | 'v3.0';

export type StatKey = 'min' | 'max' | 'mean' | 'std' | QuantileKey;

/** LeRobot's key order (count goes after std). */
const STAT_KEYS = ['min', 'max', 'mean', 'std', ...QUANTILES.map((q) => q.key)] as const;

export interface FeatureStats {
  /** Per-channel camera stats, stored with shape [C][1][1]; other features are flat, one value per dimension. */
  camera: boolean;
  /** min/max of integer features stay integers (NumPy `tolist()`); every other stat is a float. */
  integer: boolean;
  /** mean and std are float32 arrays (float32 features, before aggregation), which `aggregate_stats` squares in float32. */
  float32: boolean;
  count: number;
  values: { min: number[]; max: number[]; mean: number[]; std: number[] } & Partial<Record<QuantileKey, number[]>>;
}

/** One episode's (or a dataset's) stats per feature, in feature order. */
export type Stats = Record<string, FeatureStats>;

/** Every episode's stats, in episode order. */
export function episodesStats(model: DatasetModel, generation: StatsGeneration): Stats[] {
  const cameras = new Map(
    model.features.flatMap((f) => (f.kind === 'video' ? [[f.key, new FramePixels(f.camera.width, f.camera.height, model.spec.fps)]] : [])),
  );
  return model.episodes.map((episode) => {
    const stats: Stats = {};
    for (const feature of model.features) {
      if (feature.kind === 'video') {
        const frames = sampleIndices(episode.length).map((i) => videoFrameIndex(model, episode, i));
        const { width, height } = feature.camera;
        stats[feature.key] = cameraStats(cameras.get(feature.key)!.pooled(frames, downsampleStep(width, height)), frames.length, generation);
      } else {
        stats[feature.key] = numericStats(episode.columns[feature.key], feature.width, feature.buffer, generation);
      }
    }
    return stats;
  });
}

/** Stats of a (rows × width) buffer of the given dtype. */
export function numericStats(values: Float64Array, width: number, dtype: NumpyDtype, generation: StatsGeneration): FeatureStats {
  const rows = values.length / width;
  const round = rounding(dtype);
  const stats: FeatureStats = {
    camera: false,
    integer: dtype === 'int64',
    float32: dtype === 'float32',
    count: rows,
    values: { min: [], max: [], mean: [], std: [] },
  };
  const quantiles = generation === 'v3.0';
  for (let j = 0; j < width; j++) {
    const column = Float64Array.from({ length: rows }, (_, i) => values[i * width + j]);
    const min = column.reduce((a, v) => Math.min(a, v), Infinity);
    const max = column.reduce((a, v) => Math.max(a, v), -Infinity);
    const mean = columnMean(column, width, dtype);
    let std: number;
    if (quantiles && rows >= 2) {
      // RunningQuantileStats: mean of squares minus squared mean, clamped at 0.
      const meanOfSquares = columnMean(column.map((v) => round(v * v)), width, dtype);
      std = round(Math.sqrt(Math.max(0, round(meanOfSquares - round(mean * mean)))));
    } else {
      // np.std (also LeRobot ≥ 0.4's fallback for fewer than 2 rows).
      std = round(Math.sqrt(columnMean(column.map((v) => round(round(v - mean) ** 2)), width, dtype)));
    }
    pushStats(stats, { min, max, mean, std });
    if (quantiles) {
      // Fewer than 2 rows: LeRobot copies the mean into every quantile.
      const q = rows >= 2 ? dimensionQuantiles(column, min, max, rows, dtype) : undefined;
      for (const { key } of QUANTILES) (stats.values[key] ??= []).push(q ? q[key] : mean);
    }
  }
  return stats;
}

/**
 * Camera stats from the sampled frames' pixels, divided by 255. Quantiles use float64 bin edges, as NumPy does
 * for uint8 data. std is the true pixel std: LeRobot 0.4–0.5 squared the uint8 pixels without widening them
 * and stored 0.0 (format doc §6.2, a defect), LeRobot ≥ 0.6 computes this value (in float32).
 */
function cameraStats(hist: PixelHistogram, samples: number, generation: StatsGeneration): FeatureStats {
  const stats: FeatureStats = { camera: true, integer: false, float32: false, count: samples, values: { min: [], max: [], mean: [], std: [] } };
  for (let c = 0; c < CHANNELS; c++) {
    const { min, max, sum, squares } = channelMoments(hist, c);
    const mean = sum / hist.pixels;
    const std = generation === 'v3.0' ? Math.sqrt(Math.max(0, squares / hist.pixels - mean * mean)) : channelStd(hist, c, mean);
    pushStats(stats, { min: min / 255, max: max / 255, mean: mean / 255, std: std / 255 });
    if (generation === 'v3.0') {
      const values = Array.from({ length: 256 }, (_, v) => v);
      const weights = hist.counts.subarray(c * 256, (c + 1) * 256);
      const q = dimensionQuantiles(values, min, max, hist.pixels, 'int64', weights);
      for (const { key } of QUANTILES) (stats.values[key] ??= []).push(q[key] / 255);
    }
  }
  return stats;
}

function pushStats(stats: FeatureStats, v: { min: number; max: number; mean: number; std: number }): void {
  stats.values.min.push(v.min);
  stats.values.max.push(v.max);
  stats.values.mean.push(v.mean);
  stats.values.std.push(v.std);
}

/**
 * A feature's stats in LeRobot's key order (min, max, mean, std, count, then the quantiles), each with its values
 * and whether NumPy's `tolist()` makes them ints (integer features' min/max, count) or floats.
 */
export function statEntries(stats: FeatureStats): { key: string; values: number[]; integer: boolean }[] {
  const entries: { key: string; values: number[]; integer: boolean }[] = [];
  for (const key of STAT_KEYS) {
    const values = stats.values[key];
    if (values) entries.push({ key, values, integer: stats.integer && (key === 'min' || key === 'max') });
    if (key === 'std') entries.push({ key: 'count', values: [stats.count], integer: true });
  }
  return entries;
}

/** A feature's stats as LeRobot serialises them to JSON; camera values nest as [C][1][1], count stays flat. */
export function featureStatsJson(stats: FeatureStats): PyValue {
  return Object.fromEntries(
    statEntries(stats).map(({ key, values, integer }) => [
      key,
      values.map((v) => {
        const item = integer ? v : pyFloat(v);
        return stats.camera && key !== 'count' ? [[item]] : item;
      }),
    ]),
  );
}

export const statsJson = (stats: Stats): Record<string, PyValue> =>
  Object.fromEntries(Object.entries(stats).map(([key, s]) => [key, featureStatsJson(s)]));

/** LeRobot `sample_indices`: NumPy linspace then round-half-to-even. */
export function sampleIndices(frames: number): number[] {
  const n = estimateNumSamples(frames);
  if (n === 1) return [0];
  const step = (frames - 1) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? frames - 1 : roundHalfEven(i * step)));
}

/** LeRobot `estimate_num_samples` with its defaults (min 100, max 10 000, power 0.75). */
export function estimateNumSamples(frames: number): number {
  const min = Math.min(frames, 100);
  return Math.max(min, Math.min(Math.floor(frames ** 0.75), 10_000));
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
