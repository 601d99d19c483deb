import { measure, SideContext, SideSummary } from '../episode';
import { anchored, fmt, risk } from '../findings';
import { SignalDim } from '../signals';
import { centred, LAGS_PER_PASS, laggedSquares, markSteps, overlapProducts, stableOffsets } from './pair-sums';
import { slotMoments } from './stats-drift';

interface Pair {
  action: Float64Array;
  state: Float64Array;
  actionSlot: number;
  /** The state's dimension, which findings name. */
  dim: SignalDim;
  range: number;
}

/**
 * Action/state pairs of the same joint with finite values and a known range. Grippers are left out: a
 * gripper closed on an object stays away from its command by design.
 */
function pairsOf(context: SideContext): Pair[] {
  const { plan, run, profiles, ranges } = context;
  return plan.pairs.flatMap(({ action, state }) => {
    const a = run.signals[action.slot];
    const s = run.signals[state.slot];
    const range = ranges.max[state.slot] - ranges.min[state.slot];
    const usable = (dim: SignalDim) => profiles[dim.slot].nonFinite === 0 && profiles[dim.slot].distinct === null && !dim.gripper;
    return a && s && range > 0 && usable(action) && usable(state) ? [{ action: a, state: s, actionSlot: action.slot, dim: state, range }] : [];
  });
}

/** tracking_lag: the lag (frames) maximising the correlation of the action with the later state, and the error there. */
export function checkTracking(context: SideContext, summary: SideSummary): void {
  const { n, params, profiles } = context;
  const maxLag = Math.min(params.tracking_max_lag, n - 3);
  const pairs = pairsOf(context).filter((pair) => profiles[pair.dim.slot].moving);
  if (pairs.length === 0 || maxLag < 0) {
    measure(summary, 'tracking_lag', null, maxLag < 0 ? 'too few frames' : 'no action/state pair of the same moving joint');
    return;
  }
  let worst = 0;
  const centredAction = context.scratch.get('tracking.action', n);
  const centredState = context.scratch.get('tracking.state', n);
  for (const pair of pairs) {
    const { lag, correlation } = bestLag(pair, n, maxLag, summary, centredAction, centredState);
    const error = Math.sqrt(laggedSquares(pair.action, pair.state, n, lag) / (n - lag)) / pair.range;
    // Under this correlation the best lag is noise, not a delay (a joint that hardly moves).
    const lagKnown = correlation >= params.tracking_min_correlation;
    if (lagKnown) worst = Math.max(worst, lag);
    const where = { feature: pair.dim.feature, dimension: pair.dim.name, frames: [0, n - 1] as [number, number] };
    if (lagKnown && lag > params.tracking_lag_frames) {
      summary.findings.push(
        risk(
          { metric: 'tracking_lag', value: lag, threshold: params.tracking_lag_frames, ...where, message: `The state of ${pair.dim.name} follows the action ${lag} frames late (correlation ${fmt(correlation)}).` },
          anchored(lag, params.tracking_lag_frames, params.tracking_lag_bad),
        ),
      );
    }
    if (error > params.tracking_error) {
      summary.findings.push(
        risk(
          { metric: 'tracking_lag', value: error, threshold: params.tracking_error, ...where, message: `The state of ${pair.dim.name} misses the action by ${fmt(100 * error)} % of its range (RMS, at a lag of ${lag} frames).` },
          anchored(error, params.tracking_error, params.tracking_error_bad),
        ),
      );
    }
  }
  measure(summary, 'tracking_lag', worst);
}

/**
 * The lag in 0..maxLag with the highest Pearson correlation of action[t] with state[t + lag]. Both series are
 * centred once (into `a` and `s`) on the means profileDims took (the correlation does not depend on the centre;
 * centring keeps its sums accurate); the sums over the shrinking overlap are updated per lag, so only Σ a·s
 * needs a pass, four lags at a time. Over a few frames the correlation of smooth motion has one peak in the
 * lag, so the search stops once it has fallen past the best.
 */
