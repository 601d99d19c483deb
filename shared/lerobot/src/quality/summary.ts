import { EpisodeQuality, EvidenceLevel, FlaggedEpisode, MetricDistribution, ProfileComparison, QualityFinding, QualitySummary, QualityVerdict } from '@robokit/api';
import { quantileSorted } from './robust';

const BINS = 20;

/** Catalogue metrics this analysis does not compute. */
export const NOT_IMPLEMENTED: string[] = [];

export const PARTIAL_NOTES = [
  "schema_consistency compares each data file's columns, dtypes and nesting with info.json, not each row's vector length: the missing elements of a short row count under non_finite, and the validation job checks every row.",
];

/** min / median / p95 / max and an equal-width histogram of the finite values. */
export function distribution(values: number[]): MetricDistribution {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, min: null, median: null, p95: null, max: null, bins: [] };
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  const width = (max - min) / BINS;
  const bins =
    width > 0
      ? Array.from({ length: BINS }, (_, i) => ({ from: min + i * width, to: i === BINS - 1 ? max : min + (i + 1) * width, count: 0 }))
      : [{ from: min, to: max, count: 0 }];
  for (const value of sorted) bins[width > 0 ? Math.min(BINS - 1, Math.floor((value - min) / width)) : 0].count += 1;
  return { count: sorted.length, min, median: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95), max, bins };
}

const VERDICT_ORDER = { [QualityVerdict.Exclude]: 0, [QualityVerdict.Review]: 1, [QualityVerdict.Pass]: 2 };

export interface SummaryInput {
  codebaseVersion: string;
  fps: number;
  features: string[];
  episodesTotal: number;
  framesAnalysed: number;
  episodes: EpisodeQuality[];
  findings: QualityFinding[];
  fitted: Record<string, number | null>;
  profile: ProfileComparison | null;
  notes: string[];
}

export function summarise(input: SummaryInput): QualitySummary {
  const { episodes } = input;
  const verdicts = { [QualityVerdict.Exclude]: 0, [QualityVerdict.Review]: 0, [QualityVerdict.Pass]: 0 };
  const metricCounts: Record<string, number> = {};
  const values = new Map<string, number[]>();
  for (const episode of episodes) {
    verdicts[episode.verdict] += 1;
    for (const flag of episode.flags) metricCounts[flag] = (metricCounts[flag] ?? 0) + 1;
    for (const [code, value] of Object.entries(episode.metrics)) {
      if (value === null) continue;
      const list = values.get(code);
      if (list) list.push(value);
      else values.set(code, [value]);
    }
  }
  for (const finding of input.findings) {
    if (finding.level !== EvidenceLevel.Info) metricCounts[finding.metric] = (metricCounts[finding.metric] ?? 0) + 1;
  }
  const flagged: FlaggedEpisode[] = episodes
    .filter((episode) => episode.verdict !== QualityVerdict.Pass)
    .sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.score - b.score || a.episodeIndex - b.episodeIndex)
    .map(({ episodeIndex, score, verdict, flags }) => ({ episodeIndex, score, verdict, flags }));
  const of = (code: string) => distribution(values.get(code) ?? []);
  return {
    codebaseVersion: input.codebaseVersion,
    fps: input.fps,
    features: input.features,
    episodesTotal: input.episodesTotal,
    episodesAnalysed: episodes.length,
    framesAnalysed: input.framesAnalysed,
    score: episodes.length > 0 ? episodes.reduce((sum, episode) => sum + episode.score, 0) / episodes.length : null,
    verdicts,
    metricCounts,
    distributions: {
      length: distribution(episodes.map((episode) => episode.length)),
      jerk: of('jerk'),
      sparc: of('smoothness_sparc'),
      idleRatio: of('idle'),
      score: distribution(episodes.map((episode) => episode.score)),
    },
    metrics: Object.fromEntries([...values.keys()].sort().map((code) => [code, of(code)])),
    fitted: input.fitted,
    ...(input.profile ? { profile: input.profile } : {}),
    findings: input.findings,
    flagged,
    notImplemented: NOT_IMPLEMENTED,
    notes: [...PARTIAL_NOTES, ...input.notes],
  };
}
