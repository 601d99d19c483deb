import { renderFrame } from './frames';
import type { BufferDtype, DatasetModel } from './model';
import { pyFloat, type PyValue } from './py-json';

/**
 * Per-episode statistics as LeRobot v2.1's `compute_episode_stats` produces them: min/max/mean/std (population)
 * and count per feature, in feature order; cameras per channel, shape [3][1][1], from sampled frames scaled to [0, 1].
 */

/** Every episode's stats, in episode order. */
export function episodesStats(model: DatasetModel): Record<string, PyValue>[] {
  const cameras = new Map(
    model.features.flatMap((f) => (f.kind === 'video' ? [[f.key, new CameraStats(f.camera.width, f.camera.height, model.spec.fps)]] : [])),
  );
  return model.episodes.map((episode) => {
    const stats: Record<string, PyValue> = {};
    for (const feature of model.features) {
      stats[feature.key] =
        feature.kind === 'video'
          ? cameras.get(feature.key)!.episode(episode.length)
          : numericStats(episode.columns[feature.key], feature.width, feature.buffer);
    }
    return stats;
  });
}

/**
 * NumPy stats along axis 0 of a (rows × width) buffer, summed in NumPy's order so the results are bit-exact:
 * with several columns NumPy accumulates row by row, with one (contiguous) it uses pairwise summation;
 * float32 buffers round every step to float32.
 */
export function numericStats(values: Float64Array, width: number, buffer: BufferDtype): PyValue {
  const rows = values.length / width;
  const round = buffer === 'float32' ? Math.fround : (x: number) => x;
  const sum = (column: Float64Array): number =>
    width === 1 ? pairwiseSum(column, 0, column.length, round) : column.reduce((acc, v) => round(acc + v), 0);
  const min: PyValue[] = [];
  const max: PyValue[] = [];
  const mean: PyValue[] = [];
  const std: PyValue[] = [];
  for (let j = 0; j < width; j++) {
    const column = Float64Array.from({ length: rows }, (_, i) => values[i * width + j]);
    const m = round(sum(column) / rows);
    const squares = column.map((v) => {
      const d = round(v - m);
      return round(d * d);
    });
    // Integer columns keep their dtype for min/max (NumPy `.tolist()` gives ints); mean and std are floats.
    const lo = column.reduce((a, v) => Math.min(a, v), Infinity);
    const hi = column.reduce((a, v) => Math.max(a, v), -Infinity);
    min.push(buffer === 'int64' ? lo : pyFloat(lo));
    max.push(buffer === 'int64' ? hi : pyFloat(hi));
    mean.push(pyFloat(m));
    std.push(pyFloat(round(Math.sqrt(round(sum(squares) / rows)))));
  }
  return { min, max, mean, std, count: [rows] };
}

/** NumPy's `pairwise_sum`: 8 interleaved accumulators for blocks up to 128, recursive halving above. */
function pairwiseSum(a: Float64Array, start: number, n: number, round: (x: number) => number): number {
  if (n < 8) {
    let res = 0;
    for (let i = start; i < start + n; i++) res = round(res + a[i]);
    return res;
  }
  if (n <= 128) {
    const r = Array.from(a.subarray(start, start + 8));
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
 * Stats of the frames that were encoded, computed the way the recorder does from its PNG frames: sample
 * `estimate_num_samples(N)` frames at `round(linspace(0, N-1, n))`, subsample large images, per channel over
 * (samples, H, W), divided by 255. count = number of sampled frames. Frames do not depend on the episode
 * length, so each frame's histograms are computed once and shared by all episodes of the camera.
 */
class CameraStats {
  /** Per frame index: 3 × 256-bin histograms of the (subsampled) uint8 pixels, which give exact stats. */
  private readonly histograms = new Map<number, Uint32Array>();

  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly fps: number,
  ) {}

  episode(frames: number): PyValue {
    const samples = sampleIndices(frames);
    const total = new Float64Array(3 * 256);
    for (const index of samples) {
      const hist = this.frameHistograms(index);
      for (let k = 0; k < total.length; k++) total[k] += hist[k];
    }
    const channels = [0, 1, 2].map((c) => {
      const hist = total.subarray(c * 256, (c + 1) * 256);
      let count = 0;
      let sum = 0;
      hist.forEach((n, v) => {
        count += n;
        sum += n * v;
      });
      const mean = sum / count;
      let squares = 0;
      hist.forEach((n, v) => (squares += n * (v - mean) ** 2));
      const present = [...hist.keys()].filter((v) => hist[v] > 0);
      return { min: present[0], max: present[present.length - 1], mean, std: Math.sqrt(squares / count) };
    });
    const perChannel = (stat: 'min' | 'max' | 'mean' | 'std'): PyValue => channels.map((ch) => [[pyFloat(ch[stat] / 255)]]);
    return { min: perChannel('min'), max: perChannel('max'), mean: perChannel('mean'), std: perChannel('std'), count: [samples.length] };
  }

  private frameHistograms(index: number): Uint32Array {
    let hist = this.histograms.get(index);
    if (!hist) {
      const { width, height } = this;
      const rgb = renderFrame(width, height, this.fps, index);
      const step = downsampleStep(width, height);
      hist = new Uint32Array(3 * 256);
      for (let y = 0; y < height; y += step) {
        for (let x = 0; x < width; x += step) {
          const o = (y * width + x) * 3;
          hist[rgb[o]]++;
          hist[256 + rgb[o + 1]]++;
          hist[512 + rgb[o + 2]]++;
        }
      }
      this.histograms.set(index, hist);
    }
    return hist;
  }
}

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

/** LeRobot `auto_downsample_height_width`: keep every f-th pixel once an image reaches 300 px. */
function downsampleStep(width: number, height: number): number {
  if (Math.max(width, height) < 300) return 1;
  return width > height ? Math.floor(width / 150) : Math.floor(height / 150);
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
