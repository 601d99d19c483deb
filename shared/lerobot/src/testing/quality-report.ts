import { EpisodeQuality, EvidenceLevel, QualityFinding, QualityReport } from '@robokit/api';

/** Reading a quality report in tests. */

export function episodeOf(report: QualityReport, index: number): EpisodeQuality {
  const found = report.episodes.find((episode) => episode.episodeIndex === index);
  if (!found) throw new Error(`episode ${index} is not in the report`);
  return found;
}

/** An episode's HARD and RISK findings of one metric. */
export const reasonsOf = (report: QualityReport, index: number, metric: string): QualityFinding[] => episodeOf(report, index).reasons.filter((reason) => reason.metric === metric);

/** Episodes that one metric flags, by index. */
export const flaggedBy = (report: QualityReport, metric: string): number[] => report.episodes.filter((episode) => episode.flags.includes(metric)).map((episode) => episode.episodeIndex);

/** Dataset-level findings of one metric at one level. */
export const datasetFindings = (report: QualityReport, metric: string, level?: EvidenceLevel): QualityFinding[] =>
  report.summary.findings.filter((finding) => finding.metric === metric && (level === undefined || finding.level === level));
