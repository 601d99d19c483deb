/** Measures of one gray frame (row-major, one byte per pixel), as quality-metrics.md §5 defines them. */

export interface Exposure {
  mean: number;
  /** Standard deviation of the gray levels: the frame's contrast. */
  std: number;
  /** Share of pixels above `high` or below `low`. */
  clipped: number;
}

export function exposureOf(frame: Uint8Array, low: number, high: number): Exposure {
  let sum = 0;
  let squares = 0;
  let clipped = 0;
  for (let i = 0; i < frame.length; i += 1) {
    const v = frame[i];
    sum += v;
    squares += v * v;
    if (v > high || v < low) clipped += 1;
  }
  const mean = sum / frame.length;
  return { mean, std: Math.sqrt(Math.max(0, squares / frame.length - mean * mean)), clipped: clipped / frame.length };
}

/** Variance of the 4-neighbour Laplacian over the inner pixels: high for a sharp picture, low for a blurred one. */
export function laplacianVariance(frame: Uint8Array, width: number, height: number): number {
  let sum = 0;
  let squares = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y += 1) {
    for (let x = 1, o = y * width + 1; x < width - 1; x += 1, o += 1) {
      const lap = frame[o - 1] + frame[o + 1] + frame[o - width] + frame[o + width] - 4 * frame[o];
      sum += lap;
      squares += lap * lap;
      count += 1;
    }
  }
  if (count === 0) return 0;
  const mean = sum / count;
  return squares / count - mean * mean;
}

/** Mean |a − b| over the pixels of two frames of the same size. */
export function meanAbsDifference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) {
    const d = a[i] - b[i];
    sum += d < 0 ? -d : d;
  }
  return sum / a.length;
}
