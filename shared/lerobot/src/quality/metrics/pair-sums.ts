/**
 * The loops of tracking_lag and calibration_offset (tracking.ts), each a function of its own: written inside the
 * metrics, V8 compiled a loop on its own (on-stack replacement) and threw that code away at the first statement
 * after it, episode after episode (~20 recompilations each per million frames).
 */

/** x − mean into `into`, and Σ and Σ² of the centred values. */
export function centred(x: Float64Array, n: number, mean: number, into: Float64Array): { sum: number; squares: number } {
  let sum = 0;
  let squares = 0;
  for (let t = 0; t < n; t += 1) {
    into[t] = x[t] - mean;
    sum += into[t];
    squares += into[t] * into[t];
  }
  return { sum, squares };
}

/** Lags whose Σ a·s are summed in one pass (overlapProducts). */
export const LAGS_PER_PASS = 4;

/**
 * Σ a[t]·s[t + lag] over the overlap t < n − lag, for the lags first..first + 3, into `out`. One pass keeps four
 * independent sums where a pass per lag waits on one chain of additions; each sum still adds its terms in
 * ascending t, so every value is the one a pass of its own gives, bit for bit. Lags past n − 1 get 0.
 */
export function overlapProducts(a: Float64Array, s: Float64Array, n: number, first: number, out: Float64Array): void {
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  // Where the overlap of the longest lag ends; the shorter lags' last terms follow.
  const shared = Math.max(0, n - first - 3);
  for (let t = 0; t < shared; t += 1) {
    const x = a[t];
    p0 += x * s[t + first];
    p1 += x * s[t + first + 1];
    p2 += x * s[t + first + 2];
    p3 += x * s[t + first + 3];
  }
  for (let t = shared; t < n - first; t += 1) p0 += a[t] * s[t + first];
  for (let t = shared; t < n - first - 1; t += 1) p1 += a[t] * s[t + first + 1];
  for (let t = shared; t < n - first - 2; t += 1) p2 += a[t] * s[t + first + 2];
  out[0] = p0;
  out[1] = p1;
  out[2] = p2;
  out[3] = p3;
}


/** Σ (action[t] − state[t + lag])² over the overlap. */
export function laggedSquares(action: Float64Array, state: Float64Array, n: number, lag: number): number {
  let squares = 0;
  for (let t = 0; t + lag < n; t += 1) squares += (action[t] - state[t + lag]) ** 2;
  return squares;
}

/**
 * stable[i] = 0 where the step into frame i is at least `limit`. By multiplying, not in a branch: steps above and
 * under the limit alternate unpredictably, and the branch took twice as long.
 */
export function markSteps(x: Float64Array, n: number, limit: number, stable: Float64Array): void {
  for (let i = 1; i < n; i += 1) stable[i] *= +!(Math.abs(x[i] - x[i - 1]) >= limit);
}

/** Over the stable frames: Σ and Σ² of (action − state) / range, and the first and last such frame. */
export function stableOffsets(action: Float64Array, state: Float64Array, range: number, stable: Float64Array, n: number) {
  let sum = 0;
  let squares = 0;
  let first = -1;
  let last = -1;
  for (let i = 0; i < n; i += 1) {
    if (stable[i] === 0) continue;
    const offset = (action[i] - state[i]) / range;
    sum += offset;
    squares += offset * offset;
    if (first < 0) first = i;
    last = i;
  }
  return { sum, squares, first, last };
}
