import { fmt, info } from '../findings';
import { spearman } from '../robust';
import { DatasetContext } from './context';

/** Per-episode metrics that may just track episode length (integrity and length metrics left out). */
export const CONFOUND_METRICS = [
  'jerk',
  'smoothness_sparc',
  'ldlj',
  'idle',
  'spikes',
  'stale_state',
  'frozen_action',
  'saturation',
  'gripper_chatter',
  'tracking_lag',
  'calibration_offset',
  'timestamp_jitter',
  'dropped_frames',
  'end_pose_deviation',
  'trajectory_deviation',
];

/** length_confound (INFO): Spearman ρ of each metric with episode length, shown when |ρ| > confound_rho. */
export function noteLengthConfound(context: DatasetContext): void {
  for (const code of CONFOUND_METRICS) {
    const pairs = context.fit.flatMap((summary) => {
      const value = summary.metrics[code];
      return typeof value === 'number' && Number.isFinite(value) ? [[value, summary.rows] as const] : [];
    });
    if (pairs.length < context.params.fit_min_episodes) continue;
    const rho = spearman(
      pairs.map(([value]) => value),
      pairs.map(([, rows]) => rows),
    );
    context.fitted[`length_rho:${code}`] = Number.isFinite(rho) ? rho : null;
    if (Math.abs(rho) > context.params.confound_rho) {
      context.findings.push(
        info({
          metric: 'length_confound',
          value: rho,
          threshold: context.params.confound_rho,
          message: `${code} ${rho > 0 ? 'rises' : 'falls'} with episode length (Spearman ρ = ${fmt(rho)}): a long episode is not a bad one by this alone.`,
        }),
      );
    }
  }
}
