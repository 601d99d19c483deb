import { powerSpectrum } from './fft';

export interface SparcSettings {
  fps: number;
  cutoffHz: number;
  amplitude: number;
  padding: number;
}

/**
 * Spectral arc length of a speed profile (Balasubramanian et al. 2015, their reference implementation):
 * the arc length of the peak-normalised magnitude spectrum up to the cut-off, clipped to the band where it
 * stays above the amplitude threshold. Dimensionless; more negative = less smooth. null for a profile that
 * never moves (no spectrum to normalise).
 */
export function sparc(speed: Float64Array, n: number, settings: SparcSettings): number | null {
  if (n < 2) return null;
  const length = Math.max(4, 2 ** (Math.ceil(Math.log2(n)) + settings.padding));
  const step = settings.fps / length;
  // Frequencies up to the cut-off, and at most the Nyquist bin.
  const bins = Math.min(Math.floor(settings.cutoffHz / step) + 1, length / 2 + 1);
  // The peak of the whole spectrum is the DC bin for a non-negative profile.
  const { power, peak } = powerSpectrum(speed, n, length, bins);
  if (!(peak > 0)) return null;
  // Compared as powers, so the square roots are only taken inside the band.
  const [first, last] = bandAbove(power, bins, settings.amplitude * settings.amplitude * peak);
  if (last <= first) return 0;
  return -arcLength(power, first, last, 1 / Math.sqrt(peak));
}

// The loops below are functions of their own: inlined in sparc, V8 compiled each loop on its own (on-stack
// replacement) and dropped that code at the first statement after it, over and over.

/** The first and last bins at or above `floor` (−1 when none is). */
function bandAbove(power: Float64Array, bins: number, floor: number): [number, number] {
  let first = -1;
  let last = -1;
  for (let k = 0; k < bins; k += 1) {
    if (power[k] >= floor) {
      if (first < 0) first = k;
      last = k;
    }
  }
  return [first, last];
}

/** Arc length of the magnitude spectrum (√power × scale) over first..last, its frequency axis scaled to 1. */
function arcLength(power: Float64Array, first: number, last: number, scale: number): number {
  const df = 1 / (last - first);
  let arc = 0;
  let previous = Math.sqrt(power[first]) * scale;
  for (let k = first + 1; k <= last; k += 1) {
    const magnitude = Math.sqrt(power[k]) * scale;
    const dm = magnitude - previous;
    arc += Math.sqrt(df * df + dm * dm);
    previous = magnitude;
  }
  return arc;
}
