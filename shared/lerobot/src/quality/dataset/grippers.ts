import { measure } from '../episode';
import { anchored, fmt, risk } from '../findings';
import { anchor, DatasetContext } from './context';

/** The most frequent count (the smallest of equally frequent ones); null for no counts. */
function mode(counts: number[]): number | null {
  const frequency = new Map<number, number>();
  for (const count of counts) frequency.set(count, (frequency.get(count) ?? 0) + 1);
  let best: number | null = null;
  for (const [count, times] of frequency) {
    if (best === null || times > (frequency.get(best) ?? 0) || (times === frequency.get(best) && count < best)) best = count;
  }
  return best;
}

/**
 * gripper_chatter: open/close changes per second of each gripper (named, or discrete over the dataset), and
 * gripper_events: the change count against the dataset mode of that gripper.
 */
export function flagGrippers(context: DatasetContext): void {
  const { params, plan, discrete } = context;
  const isGripper = (slot: number) => plan.dims[slot].gripper || discrete[slot];
  const modes = new Map<number, number | null>();
  for (const dim of plan.dims) {
    if (!isGripper(dim.slot)) continue;
    const counts = context.fit.flatMap((summary) => summary.grippers.filter((g) => g.slot === dim.slot).map((g) => g.changes));
    modes.set(dim.slot, anchor(context, `gripper_events_mode:${dim.feature}:${dim.name}`, counts.length >= params.fit_min_episodes ? mode(counts) : null));
  }
  for (const summary of context.summaries) {
    const counts = summary.grippers.filter((g) => isGripper(g.slot));
    if (counts.length === 0 || summary.durationS <= 0) {
      measure(summary, 'gripper_chatter', null, summary.durationS <= 0 ? 'no frames' : 'no gripper or discrete dimension that moves');
      continue;
    }
    let worst = 0;
    for (const count of counts) {
      const dim = plan.dims[count.slot];
      const rate = count.changes / summary.durationS;
      worst = Math.max(worst, rate);
      const frames: [number, number] = [count.firstChange, count.lastChange];
      if (rate > params.gripper_chatter_rate) {
        summary.findings.push(
          risk(
            { metric: 'gripper_chatter', value: rate, threshold: params.gripper_chatter_rate, feature: dim.feature, dimension: dim.name, frames, message: `${dim.name} changes direction ${fmt(rate)} times per second (${count.changes} open/close changes).` },
            anchored(rate, params.gripper_chatter_rate, params.gripper_chatter_bad),
          ),
        );
      }
      const usual = modes.get(count.slot);
      if (usual !== null && usual !== undefined && count.changes > usual + params.gripper_events_margin) {
        summary.findings.push(
          risk(
            {
              metric: 'gripper_chatter',
              value: count.changes,
              threshold: usual + params.gripper_events_margin,
              feature: dim.feature,
              dimension: dim.name,
              frames,
              message: `${dim.name} opens or closes ${count.changes} times; most episodes do so ${usual} times (gripper_events).`,
            },
            anchored(count.changes, usual + params.gripper_events_margin, usual + params.gripper_events_bad_margin),
          ),
        );
      }
    }
    measure(summary, 'gripper_chatter', worst);
  }
}
