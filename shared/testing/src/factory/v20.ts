import { CHANNELS, channelMoments, channelStd, FramePixels } from './camera-stats';
import { videoFrameIndex, type DatasetModel } from './model';
import type { WrittenDataset } from './output';
import { pyFloat, pyJsonDumps, type PyValue } from './py-json';
import { writeV2 } from './v2';

/**
 * LeRobot v2.0: the v2 layout with one global meta/stats.json (format doc §6.1) and no per-episode stats.
 * The v2.0 recorder's `compute_stats` ran over every frame of the dataset as read back (parquet values, videos
 * decoded to [0, 1] at full resolution) and kept float32 tensors: {mean, std, max, min} per feature, all floats,
 * shape [D], [1] or [3][1][1]. Here the values are the exact statistics rounded to float32; LeRobot's own
 * float32 running mean over a seeded shuffled DataLoader differs from them in the last bits, and its camera stats
 * come from decoded (lossy) frames where these come from the frames before encoding.
 */
export function writeV20(dir: string, model: DatasetModel): Promise<WrittenDataset> {
  return writeV2(dir, model, () => ({ path: 'meta/stats.json', content: pyJsonDumps(datasetStats(model), { indent: 4, ensureAscii: false }) }));
}

interface Moments {
  mean: number;
  std: number;
  max: number;
  min: number;
}

function datasetStats(model: DatasetModel): Record<string, PyValue> {
  const stats: Record<string, PyValue> = {};
  if (model.episodes.length === 0) return stats;
  const asJson = (channels: Moments[], camera: boolean): PyValue => {
    const json: Record<string, PyValue> = {};
    for (const key of ['mean', 'std', 'max', 'min'] as const) {
      json[key] = channels.map((m) => {
        const value = pyFloat(Math.fround(m[key]));
        return camera ? [[value]] : value;
      });
    }
    return json;
  };
  for (const feature of model.features) {
    if (feature.kind === 'video') {
      const { width, height } = feature.camera;
      const frames = model.episodes.flatMap((e) => Array.from({ length: e.length }, (_, i) => videoFrameIndex(model, e, i)));
      const hist = new FramePixels(width, height, model.spec.fps).pooled(frames, 1);
      const channels = Array.from({ length: CHANNELS }, (_, c) => {
        const { min, max, sum } = channelMoments(hist, c);
        const mean = sum / hist.pixels;
        return { mean: mean / 255, std: channelStd(hist, c, mean) / 255, max: max / 255, min: min / 255 };
      });
      stats[feature.key] = asJson(channels, true);
    } else {
      // Statistics of the stored values: timestamps as the float32 the parquet holds.
      const stored = feature.dtype === 'float32' ? Math.fround : (x: number) => x;
      const columns = Array.from({ length: feature.width }, (_, j) =>
        model.episodes.flatMap((e) => Array.from({ length: e.length }, (_, i) => stored(e.columns[feature.key][i * feature.width + j]))),
      );
      stats[feature.key] = asJson(columns.map(moments), false);
    }
  }
  return stats;
}

function moments(values: number[]): Moments {
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  const max = values.reduce((a, v) => Math.max(a, v), -Infinity);
  const min = values.reduce((a, v) => Math.min(a, v), Infinity);
  return { mean, std: Math.sqrt(variance), max, min };
}
