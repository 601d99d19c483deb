import { measure } from '../episode';
import { anchored, fmt, risk } from '../findings';
import { median } from '../robust';
import { anchor, DatasetContext } from './context';

/**
 * σ_Δ per slot: the dataset's std of a dimension's steps, taken as the median over the fit episodes of each
 * one's step std, so that one shaky episode cannot set the scale for the rest (discrete dimensions: NaN).
 */
function stepSigmas(context: DatasetContext): Float64Array {
  const slots = context.plan.dims.length;
  const sigma = new Float64Array(slots).fill(NaN);
  for (let slot = 0; slot < slots; slot += 1) {
    if (context.discrete[slot]) continue;
    const stds = context.fit.flatMap((summary) => {
      const [count, sum, squares] = summary.steps.subarray(slot * 3, slot * 3 + 3);
      return count > 1 ? [Math.sqrt(Math.max(0, squares / count - (sum / count) ** 2))] : [];
    });
    if (stds.length > 0) sigma[slot] = median(stds);
  }
  return sigma;
}

/**
 * coordinated_jump: a frame where two or more dimensions of one feature step more than jump_sigma_pair σ_Δ,
 * or one more than jump_sigma_single σ_Δ: a teleport, a re-homing or a swapped episode boundary. Candidates
 * are each episode's largest spikes per dimension, kept from the frame pass.
 */
export function flagJumps(context: DatasetContext): void {
  const { params, plan } = context;
  const sigma = stepSigmas(context);
  for (const dim of plan.dims) sigma[dim.slot] = anchor(context, `step_sigma:${dim.feature}:${dim.name}`, sigma[dim.slot]) ?? NaN;
  for (const summary of context.summaries) {
    if (summary.rows < 2) {
      measure(summary, 'coordinated_jump', null, 'fewer than 2 frames');
      continue;
    }
    // feature → frame → the dimensions jumping there, in σ_Δ
    const events = new Map<string, { feature: string; frame: number; jumps: { slot: number; size: number }[] }>();
    for (const candidate of summary.jumps) {
      const size = candidate.step / sigma[candidate.slot];
      if (!(size > params.jump_sigma_pair)) continue;
      const feature = plan.dims[candidate.slot].feature;
      const key = `${feature}@${candidate.frame}`;
      const event = events.get(key) ?? { feature, frame: candidate.frame, jumps: [] };
      event.jumps.push({ slot: candidate.slot, size });
      events.set(key, event);
    }
    let count = 0;
    for (const event of events.values()) {
      const largest = event.jumps.reduce((a, b) => (b.size > a.size ? b : a));
      const coordinated = event.jumps.length >= 2;
      if (!coordinated && largest.size <= params.jump_sigma_single) continue;
      count += 1;
      const names = event.jumps.map((jump) => `${plan.dims[jump.slot].name} ${fmt(jump.size)} σ`).join(', ');
      summary.findings.push(
        risk(
          {
            metric: 'coordinated_jump',
            value: largest.size,
            threshold: coordinated ? params.jump_sigma_pair : params.jump_sigma_single,
            feature: event.feature,
            dimension: plan.dims[largest.slot].name,
            frames: [event.frame - 1, event.frame],
            message: `${coordinated ? `${event.jumps.length} dimensions jump together` : 'One dimension jumps'} between frames ${event.frame - 1} and ${event.frame} (${names}; σ_Δ is the typical step std of each dimension over the dataset).`,
          },
          anchored(largest.size, params.jump_sigma_pair, params.jump_sigma_bad),
        ),
      );
    }
    measure(summary, 'coordinated_jump', count);
  }
}