function bestLag(pair: Pair, n: number, maxLag: number, summary: SideSummary, a: Float64Array, s: Float64Array): { lag: number; correlation: number } {
  let { sum: sa, squares: saa } = centred(pair.action, n, slotMoments(summary, pair.actionSlot).mean, a);
  let { sum: ss, squares: sss } = centred(pair.state, n, slotMoments(summary, pair.dim.slot).mean, s);
  const products = new Float64Array(LAGS_PER_PASS);
  let best = { lag: 0, correlation: -Infinity };
  for (let lag = 0; lag <= maxLag; lag += 1) {
    const m = n - lag;
    if (lag > 0) {
      // The overlap loses the action's last sample and the state's first.
      sa -= a[m];
      saa -= a[m] * a[m];
      ss -= s[lag - 1];
      sss -= s[lag - 1] * s[lag - 1];
    }
    if (lag % LAGS_PER_PASS === 0) overlapProducts(a, s, n, lag, products);
    const sas = products[lag % LAGS_PER_PASS];
    const variance = (saa - (sa * sa) / m) * (sss - (ss * ss) / m);
    const correlation = variance > 0 ? (sas - (sa * ss) / m) / Math.sqrt(variance) : -Infinity;
    if (correlation > best.correlation) best = { lag, correlation };
    else if (correlation < best.correlation) break;
  }
  return best;
}

/**
 * calibration_offset: on stable frames (every state step under calibration_stable_step of its range), the mean
 * action − state per joint as a share of its range; a mis-calibrated leader/follower pair keeps an offset.
 */
export function checkCalibration(context: SideContext, summary: SideSummary): void {
  const { n, params, scratch, ranges, plan, run, profiles } = context;
  const pairs = pairsOf(context);
  if (pairs.length === 0) {
    measure(summary, 'calibration_offset', null, 'no action/state pair of the same joint (grippers excluded)');
    return;
  }
  const stable = scratch.get('calibration.stable', n);
  stable.fill(n > 0 ? 1 : 0, 0, n);
  stable[0] = 0;
  const state = plan.features.find((feature) => feature.key === 'observation.state');
  for (const dim of state?.dims ?? []) {
    const x = run.signals[dim.slot];
    const range = ranges.max[dim.slot] - ranges.min[dim.slot];
    if (!x || !(range > 0) || dim.gripper || profiles[dim.slot].nonFinite > 0) continue;
    markSteps(x, n, params.calibration_stable_step * range, stable);
  }
  let frames = 0;
  for (let i = 0; i < n; i += 1) frames += stable[i];
  if (frames < params.calibration_min_frames) {
    measure(summary, 'calibration_offset', null, `only ${frames} stable frame(s); ${params.calibration_min_frames} needed`);
    return;
  }
  let worst = 0;
  for (const pair of pairs) {
    const { sum, squares, first, last } = stableOffsets(pair.action, pair.state, pair.range, stable, n);
    const mean = sum / frames;
    const std = Math.sqrt(Math.max(0, squares / frames - mean * mean));
    worst = Math.max(worst, Math.abs(mean));
    if (Math.abs(mean) < params.calibration_mild) continue;
    const grade = Math.abs(mean) >= params.calibration_significant ? 'significant' : 'mild';
    summary.findings.push(
      risk(
        {
          metric: 'calibration_offset',
          value: Math.abs(mean),
          threshold: params.calibration_mild,
          feature: pair.dim.feature,
          dimension: pair.dim.name,
          frames: [first, last],
          message: `${grade}: on ${frames} stable frames the action of ${pair.dim.name} is ${fmt(100 * mean)} % of its range ${mean > 0 ? 'above' : 'below'} the state (std ${fmt(100 * std)} %).`,
        },
        anchored(Math.abs(mean), params.calibration_mild, params.calibration_bad),
      ),
    );
  }
  measure(summary, 'calibration_offset', worst);
}
