import { EpisodeContext, EpisodeSummary, measure } from '../episode';
import { anchored, fmt, risk } from '../findings';
import { idleStep } from '../parameters';
import { SignalFeature } from '../signals';

/** Marks same[i] = 1 where every dimension of the feature repeats row i − 1 bit for bit. */
function repeatedRows(context: EpisodeContext, feature: SignalFeature, same: Float64Array): void {
  const { n, run } = context;
  same.fill(1, 0, n);
  same[0] = 0;
  for (const dim of feature.dims) {
    const values = run.signals[dim.slot];
    if (values) clearChanged(values, n, same);
  }
}

// The per-frame loops are functions of their own: inside the per-dimension loops, V8 compiled them on their own
// (on-stack replacement), several times a run. They clear `same` by multiplying, not in a branch: encoders repeat
// values about every other frame, a branch on that guesses wrong half the time (the loops took twice as long).

/** same[i] = 0 where values[i] differs from values[i − 1]. */
function clearChanged(values: Float64Array, n: number, same: Float64Array): void {
  for (let i = 1; i < n; i += 1) same[i] *= +(values[i] === values[i - 1]);
}

/** same[i] = 0 where the step into frame i is not 0, and that step × `scale`, squared, added to speed[i] when finite. */
function addSteps(values: Float64Array, n: number, scale: number, same: Float64Array, speed: Float64Array): void {
  for (let i = 1; i < n; i += 1) {
    const step = values[i] - values[i - 1];
    same[i] *= +(step === 0);
    const normalised = step * scale;
    if (normalised === normalised) speed[i] += normalised * normalised;
  }
}

/**
 * In one pass over the action: same[i] = 1 where the row repeats row i − 1, and speed[i] = the normalised
 * size of the step into row i (L2 over the dimensions, each divided by its dataset range), discrete
 * dimensions left out of the speed: a gripper toggle is not motion.
 */
function actionRows(context: EpisodeContext, action: SignalFeature, same: Float64Array, speed: Float64Array): void {
  const { n, run, ranges, profiles } = context;
  same.fill(1, 0, n);
  same[0] = 0;
  speed.fill(0, 0, n);
  for (const dim of action.dims) {
    const values = run.signals[dim.slot];
    if (!values) continue;
    const range = ranges.max[dim.slot] - ranges.min[dim.slot];
    addSteps(values, n, range > 0 && profiles[dim.slot].distinct === null ? 1 / range : 0, same, speed);
  }
  for (let i = 1; i < n; i += 1) speed[i] = Math.sqrt(speed[i]);
}

interface Run {
  length: number;
  start: number;
}

/** Longest run of consecutive marked transitions (as frames: transitions + 1) and the frames all runs cover. */
function runsOf(n: number, marked: (i: number) => boolean): { longest: Run; frames: number } {
  let longest: Run = { length: 0, start: -1 };
  let frames = 0;
  for (let i = 1; i < n; ) {
    if (!marked(i)) {
      i += 1;
      continue;
    }
    const start = i - 1;
    while (i < n && marked(i)) i += 1;
    const length = i - start;
    frames += length;
    if (length > longest.length) longest = { length, start };
  }
  return { longest, frames };
}

/**
 * stale_state: the state repeats bit for bit while the action moves (motion commanded, none sensed);
 * frozen_action: the longest stretch of identical action rows.
 */
export function checkStaleness(context: EpisodeContext, summary: EpisodeSummary): void {
  const { n, params, plan, fps, scratch } = context;
  const state = plan.features.find((feature) => feature.key === 'observation.state');
  const action = plan.features.find((feature) => feature.key === 'action');
  if (!action) {
    measure(summary, 'frozen_action', null, 'no action feature is analysed');
    measure(summary, 'stale_state', null, 'no action feature tells a stale state from an idle one');
    return;
  }
  if (n < 2) {
    measure(summary, 'frozen_action', null, 'fewer than 2 frames');
    measure(summary, 'stale_state', null, 'fewer than 2 frames');
    return;
  }
  const actionSame = scratch.get('stale.action', n);
  const speed = scratch.get('stale.speed', n);
  actionRows(context, action, actionSame, speed);
  const frozen = runsOf(n, (i) => actionSame[i] === 1).longest;
  const frozenShare = frozen.length / n;
  measure(summary, 'frozen_action', frozenShare);
  if (frozen.length > 0 && frozenShare >= params.frozen_share) {
    summary.findings.push(
      risk(
        {
          metric: 'frozen_action',
          value: frozenShare,
          threshold: params.frozen_share,
          feature: action.key,
          frames: [frozen.start, frozen.start + frozen.length - 1],
          message: `The action repeats the same row for ${frozen.length} frames (${fmt(frozen.length / fps)} s, ${fmt(100 * frozenShare)} % of the episode).`,
        },
        anchored(frozenShare, params.frozen_share, params.frozen_share_bad),
      ),
    );
  }

  if (!state) {
    measure(summary, 'stale_state', null, 'no observation.state feature is analysed');
    return;
  }
  const stateSame = scratch.get('stale.state', n);
  repeatedRows(context, state, stateSame);
  const moving = idleStep(params, fps);
  const stale = runsOf(n, (i) => stateSame[i] === 1 && speed[i] >= moving);
  const share = stale.frames / n;
  measure(summary, 'stale_state', stale.longest.length);
  if (stale.longest.length >= params.stale_run_frames || (stale.frames > 0 && share >= params.stale_share)) {
    const { start, length } = stale.longest;
    summary.findings.push(
      risk(
        {
          metric: 'stale_state',
          value: length,
          threshold: params.stale_run_frames,
          feature: state.key,
          frames: [start, start + length - 1],
          message: `observation.state repeats bit for bit for ${length} frames while the action moves (longest run; stale frames are ${fmt(100 * share)} % of the episode).`,
        },
        Math.max(anchored(length, params.stale_run_frames, params.stale_run_bad), anchored(share, params.stale_share, params.stale_share_bad)),
      ),
    );
  }
}
