import { QualityProfile } from '@robokit/api';
import { LeRobotDataset } from '../../dataset';
import { StatsByFeature } from '../../stats';
import { EpisodeSummary } from '../episode';
import { Draft } from '../findings';
import { QualityParameters } from '../parameters';
import { DimRanges } from '../ranges';
import { SignalPlan } from '../signals';
import { SuccessFlags } from './success';

/** The second pass: per-episode summaries only, no frames. */
export interface DatasetContext {
  dataset: LeRobotDataset;
  /** Every analysed episode, by index. */
  summaries: EpisodeSummary[];
  /** The episodes dataset-relative thresholds are fitted on: frames read, no HARD finding. */
  fit: EpisodeSummary[];
  plan: SignalPlan;
  params: QualityParameters;
  fps: number;
  /** The dataset-wide normalisation ranges the frame pass used. */
  ranges: DimRanges;
  /** Stored stats: per episode (v2.1, v3.0) and meta/stats.json (v2.0, v3.0); null where the dataset has none. */
  stats: { episodes: Map<number, StatsByFeature> | null; dataset: StatsByFeature | null };
  success: SuccessFlags | null;
  /** Per slot: at most 4 distinct values over the dataset (a gripper or a switch). */
  discrete: boolean[];
  /** Findings about the dataset as a whole. */
  findings: Draft[];
  /** Fitted anchors, reported so that a profile can reuse them. */
  fitted: Record<string, number | null>;
  /** Anchors of a known good dataset that replace this one's own fits. */
  profile: QualityProfile | null;
  notes: string[];
  /** Aborts the analysis (the video decodes stop at once). */
  signal?: AbortSignal;
}

/** Values of a metric over the fit episodes, when there are enough of them to fit on. */
export function fitValues(context: DatasetContext, code: string): number[] | null {
  const values = context.fit.map((summary) => summary.metrics[code]).filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (values.length >= context.params.fit_min_episodes) return values;
  context.notes.push(`${code}: ${values.length} episode(s) without HARD findings have a value; ${context.params.fit_min_episodes} are needed to fit its dataset-relative threshold, so it does not flag.`);
  return null;
}

/**
 * A dataset-relative anchor: this dataset's own fit is recorded in `fitted` (so that it can be saved as a profile,
 * and compared with one), and the applied profile's value, when it has one, is what the thresholds use.
 */
export function anchor(context: DatasetContext, key: string, own: number | null): number | null {
  context.fitted[key] = own !== null && Number.isFinite(own) ? own : null;
  const given = context.profile?.anchors[key];
  return typeof given === 'number' && Number.isFinite(given) ? given : context.fitted[key];
}
