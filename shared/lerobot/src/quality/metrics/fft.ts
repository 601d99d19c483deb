/**
 * Power spectrum of a real signal, zero-padded to a power of two: one complex FFT of half the length
 * (even samples as real part, odd as imaginary) and the usual split into the real signal's spectrum.
 * Complex values are interleaved (re, im) and stages run two at a time as radix-4 butterflies: measured ~2.5 ×
 * faster than separate arrays and radix-2 stages for the 2^16-point transforms SPARC needs.
 */

interface Plan {
  size: number;
  reverse: Uint32Array;
  /** Per stage (span 2, 4, 8, …): interleaved cos and −sin of 2πk/span, k < span/2. */
  twiddles: Float64Array[];
  /** Per radix-4 pass starting at span s, for k < s/2: W = e^(−2πik/s), U = e^(−2πik/2s) and W·U, interleaved. */
  radix4: Map<number, Float64Array>;
  /** cos and −sin of πk/size, for the real-signal split. */
  split: Float64Array;
  data: Float64Array;
}

const plans = new Map<number, Plan>();

function planFor(size: number): Plan {
  let plan = plans.get(size);
  if (plan) return plan;
  const levels = Math.log2(size);
  const reverse = new Uint32Array(size);
  for (let i = 0; i < size; i += 1) {
    let r = 0;
    for (let b = 0, x = i; b < levels; b += 1, x >>>= 1) r = (r << 1) | (x & 1);
    reverse[i] = r;
  }
  const twiddles: Float64Array[] = [];
  for (let span = 2; span <= size; span *= 2) {
    const table = new Float64Array(span);
    for (let k = 0; k < span / 2; k += 1) {
      table[2 * k] = Math.cos((2 * Math.PI * k) / span);
      table[2 * k + 1] = -Math.sin((2 * Math.PI * k) / span);
    }
    twiddles.push(table);
  }
  const radix4 = new Map<number, Float64Array>();
  for (let span = 2; 2 * span <= size; span *= 2) {
    const table = new Float64Array(3 * span);
    for (let k = 0; k < span / 2; k += 1) {
      const w = (-2 * Math.PI * k) / span;
      const u = (-2 * Math.PI * k) / (2 * span);
      table.set([Math.cos(w), Math.sin(w), Math.cos(u), Math.sin(u), Math.cos(w + u), Math.sin(w + u)], 6 * k);
    }
    radix4.set(span, table);
  }
  const split = new Float64Array(2 * (size + 1));
  for (let k = 0; k <= size; k += 1) {
    split[2 * k] = Math.cos((Math.PI * k) / size);
    split[2 * k + 1] = -Math.sin((Math.PI * k) / size);
  }
  plan = { size, reverse, twiddles, radix4, split, data: new Float64Array(2 * size) };
  plans.set(size, plan);
  return plan;
}

/** One radix-2 stage of the given span. */
function stage(z: Float64Array, size: number, span: number, w: Float64Array): void {
  const half = span >>> 1;
  for (let start = 0; start < size; start += span) {
    for (let k = 0; k < half; k += 1) {
      const j = 2 * (start + k);
      const l = j + 2 * half;
      const wr = w[2 * k];
      const wi = w[2 * k + 1];
      const tr = z[l] * wr - z[l + 1] * wi;
      const ti = z[l] * wi + z[l + 1] * wr;
      const jr = z[j];
      const ji = z[j + 1];
      z[l] = jr - tr;
      z[l + 1] = ji - ti;
      z[j] = jr + tr;
      z[j + 1] = ji + ti;
    }
  }
}

/**
 * Two radix-2 stages (spans `span` and 2 × `span`) in one pass, as a radix-4 butterfly: three twiddle
 * products per four points instead of four.
 */
