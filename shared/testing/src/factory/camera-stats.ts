import { renderFrame } from './frames';

/**
 * Pixel statistics of the synthetic camera frames, from per-channel 256-bin histograms of the uint8 pixels:
 * a histogram gives exact sums, so mean, std and quantiles come out as LeRobot's float64 NumPy code computes
 * them from the pixels, without keeping the pixels. Frame histograms are cached because every episode and every
 * dataset version samples the same few frame indices.
 */

export const CHANNELS = 3;

/** Pixel counts per channel and value: `counts[c * 256 + v]`. */
export interface PixelHistogram {
  counts: Float64Array;
  /** Pixels per channel. */
  pixels: number;
}

export class FramePixels {
  private readonly cache = new Map<string, Uint32Array>();

  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly fps: number,
  ) {}

  /** Histogram of the given frames, keeping every `step`-th pixel in both axes. */
  pooled(frames: Iterable<number>, step: number): PixelHistogram {
    const counts = new Float64Array(CHANNELS * 256);
    let pixels = 0;
    for (const frame of frames) {
      const hist = this.frame(frame, step);
      for (let k = 0; k < counts.length; k++) counts[k] += hist[k];
      pixels += Math.ceil(this.width / step) * Math.ceil(this.height / step);
    }
    return { counts, pixels };
  }

  private frame(index: number, step: number): Uint32Array {
    const key = `${index}/${step}`;
    let hist = this.cache.get(key);
    if (!hist) {
      const { width, height } = this;
      const rgb = renderFrame(width, height, this.fps, index);
      hist = new Uint32Array(CHANNELS * 256);
      for (let y = 0; y < height; y += step) {
        for (let x = 0; x < width; x += step) {
          const o = (y * width + x) * 3;
          for (let c = 0; c < CHANNELS; c++) hist[c * 256 + rgb[o + c]]++;
        }
      }
      this.cache.set(key, hist);
    }
    return hist;
  }
}

/** One channel's histogram as exact moments: Σn, Σn·v, Σn·v² are integers well below 2^53. */
export function channelMoments(hist: PixelHistogram, channel: number): { min: number; max: number; sum: number; squares: number } {
  const counts = hist.counts.subarray(channel * 256, (channel + 1) * 256);
  let min = 255;
  let max = 0;
  let sum = 0;
  let squares = 0;
  counts.forEach((n, v) => {
    if (n === 0) return;
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += n * v;
    squares += n * v * v;
  });
  return { min, max, sum, squares };
}

/** Population std as `np.std` computes it: mean of squared deviations from the mean. */
export function channelStd(hist: PixelHistogram, channel: number, mean: number): number {
  const counts = hist.counts.subarray(channel * 256, (channel + 1) * 256);
  let squares = 0;
  counts.forEach((n, v) => (squares += n * (v - mean) ** 2));
  return Math.sqrt(squares / hist.pixels);
}

/** LeRobot `auto_downsample_height_width`: keep every f-th pixel once an image reaches 300 px. */
export function downsampleStep(width: number, height: number): number {
  if (Math.max(width, height) < 300) return 1;
  return width > height ? Math.floor(width / 150) : Math.floor(height / 150);
}
