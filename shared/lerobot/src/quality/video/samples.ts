import { Exposure, exposureOf, laplacianVariance } from './gray-measures';

/** Sampled frames of one episode's camera: where they are, and what the sampled metrics need of each. */
export interface CameraSamples {
  episode: number;
  camera: string;
  positions: number[];
  exposures: Exposure[];
  /** ln(1 + variance of the Laplacian): blur divides it, so the log makes the fit additive. */
  sharpness: number[];
  /** The arm's normalised speed at each sample (0 without a motion feature). */
  speeds: number[];
}

/** `count` frames spread evenly over the episode, each in the middle of its share; every frame when it is shorter. */
export function samplePositions(length: number, count: number): number[] {
  if (length <= count) return Array.from({ length }, (_, i) => i);
  return Array.from({ length: count }, (_, k) => Math.floor(((k + 0.5) * length) / count));
}

export function measureSample(samples: CameraSamples, frame: Uint8Array, width: number, height: number, low: number, high: number): void {
  samples.exposures.push(exposureOf(frame, low, high));
  samples.sharpness.push(Math.log1p(laplacianVariance(frame, width, height)));
}

/** First and last position among the samples that pass `test`, or null. */
export function sampleSpan(samples: CameraSamples, test: (k: number) => boolean): [number, number] | null {
  const hits = samples.positions.filter((_, k) => test(k));
  return hits.length > 0 ? [hits[0], hits[hits.length - 1]] : null;
}
