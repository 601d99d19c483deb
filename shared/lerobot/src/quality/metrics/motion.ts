import { EpisodeContext, EpisodeSummary, measure } from '../episode';
import { anchored, fmt, risk } from '../findings';
import { idleStep } from '../parameters';
import { select } from '../robust';
import { addDifferences, sumAndPeak, toSpeeds } from './motion-sums';
import { sparc } from './sparc';

/**
 * jerk, ldlj, smoothness_sparc and idle, on the motion feature's moving dimensions, each divided by its
 * dataset range. jerk, LDLJ and SPARC are only measured here; their dataset-relative flags come later.
 */
export function checkMotion(context: EpisodeContext, summary: EpisodeSummary): void {
  const { n, fps, plan, profiles, ranges, run, scratch, params } = context;
  const feature = plan.motion;
  const codes = ['jerk', 'ldlj', 'smoothness_sparc', 'idle'];
  const broken = feature?.dims.find((dim) => profiles[dim.slot].nonFinite > 0);
  const reason = !feature ? 'no signal feature is analysed' : n < 2 ? 'fewer than 2 frames' : broken ? `${broken.name} holds non-finite values` : null;
  if (!feature || reason) {
    for (const code of codes) measure(summary, code, null, reason ?? undefined);
    return;
  }
  const dims = feature.dims.filter((dim) => profiles[dim.slot].moving);
  // Per frame: squared normalised step (into the frame) and squared normalised third difference, summed over dims.
  const speed = scratch.get('motion.speed', n);
  const jerk = scratch.get('motion.jerk', n);
  speed.fill(0, 0, n);
  jerk.fill(0, 0, n);
  let worst = { slot: -1, sum: -1 };
  for (const dim of dims) {
    const x = run.signals[dim.slot] as Float64Array;
    const sum = addDifferences(x, n, 1 / (ranges.max[dim.slot] - ranges.min[dim.slot]), speed, jerk);
    if (sum > worst.sum) worst = { slot: dim.slot, sum };
  }
  const peakSpeed = toSpeeds(speed, n);
  speed[0] = speed[1];

  const still = dims.length === 0 ? 'no moving dimension in this episode (all dead or discrete)' : null;
  if (still || n < 4) {
    measure(summary, 'jerk', null, still ?? 'fewer than 4 frames');
    measure(summary, 'ldlj', null, still ?? 'fewer than 4 frames');
  } else {
    const { total, peakFrame } = sumAndPeak(jerk, n);
    const fps3 = fps * fps * fps;
    const rms = Math.sqrt(total / ((n - 3) * dims.length)) * fps3;
    measure(summary, 'jerk', rms);
    summary.jerk = { value: rms, slot: worst.slot, frame: peakFrame };
    // −ln((T³ / v_peak²) ∫‖x⃛‖² dt), derivatives per second.
    const duration = (n - 1) / fps;
    const integral = total * fps3 * fps3 / fps;
    const vPeak = peakSpeed * fps;
    if (vPeak > 0 && integral > 0) measure(summary, 'ldlj', -Math.log((duration ** 3 / (vPeak * vPeak)) * integral));
    else measure(summary, 'ldlj', null, 'no motion to normalise by');
  }

  if (still) {
    measure(summary, 'smoothness_sparc', null, still);
  } else {
    const value = sparc(speed.subarray(1), n - 1, { fps, cutoffHz: params.sparc_cutoff_hz, amplitude: params.sparc_amplitude, padding: params.sparc_padding });
    measure(summary, 'smoothness_sparc', value, 'the speed profile is flat zero');
  }
  checkIdle(context, summary, speed, dims.length);
}

/** Frames under the idle speed: the share, the idle lead-in and tail, and the longest pause between. */
function checkIdle(context: EpisodeContext, summary: EpisodeSummary, speed: Float64Array, moving: number): void {
  const { n, fps, params, scratch } = context;
  let threshold = idleStep(params, fps);
  if (moving > 0) {
    const copy = scratch.get('motion.p95', n);
    copy.set(speed.subarray(1, n));
    threshold = Math.max(threshold, params.idle_p95_share * select(copy, n - 1, Math.floor(0.95 * (n - 2))));
  }
  let idle = 0;
  let lead = 0;
  while (lead < n && speed[lead] < threshold) lead += 1;
  let tail = 0;
  while (tail < n - lead && speed[n - 1 - tail] < threshold) tail += 1;
  let pause = { length: 0, start: -1 };
  for (let i = 0; i < n; ) {
    if (speed[i] >= threshold) {
      i += 1;
      continue;
    }
    const start = i;
    while (i < n && speed[i] < threshold) i += 1;
    idle += i - start;
    if (start > 0 && i < n && i - start > pause.length) pause = { length: i - start, start };
  }
  const ratio = idle / n;
  measure(summary, 'idle', ratio);
  const finding = (value: number, limit: number, bad: number, frames: [number, number], message: string) =>
    summary.findings.push(risk({ metric: 'idle', value, threshold: limit, frames, message }, anchored(value, limit, bad)));
  if (ratio > params.idle_ratio) {
    finding(ratio, params.idle_ratio, params.idle_ratio_bad, [0, n - 1], `${fmt(100 * ratio)} % of the frames are idle (normalised speed under ${fmt(threshold)}).`);
  }
  if (lead / fps > params.idle_edge_s) {
    finding(lead / fps, params.idle_edge_s, params.idle_edge_bad_s, [0, lead - 1], `The episode starts with ${fmt(lead / fps)} s of idle frames.`);
  }
  if (tail / fps > params.idle_edge_s) {
    finding(tail / fps, params.idle_edge_s, params.idle_edge_bad_s, [n - tail, n - 1], `The episode ends with ${fmt(tail / fps)} s of idle frames.`);
  }
  if (pause.length / fps > params.idle_pause_s) {
    const seconds = pause.length / fps;
    finding(seconds, params.idle_pause_s, params.idle_pause_bad_s, [pause.start, pause.start + pause.length - 1], `A pause of ${fmt(seconds)} s inside the episode.`);
  }
}
