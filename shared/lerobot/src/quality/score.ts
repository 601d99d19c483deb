import { EpisodeQuality, EvidenceLevel, QualityFinding, QualityVerdict } from '@robokit/api';
import { EpisodeSummary } from './episode';
import { Draft } from './findings';
import { QualityParameters } from './parameters';

/** p can reach 0.98 at most, so −ln(1 − p) stays finite and scores never tie at 0 (quality-metrics.md §6). */
const P_MAX = 0.98;

const smoothstep = (u: number) => u * u * (3 - 2 * u);

export function weightOf(params: QualityParameters, metric: string): number {
  const value = (params as Record<string, unknown>)[`${metric}_weight`];
  return typeof value === 'number' ? value : 1;
}

/** w × −ln(1 − p) with p = 0.98 × smoothstep(u). */
export function severityOf(u: number, weight: number): number {
  return weight * Math.log(1 / (1 - P_MAX * smoothstep(u)));
}

export function finalise(draft: Draft, params: QualityParameters): QualityFinding {
  const { u, ...finding } = draft;
  return { ...finding, severity: draft.level === EvidenceLevel.Info ? 0 : severityOf(u, weightOf(params, draft.metric)) };
}

const LEVEL_ORDER = { [EvidenceLevel.Hard]: 0, [EvidenceLevel.Risk]: 1, [EvidenceLevel.Info]: 2 };

/** Worst first: by severity, HARD before RISK on a tie. */
export function worstFirst(a: QualityFinding, b: QualityFinding): number {
  return b.severity - a.severity || LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level];
}

/**
 * Score = 100 × exp(−Σ over flagged metrics of w × −ln(1 − p)), each metric counted once at its worst
 * finding, so one bad metric is not hidden by many good ones. EXCLUDE on any HARD finding, REVIEW on any
 * RISK finding, else PASS.
 */
export function scoreEpisode(summary: EpisodeSummary, params: QualityParameters, task: string | null, fps: number): EpisodeQuality {
  const findings = summary.findings.map((draft) => finalise(draft, params));
  const flagged = findings.filter((finding) => finding.level !== EvidenceLevel.Info).sort(worstFirst);
  const worstPerMetric = new Map<string, number>();
  for (const finding of flagged) worstPerMetric.set(finding.metric, Math.max(worstPerMetric.get(finding.metric) ?? 0, finding.severity));
  const severity = [...worstPerMetric.values()].reduce((sum, value) => sum + value, 0);
  const verdict = flagged.some((finding) => finding.level === EvidenceLevel.Hard)
    ? QualityVerdict.Exclude
    : flagged.length > 0
      ? QualityVerdict.Review
      : QualityVerdict.Pass;
  const length = summary.rows > 0 ? summary.rows : (summary.record?.length ?? 0);
  return {
    episodeIndex: summary.index,
    length,
    durationS: length / fps,
    task,
    score: 100 * Math.exp(-severity),
    verdict,
    flags: [...new Set(flagged.map((finding) => finding.metric))],
    reasons: flagged,
    notes: findings.filter((finding) => finding.level === EvidenceLevel.Info),
    metrics: summary.metrics,
    notApplicable: summary.notApplicable,
  };
}
