/**
 * Small seeded PRNG (mulberry32). Each consumer derives its own stream from (seed, ...labels) so that, e.g.,
 * episode 7's trajectory does not change when the number or length of other episodes changes.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  uniform(min: number, max: number): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
}

export function createRng(seed: number, ...labels: number[]): Rng {
  // Both 32-bit halves of a safe-integer seed count.
  let state = mix(0x9e3779b9, seed | 0);
  state = mix(state, Math.floor(seed / 2 ** 32) | 0);
  for (const label of labels) state = mix(state, label | 0);
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
  };
}

function mix(h: number, value: number): number {
  h = Math.imul(h ^ value, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Stream labels, so that adding a new consumer never shifts an existing one. */
export const RngStream = { episodeLengths: 1, robot: 2, episode: 3 } as const;
