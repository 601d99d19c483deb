import { measure } from '../episode';
import { anchored, fmt, risk } from '../findings';
import { listParameter } from '../parameters';
import { quantileSorted } from '../robust';
import { anchor, DatasetContext } from './context';

/** length_outlier: outside Tukey's fences of the fit episodes' lengths, or shorter than min_length_s. */
export function flagLengths(context: DatasetContext): void {
  const { params, fps } = context;
  const lengths = context.fit.map((summary) => summary.rows).sort((a, b) => a - b);
  const enough = lengths.length >= params.fit_min_episodes;
  const q1 = quantileSorted(lengths, 0.25);
  const q3 = quantileSorted(lengths, 0.75);
  const own = (value: number) => (enough ? value : null);
  const iqr = anchor(context, 'length_iqr', own(q3 - q1)) ?? NaN;
  const low = anchor(context, 'length_low_fence', own(q1 - params.length_iqr_factor * (q3 - q1))) ?? NaN;
  const high = anchor(context, 'length_high_fence', own(q3 + params.length_iqr_factor * (q3 - q1))) ?? NaN;
  const shortest = params.min_length_s * fps;
  if (Number.isNaN(low)) context.notes.push(`length_outlier: ${lengths.length} episode(s) without HARD findings; Tukey's fences need ${params.fit_min_episodes}, only the shortest-length rule applies.`);
  for (const summary of context.summaries) {
    const rows = summary.rows;
    measure(summary, 'length_outlier', rows > 0 ? rows : null, 'no frames were read');
    if (rows === 0) continue;
    const seconds = `${rows} frames (${fmt(rows / fps)} s)`;
    if (rows < shortest) {
      summary.findings.push(risk({ metric: 'length_outlier', value: rows, threshold: shortest, message: `${seconds}: shorter than ${params.min_length_s} s.` }, anchored(rows, shortest, 0)));
    } else if (rows < low) {
      summary.findings.push(
        risk({ metric: 'length_outlier', value: rows, threshold: low, message: `${seconds}: under the lower fence ${fmt(low)} (Q1 − ${params.length_iqr_factor} IQR).` }, anchored(rows, low, low - params.length_bad_iqr * iqr)),
      );
    } else if (rows > high) {
      summary.findings.push(
        risk({ metric: 'length_outlier', value: rows, threshold: high, message: `${seconds}: over the upper fence ${fmt(high)} (Q3 + ${params.length_iqr_factor} IQR).` }, anchored(rows, high, high + params.length_bad_iqr * iqr)),
      );
    }
  }
}

/** policy_window (dataset): the share of episodes shorter than common action-chunk sizes. */
export function flagPolicyWindow(context: DatasetContext): void {
  const { params, summaries } = context;
  const read = summaries.filter((summary) => summary.rows > 0);
  if (read.length === 0) return;
  for (const chunk of listParameter(params.policy_chunks).map(Number).filter((size) => Number.isFinite(size) && size > 0)) {
    const shorter = read.filter((summary) => summary.rows < chunk).length;
    const share = shorter / read.length;
    if (share > params.policy_window_share) {
      context.findings.push(
        risk({ metric: 'policy_window', value: share, threshold: params.policy_window_share, message: `${shorter} of ${read.length} episodes (${fmt(100 * share)} %) are shorter than an action chunk of ${chunk} frames.` }, 0),
      );
    }
  }
}
