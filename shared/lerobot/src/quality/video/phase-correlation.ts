import { select } from '../robust';

/**
 * Phase correlation of two gray images of the same size: the peak of the inverse FFT of their normalised
 * cross-power spectrum sits at the translation between them (Kuglin & Hines 1975). The spectrum is divided by
 * the square root of its magnitude rather than by the magnitude (generalised phase correlation): full
 * whitening lets codec noise and a moving object in weakly textured views outweigh the scene's edges. Images are
 * Hann-windowed (so the picture's borders do not dominate) and zero-padded to powers of two.
 */

// Bound once: a global lookup inside these loops costs ~100× more where modules run in a vm context (jest).
const { cos, sin, sqrt, PI } = Math;

/** Per transform length: cos and sin of 2πk/n, k < n/2. */
const twiddles = new Map<number, { c: Float64Array; s: Float64Array }>();

function twiddlesFor(n: number): { c: Float64Array; s: Float64Array } {
  let table = twiddles.get(n);
  if (!table) {
    table = { c: new Float64Array(n / 2), s: new Float64Array(n / 2) };
    for (let k = 0; k < n / 2; k += 1) {
      table.c[k] = cos((2 * PI * k) / n);
      table.s[k] = sin((2 * PI * k) / n);
    }
    twiddles.set(n, table);
  }
  return table;
}

/** In-place radix-2 complex FFT of `n` values spaced `stride` apart from `offset`; `inverse` without the 1/n. */
function fft(re: Float64Array, im: Float64Array, offset: number, stride: number, n: number, inverse: boolean): void {
  for (let i = 1, j = 0; i < n; i += 1) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const a = offset + i * stride;
      const b = offset + j * stride;
      const r = re[a];
      re[a] = re[b];
      re[b] = r;
      const m = im[a];
      im[a] = im[b];
      im[b] = m;
    }
  }
  const { c, s } = twiddlesFor(n);
  const sign = inverse ? 1 : -1;
  for (let span = 2; span <= n; span *= 2) {
    const step = n / span;
    for (let start = 0; start < n; start += span) {
      for (let k = 0; k < span / 2; k += 1) {
        const wr = c[k * step];
        const wi = sign * s[k * step];
        const a = offset + (start + k) * stride;
        const b = offset + (start + k + span / 2) * stride;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}

function fft2d(re: Float64Array, im: Float64Array, width: number, height: number, inverse: boolean): void {
  for (let y = 0; y < height; y += 1) fft(re, im, y * width, 1, width, inverse);
  for (let x = 0; x < width; x += 1) fft(re, im, x, width, height, inverse);
}

const nextPow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(2, n)));

const hann = (n: number) => Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * cos((2 * PI * i) / (n - 1)));

function spectrum(image: Uint8Array, width: number, height: number, size: { w: number; h: number }): { re: Float64Array; im: Float64Array } {
  let mean = 0;
  for (let i = 0; i < image.length; i += 1) mean += image[i];
  mean /= image.length;
  const re = new Float64Array(size.w * size.h);
  const im = new Float64Array(size.w * size.h);
  const wx = hann(width);
  const wy = hann(height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) re[y * size.w + x] = (image[y * width + x] - mean) * wx[x] * wy[y];
  }
  fft2d(re, im, size.w, size.h, false);
  return { re, im };
}

/** How far `moved` is translated from `reference`, in pixels (dx right, dy down). */
export function phaseShift(reference: Uint8Array, moved: Uint8Array, width: number, height: number): { dx: number; dy: number } {
  const size = { w: nextPow2(width), h: nextPow2(height) };
  const a = spectrum(reference, width, height, size);
  const b = spectrum(moved, width, height, size);
  const re = new Float64Array(size.w * size.h);
  const im = new Float64Array(size.w * size.h);
  for (let i = 0; i < re.length; i += 1) {
    // B · conj(A): its phase is the translation of `moved` relative to `reference`.
    const r = b.re[i] * a.re[i] + b.im[i] * a.im[i];
    const j = b.im[i] * a.re[i] - b.re[i] * a.im[i];
    const magnitude = sqrt(sqrt(r * r + j * j)) || 1;
    re[i] = r / magnitude;
    im[i] = j / magnitude;
  }
  fft2d(re, im, size.w, size.h, true);
  let peak = 0;
  for (let i = 1; i < re.length; i += 1) if (re[i] > re[peak]) peak = i;
  const px = peak % size.w;
  const py = Math.floor(peak / size.w);
  return { dx: px > size.w / 2 ? px - size.w : px, dy: py > size.h / 2 ? py - size.h : py };
}

/** Per-pixel (lower) median of equally sized images. */
export function medianImage(images: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(images[0].length);
  const column = new Float64Array(images.length);
  const middle = (images.length - 1) >> 1;
  for (let p = 0; p < out.length; p += 1) {
    for (let k = 0; k < images.length; k += 1) column[k] = images[k][p];
    out[p] = select(column, images.length, middle);
  }
  return out;
}
