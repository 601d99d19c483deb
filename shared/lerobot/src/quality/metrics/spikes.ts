import { measure, SideContext, SideSummary } from '../episode';
import { anchored, fmt, risk } from '../findings';
import { MAD_TO_SIGMA, medianInPlace, select } from '../robust';

/** Largest steps kept per dimension as coordinated_jump candidates until the dataset σ_Δ is known. */
const JUMP_CANDIDATES = 3;
/** Share of the largest step deviations left out of the trimmed std (the spikes themselves). */
const TRIM = 0.01;
/** The scale is estimated on at most this many evenly spaced steps: enough for a scale, and O(1) per dimension. */
const SCALE_SAMPLE = 512;

/**
 * Scale of a dimension's steps x[i+1] − x[i]: 1.4826 × MAD, or the std of the steps without their largest 1 %
 * when that is larger. MAD alone is ~0 on a joint that holds still for most of the episode (encoders repeat
 * the same value), which would make every ordinary move a spike; the trimmed std still ignores the spikes.
 */
function stepScale(x: Float64Array, count: number, work: Float64Array): number {
  const stride = Math.ceil(count / SCALE_SAMPLE);
  let sampled = 0;
  for (let i = 0; i < count; i += stride) work[sampled++] = x[i + 1] - x[i];
  const center = medianInPlace(work, sampled);
  for (let i = 0, k = 0; i < count; i += stride, k += 1) work[k] = Math.abs(x[i + 1] - x[i] - center);
  const half = sampled >> 1;
  const mad = MAD_TO_SIGMA * select(work, sampled, half);
  // After that selection the upper half holds the larger deviations: the trim cut is among them.
  const cut = select(work.subarray(half), sampled - half, Math.min(sampled - half - 1, Math.floor((1 - TRIM) * (sampled - 1)) - half));
  let kept = 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < count; i += stride) {
    const step = x[i + 1] - x[i];
    if (Math.abs(step - center) > cut) continue;
    kept += 1;
    sum += step;
    squares += step * step;
  }
  const trimmed = kept > 1 ? Math.sqrt(Math.max(0, squares / kept - (sum / kept) ** 2)) : 0;
  return Math.max(mad, trimmed);
}

/**
 * spikes: per dimension, samples that leave both neighbours and come back: the step in and the step out have
 * opposite signs and both exceed spike_sigma × the step scale. A step that does not come back is a jump, left
 * to coordinated_jump, whose candidates (each dimension's largest steps) are collected here.
 */
export function checkSpikes(context: SideContext, summary: SideSummary): void {
  const { n, run, plan, profiles, params, scratch, fps } = context;
  if (n < 3) {
    measure(summary, 'spikes', null, 'fewer than 3 frames');
    return;
  }
  const work = scratch.get('spikes.work', Math.min(n, SCALE_SAMPLE + 1));
  const topSteps = new Float64Array(2 * JUMP_CANDIDATES);
  let total = 0;
  for (const dim of plan.dims) {
    if (!profiles[dim.slot].moving) continue;
    const x = run.signals[dim.slot] as Float64Array;
    const sigma = stepScale(x, n - 1, work);
    const limit = sigma > 0 ? params.spike_sigma * sigma : Infinity;
    const { spikes, first, last, largest } = scanSteps(x, n, limit, topSteps);
    // A gripper snapping shut is a jump by design: grippers have their own metrics.
    for (let k = 0; k < JUMP_CANDIDATES && !dim.gripper; k += 1) {
      if (topSteps[2 * k] >= 0) summary.jumps.push({ slot: dim.slot, frame: topSteps[2 * k + 1], step: topSteps[2 * k] });
    }
    total += spikes;
    if (spikes > params.spikes_max) {
      summary.findings.push(
        risk(
          {
            metric: 'spikes',
            value: spikes,
            threshold: params.spikes_max,
            feature: dim.feature,
            dimension: dim.name,
            frames: [first, last],
            message: `${spikes} sample(s) of ${dim.name} jump out and back by more than ${params.spike_sigma} σ of its steps (σ = ${fmt(sigma)}); the largest by ${fmt(largest / sigma)} σ, the first at ${fmt(first / fps)} s.`,
          },
          anchored(spikes, params.spikes_max, params.spikes_bad),
        ),
      );
    }
  }
  measure(summary, 'spikes', total);
}

/**
 * The spikes of one dimension beyond `limit`, and its largest steps into `topSteps`. A function of its own:
 * inside checkSpikes, V8 compiled this loop on its own (on-stack replacement) several times over.
 */
function scanSteps(x: Float64Array, n: number, limit: number, topSteps: Float64Array) {
  // The largest steps so far as (size, frame), the smallest of them first: a step must beat topSteps[0].
  topSteps.fill(-1);
  let spikes = 0;
  let first = -1;
  let last = -1;
  let largest = 0;
  let into = x[1] - x[0];
  keepLargest(topSteps, Math.abs(into), 1);
  // The smallest kept step and the last value in locals: read from memory in every turn, they cost a quarter of
  // the loop's time.
  let smallestKept = topSteps[0];
  let previous = x[1];
  for (let i = 1; i < n - 1; i += 1) {
    const next = x[i + 1];
    const out = next - previous;
    previous = next;
    const size = Math.abs(out);
    if (size > smallestKept) {
      keepLargest(topSteps, size, i + 1);
      smallestKept = topSteps[0];
    }
    if (into * out < 0) {
      const excursion = Math.min(Math.abs(into), size);
      if (excursion > limit) {
        if (spikes === 0) first = i;
        last = i;
        spikes += 1;
        if (excursion > largest) largest = excursion;
      }
    }
    into = out;
  }
  return { spikes, first, last, largest };
}

/** Puts (size, frame) in place of the smallest kept step and moves the new smallest to the front. */
function keepLargest(largest: Float64Array, size: number, frame: number): void {
  largest[0] = size;
  largest[1] = frame;
  let smallest = 0;
  for (let k = 1; k < JUMP_CANDIDATES; k += 1) if (largest[2 * k] < largest[2 * smallest]) smallest = k;
  if (smallest === 0) return;
  const keptSize = largest[2 * smallest];
  const keptFrame = largest[2 * smallest + 1];
  largest[2 * smallest] = largest[0];
  largest[2 * smallest + 1] = largest[1];
  largest[0] = keptSize;
  largest[1] = keptFrame;
}
