import { EpisodeRecord } from '../dataset';
import { StatsByFeature } from '../stats-values';
import { FrameRun } from './frame-reader';
import { Draft } from './findings';
import { QualityParameters } from './parameters';
import { DimRanges } from './ranges';
import { SignalPlan } from './signals';

/** Per dimension of one episode, from one pass over its values. */
export interface DimProfile {
  /** NaN, ±Inf or null values, and where the first and last are. */
  nonFinite: number;
  firstBad: number;
  lastBad: number;
  /** Over the finite values. */
  min: number;
  max: number;
  /** Up to 4 distinct values, or null when there are more (the dimension is not discrete here). */
  distinct: number[] | null;
  /** Every value finite, not dead (std > 1e-6), not discrete, with a known dataset range: fit for the motion metrics. */
  moving: boolean;
}

/** Work arrays shared by all episodes, one per name, grown to the longest episode; contents are not kept. */
export class Scratch {
  private arrays = new Map<string, Float64Array>();

  get(name: string, length: number): Float64Array {
    const current = this.arrays.get(name);
    if (current && current.length >= length) return current;
    const grown = new Float64Array(Math.max(length, (current?.length ?? 0) * 2, 1024));
    this.arrays.set(name, grown);
    return grown;
  }
}

/** An episode's stored stats (v2.1 episodes_stats.jsonl, v3.0 stats/* columns), or why it has none. */
export type StoredStats = { byFeature: StatsByFeature; absent?: undefined } | { byFeature?: undefined; absent: string };

export interface EpisodeContext {
  run: FrameRun;
  n: number;
  fps: number;
  plan: SignalPlan;
  params: QualityParameters;
  ranges: DimRanges;
  profiles: DimProfile[];
  record: EpisodeRecord | null;
  /** Global `index` the episode's first row should carry (from the metadata); null when unknown. */
  expectedFirstIndex: number | null;
  stats: StoredStats;
  /** Points the motion feature is resampled to (the median length of the episode's task, capped). */
  trajectoryPoints: number;
  scratch: Scratch;
}

/**
 * What the side metrics (side-metrics.ts) read of an episode: its signals, not its index columns, and the
 * profile the main metrics made. They may run on another thread, with a copy of the signals.
 */
export type SideContext = Pick<EpisodeContext, 'n' | 'fps' | 'plan' | 'params' | 'ranges' | 'profiles' | 'stats' | 'scratch'> & { run: Pick<FrameRun, 'signals'> };

/** One of a dimension's largest steps in an episode, kept until the dataset-wide σ_Δ says whether it is a jump. */
export interface JumpCandidate {
  slot: number;
  frame: number;
  step: number;
}

export interface GripperCount {
  slot: number;
  changes: number;
  firstChange: number;
  lastChange: number;
}

/** What is kept of an episode once its frames are dropped: findings so far and the inputs of the dataset pass. */
export interface EpisodeSummary {
  index: number;
  record: EpisodeRecord | null;
  rows: number;
  durationS: number;
  findings: Draft[];
  metrics: Record<string, number | null>;
  notApplicable: Record<string, string>;
  jerk: { value: number; slot: number; frame: number } | null;
  /** Per slot: count, Σ Δ and Σ Δ² of finite steps (dataset σ_Δ), and count, mean, M2 of finite values. */
  steps: Float64Array;
  moments: Float64Array;
  /** Per slot: finite min and max, and up to 4 distinct values (null = more). */
  min: Float64Array;
  max: Float64Array;
  distinct: (number[] | null)[];
  /** Per slot: frames exactly at the dataset min or max (continuous dimensions only). */
  clipped: Float64Array;
  jumps: JumpCandidate[];
  grippers: GripperCount[];
  /** SHA-256 of the signal columns as float64, and the first and last rows, for duplicate_episode. */
  hash: string | null;
  edges: Float64Array | null;
  /**
   * The motion feature resampled to `trajectoryPoints` rows of its range-normalised dimensions (row-major;
   * NaN for a dimension without a dataset range), for end_pose_deviation, trajectory_deviation and coverage.
   */
  trajectory: Float32Array | null;
}

/** What the side metrics add to an episode's summary. */
export type SideResult = Pick<EpisodeSummary, 'findings' | 'metrics' | 'notApplicable' | 'jumps' | 'hash' | 'edges'>;

/** What the side metrics read and write of an episode's summary: the moments profileDims left, and their results. */
export type SideSummary = SideResult & Pick<EpisodeSummary, 'moments' | 'min' | 'max'>;

export function emptySummary(index: number, record: EpisodeRecord | null, slots: number): EpisodeSummary {
  return {
    index,
    record,
    rows: 0,
    durationS: 0,
    findings: [],
    metrics: {},
    notApplicable: {},
    jerk: null,
    steps: new Float64Array(slots * 3),
    moments: new Float64Array(slots * 3),
    min: new Float64Array(slots).fill(NaN),
    max: new Float64Array(slots).fill(NaN),
    distinct: Array.from({ length: slots }, () => []),
    clipped: new Float64Array(slots),
    jumps: [],
    grippers: [],
    hash: null,
    edges: null,
    trajectory: null,
  };
}

/** Records a metric's value, or n/a with the reason. */
export function measure(summary: Pick<EpisodeSummary, 'metrics' | 'notApplicable'>, code: string, value: number | null, reason?: string): void {
  summary.metrics[code] = value;
  if (value === null) summary.notApplicable[code] = reason ?? 'not measurable';
  else delete summary.notApplicable[code];
}
