/**
 * The report of `evaluate_quality_heuristics` (docs: quality-metrics.md). HARD = deterministic corruption,
 * RISK = a statistical signal, INFO = shown, never flags.
 */
export enum EvidenceLevel {
  Hard = 'HARD',
  Risk = 'RISK',
  Info = 'INFO',
}

export enum QualityVerdict {
  Exclude = 'EXCLUDE',
  Review = 'REVIEW',
  Pass = 'PASS',
}

/** One measurement that crossed its threshold (or an INFO note), with where it happens. */
export interface QualityFinding {
  /** Metric code from the catalogue, e.g. `timestamp_sync`. */
  metric: string;
  level: EvidenceLevel;
  /** Measured value, in the unit the message names. */
  value: number;
  /** The threshold it was compared with (null where any occurrence counts). */
  threshold: number | null;
  /** Signal feature, e.g. `observation.state`; null for episode-wide metrics. */
  feature: string | null;
  /** Dimension by joint name when `names` gives one, else `<feature>[<i>]`; null when it applies to no single one. */
  dimension: string | null;
  /** First and last frame (position within the episode, = frame_index when the indices are intact). */
  frames: [number, number] | null;
  /** What was measured, for a person. */
  message: string;
  /** What this finding costs the episode's score: w × −ln(1 − p); 0 for INFO and dataset-level findings. */
  severity: number;
}

export interface EpisodeQuality {
  episodeIndex: number;
  /** Rows found in the data (the metadata length when the data could not be read). */
  length: number;
  durationS: number;
  task: string | null;
  /** 100 × exp(−severity): 100 when nothing was flagged. */
  score: number;
  verdict: QualityVerdict;
  /** Codes of the metrics that flagged, worst first. */
  flags: string[];
  /** HARD and RISK findings, worst first. */
  reasons: QualityFinding[];
  /** INFO findings (shown, never flag). */
  notes: QualityFinding[];
  /** Each metric's episode value; null = n/a (see `notApplicable`). */
  metrics: Record<string, number | null>;
  /** Why a metric could not be measured on this episode. */
  notApplicable: Record<string, string>;
}

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

/** A metric over the analysed episodes, for charts; null figures when no episode has a value. */
export interface MetricDistribution {
  count: number;
  min: number | null;
  median: number | null;
  p95: number | null;
  max: number | null;
  bins: HistogramBin[];
}

export interface FlaggedEpisode {
  episodeIndex: number;
  score: number;
  verdict: QualityVerdict;
  flags: string[];
}

/**
 * The fitted dataset-relative anchors of one dataset (a report's `summary.fitted`), saved under a name and applied
 * to the next dataset, so that a new recording session is judged against a known good one (quality-metrics.md §6).
 */
export interface QualityProfile {
  name: string;
  anchors: Record<string, number | null>;
}

/** One anchor of an applied profile against what this dataset alone would have fitted. */
export interface ProfileAnchor {
  key: string;
  profile: number;
  /** This dataset's own fit; null when it has too few episodes to fit it. */
  dataset: number | null;
  /** (dataset − profile) / |profile|; null when either is missing or the profile's is 0. */
  change: number | null;
  /** |change| above the `profile_drift` parameter. */
  drifted: boolean;
}

export interface ProfileComparison {
  name: string;
  /** The profile's anchors this dataset uses, the most changed first. */
  anchors: ProfileAnchor[];
}

export interface QualitySummary {
  codebaseVersion: string;
  fps: number;
  /** Signal features analysed. */
  features: string[];
  episodesTotal: number;
  episodesAnalysed: number;
  framesAnalysed: number;
  /** Mean episode score; null when no episode was analysed. */
  score: number | null;
  verdicts: Record<QualityVerdict, number>;
  /** Episodes flagged by each metric (dataset-level findings count once). */
  metricCounts: Record<string, number>;
  /** Charts: episode length (frames), jerk, SPARC, idle ratio, score. */
  distributions: Record<'length' | 'jerk' | 'sparc' | 'idleRatio' | 'score', MetricDistribution>;
  /** min / median / p95 / max and a histogram of every per-episode metric. */
  metrics: Record<string, MetricDistribution>;
  /** Dataset-relative anchors as fitted on the episodes without HARD findings (null when too few to fit). */
  fitted: Record<string, number | null>;
  /** The profile the thresholds were taken from, and what drifted from it; absent when none was applied. */
  profile?: ProfileComparison;
  /** Findings about the dataset as a whole (policy_window, operator_drift, constant_dimension, length_confound, …). */
  findings: QualityFinding[];
  /** Flagged episodes (EXCLUDE, then REVIEW), worst score first. */
  flagged: FlaggedEpisode[];
  /** Metrics of the catalogue this report does not compute. */
  notImplemented: string[];
  notes: string[];
}

export interface QualityReport {
  summary: QualitySummary;
  episodes: EpisodeQuality[];
}
