/**
 * The per-frame loops of checkMotion (motion.ts), each a function of its own: inside it, V8 compiled each loop on
 * its own (on-stack replacement), four TurboFan compilations of the whole metric where one of each loop does.
 */

/**
 * Adds one dimension's squared normalised step into each frame to `speed[i]` and its squared normalised third
 * difference to `jerk[i]` (from frame 3); returns the dimension's Σ of the latter.
 */
export function addDifferences(x: Float64Array, n: number, scale: number, speed: Float64Array, jerk: Float64Array): number {
  let sum = 0;
  for (let i = 1; i < n; i += 1) {
    const step = (x[i] - x[i - 1]) * scale;
    speed[i] += step * step;
    if (i >= 3) {
      const third = (x[i] - 3 * x[i - 1] + 3 * x[i - 2] - x[i - 3]) * scale;
      jerk[i] += third * third;
      sum += third * third;
    }
  }
  return sum;
}

/** speed[1..n) from squared to plain speeds, in place; returns the highest. */
export function toSpeeds(speed: Float64Array, n: number): number {
  let peak = 0;
  for (let i = 1; i < n; i += 1) {
    speed[i] = Math.sqrt(speed[i]);
    if (speed[i] > peak) peak = speed[i];
  }
  return peak;
}

/** Σ jerk[3..n) and the first frame of its largest value. */
export function sumAndPeak(jerk: Float64Array, n: number): { total: number; peakFrame: number } {
  let total = 0;
  let peakFrame = 3;
  for (let i = 3; i < n; i += 1) {
    total += jerk[i];
    if (jerk[i] > jerk[peakFrame]) peakFrame = i;
  }
  return { total, peakFrame };
}
