import { anchored, fmt, risk } from '../findings';
import { MAD_TO_SIGMA, median } from '../robust';
import { anchor, DatasetContext, fitValues } from './context';

/** jerk: RMS jerk above jerk_factor × the dataset median. */
export function flagJerk(context: DatasetContext): void {
  const { params, plan } = context;
  const values = fitValues(context, 'jerk');
  const center = anchor(context, 'jerk_median', values ? median(values) : null);
  if (center === null || !(center > 0)) return;
  const threshold = params.jerk_factor * center;
  for (const summary of context.summaries) {
    const jerk = summary.jerk;
    if (!jerk || jerk.value <= threshold) continue;
    const dim = plan.dims[jerk.slot];
    summary.findings.push(
      risk(
        {
          metric: 'jerk',
          value: jerk.value,
          threshold,
          feature: dim.feature,
          dimension: dim.name,
          frames: [jerk.frame - 3, jerk.frame],
          message: `RMS jerk ${fmt(jerk.value)} /s³ (range-normalised) is ${fmt(jerk.value / center)} × the dataset median; ${dim.name} contributes most, the peak is at frame ${jerk.frame}.`,
        },
        anchored(jerk.value / center, params.jerk_factor, params.jerk_factor_bad),
      ),
    );
  }
}

/** smoothness_sparc and ldlj: under the dataset median minus k robust σ (more negative = less smooth). */
export function flagSmoothness(context: DatasetContext): void {
  const settings = [
    { code: 'smoothness_sparc', sigma: context.params.sparc_sigma, bad: context.params.sparc_sigma_bad, label: 'SPARC' },
    { code: 'ldlj', sigma: context.params.ldlj_sigma, bad: context.params.ldlj_sigma_bad, label: 'LDLJ' },
  ];
  for (const { code, sigma, bad, label } of settings) {
    const values = fitValues(context, code);
    const own = values ? median(values) : null;
    const center = anchor(context, `${code}_median`, own);
    const scale = anchor(context, `${code}_sigma`, values && own !== null ? MAD_TO_SIGMA * median(values.map((value) => Math.abs(value - own))) : null);
    if (center === null || scale === null) continue;
    if (!(scale > 0)) {
      context.notes.push(`${code}: every fitted episode has the same value, so no robust σ to flag against.`);
      continue;
    }
    const threshold = center - sigma * scale;
    for (const summary of context.summaries) {
      const value = summary.metrics[code];
      if (typeof value !== 'number' || value >= threshold) continue;
      const z = (center - value) / scale;
      summary.findings.push(
        risk(
          {
            metric: code,
            value,
            threshold,
            feature: context.plan.motion?.key ?? null,
            frames: [0, summary.rows - 1],
            message: `${label} ${fmt(value)} is ${fmt(z)} robust σ below the dataset median ${fmt(center)}: less smooth than the rest.`,
          },
          anchored(z, sigma, bad),
        ),
      );
    }
  }
}
