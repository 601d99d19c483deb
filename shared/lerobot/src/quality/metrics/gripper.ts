import { EpisodeContext, EpisodeSummary } from '../episode';

/**
 * Open/close changes of every dimension that may be a gripper: named one, or discrete in this episode (a
 * dimension discrete over the dataset is discrete in each episode; the dataset pass keeps only those). A
 * change counts once the value crosses the hysteresis band around the midpoint of the dataset range, so
 * noise at the midpoint does not chatter.
 */
export function countGripperChanges(context: EpisodeContext, summary: EpisodeSummary): void {
  const { n, run, plan, profiles, ranges, params } = context;
  for (const dim of plan.dims) {
    const x = run.signals[dim.slot];
    const distinct = profiles[dim.slot].distinct;
    const min = ranges.min[dim.slot];
    const max = ranges.max[dim.slot];
    if (!x || !(max > min) || !(dim.gripper || (distinct !== null && distinct.length >= 2))) continue;
    const middle = (min + max) / 2;
    const band = params.gripper_hysteresis * (max - min);
    let side = 0;
    let changes = 0;
    let firstChange = -1;
    let lastChange = -1;
    for (let i = 0; i < n; i += 1) {
      const now = x[i] > middle + band ? 1 : x[i] < middle - band ? -1 : 0;
      if (now === 0 || now === side) continue;
      if (side !== 0) {
        if (changes === 0) firstChange = i;
        lastChange = i;
        changes += 1;
      }
      side = now;
    }
    summary.grippers.push({ slot: dim.slot, changes, firstChange, lastChange });
  }
}