function radix4Pass(z: Float64Array, size: number, span: number, t: Float64Array): void {
  const half = span >>> 1;
  for (let start = 0; start < size; start += 2 * span) {
    for (let k = 0; k < half; k += 1) {
      const i0 = 2 * (start + k);
      const i1 = i0 + 2 * half;
      const i2 = i0 + 2 * span;
      const i3 = i2 + 2 * half;
      const wr = t[6 * k];
      const wi = t[6 * k + 1];
      const ur = t[6 * k + 2];
      const ui = t[6 * k + 3];
      const vr = t[6 * k + 4];
      const vi = t[6 * k + 5];
      const rr = z[i1] * wr - z[i1 + 1] * wi;
      const ri = z[i1] * wi + z[i1 + 1] * wr;
      const pr = z[i2] * ur - z[i2 + 1] * ui;
      const pi = z[i2] * ui + z[i2 + 1] * ur;
      const qr = z[i3] * vr - z[i3 + 1] * vi;
      const qi = z[i3] * vi + z[i3 + 1] * vr;
      const ar = z[i0] + rr;
      const ai = z[i0 + 1] + ri;
      const br = z[i0] - rr;
      const bi = z[i0 + 1] - ri;
      const sr = pr + qr;
      const si = pi + qi;
      const dr = pr - qr;
      const di = pi - qi;
      z[i0] = ar + sr;
      z[i0 + 1] = ai + si;
      z[i2] = ar - sr;
      z[i2 + 1] = ai - si;
      // b ∓ i·d
      z[i1] = br + di;
      z[i1 + 1] = bi - dr;
      z[i3] = br - di;
      z[i3 + 1] = bi + dr;
    }
  }
}

/**
 * In-place FFT of plan.data, whose input was written in bit-reversed order with only every `block`-th entry
 * set (zero padding puts the signal in the first size/block entries, which bit reversal spreads to multiples
 * of block). The first log2(block) stages then only copy each block's first entry across it.
 */
function transform(plan: Plan, block: number): void {
  const { size, data: z, twiddles, radix4 } = plan;
  if (block > 1) {
    for (let start = 0; start < size; start += block) {
      const re = z[2 * start];
      const im = z[2 * start + 1];
      for (let i = 2 * start + 2; i < 2 * (start + block); i += 2) {
        z[i] = re;
        z[i + 1] = im;
      }
    }
  }
  let level = Math.log2(block);
  for (let span = 2 * block; span <= size; ) {
    if (2 * span <= size) {
      radix4Pass(z, size, span, radix4.get(span) as Float64Array);
      span *= 4;
      level += 2;
    } else {
      stage(z, size, span, twiddles[level]);
      span *= 2;
      level += 1;
    }
  }
}

/**
 * |X[k]|² for k = 0..bins−1 (bins ≤ length/2 + 1) of the `length`-point (a power of two ≥ 4) DFT of
 * signal[0..n) padded with zeros, written into `out`.
 */
export function powerSpectrum(signal: Float64Array, n: number, length: number, bins: number, out: Float64Array): void {
  const plan = planFor(length / 2);
  const { size, data: z, split, reverse } = plan;
  const used = (n + 1) >> 1;
  let block = 1;
  while (block * 2 <= size && used <= size / (block * 2)) block *= 2;
  // Only every block-th entry is read before being written (the rest is filled from it): zero just those.
  for (let i = 0; i < 2 * size; i += 2 * block) {
    z[i] = 0;
    z[i + 1] = 0;
  }
  for (let i = 0; i < n; i += 1) z[2 * reverse[i >> 1] + (i & 1)] = signal[i];
  transform(plan, block);
  for (let k = 0; k < bins; k += 1) {
    const a = 2 * (k === size ? 0 : k);
    const b = 2 * (k === 0 ? 0 : size - k);
    // Spectra of the even and of the odd samples, from Z[k] and conj(Z[size − k]).
    const er = (z[a] + z[b]) / 2;
    const ei = (z[a + 1] - z[b + 1]) / 2;
    const or = (z[a + 1] + z[b + 1]) / 2;
    const oi = -(z[a] - z[b]) / 2;
    const wr = split[2 * k];
    const wi = split[2 * k + 1];
    const xr = er + or * wr - oi * wi;
    const xi = ei + or * wi + oi * wr;
    out[k] = xr * xr + xi * xi;
  }
}
