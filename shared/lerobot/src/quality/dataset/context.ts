import { LeRobotDataset } from '../../dataset';
import { EpisodeSummary } from '../episode';
import { Draft } from '../findings';
import { QualityParameters } from '../parameters';
import { SignalPlan } from '../signals';

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
  /** Per slot: at most 4 distinct values over the dataset (a gripper or a switch). */
  discrete: boolean[];
  /** Findings about the dataset as a whole. */
  findings: Draft[];
  /** Fitted anchors, reported so that a profile can reuse them. */
  fitted: Record<string, number | null>;
  notes: string[];
}

/** Values of a metric over the fit episodes, when there are enough of them to fit on. */
export function fitValues(context: DatasetContext, code: string): number[] | null {
  const values = context.fit.map((summary) => summary.metrics[code]).filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (values.length >= context.params.fit_min_episodes) return values;
  context.notes.push(`${code}: ${values.length} episode(s) without HARD findings have a value; ${context.params.fit_min_episodes} are needed to fit its dataset-relative threshold, so it does not flag.`);
  return null;
}
