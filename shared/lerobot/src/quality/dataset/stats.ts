import { combineMoments, EMPTY_MOMENTS, Moments, moments } from '../../scan/moments';
import { FeatureStats, QUANTILES, STATS_JSON, storedValues } from '../../stats';
import { unitRoundoff } from '../../stats-tolerance';
import { hard } from '../findings';
import { slotMoments } from '../metrics/stats-drift';
import { SignalFeature } from '../signals';
import { compareFeatureStats, StatsSettings, zeroStdMessage } from '../stats-compare';
import { DatasetContext } from './context';

/**
 * The stats LeRobot normalises with, against the frames: meta/stats.json (v2.0, v3.0) for stats_drift, and for
 * zero_std the std LeRobot divides by (stats.json, or for v2.1 the aggregate of the per-episode stats it computes
 * at load time, lerobot-format.md §6.3). Dataset findings: they flag no episode.
 */
export function flagDatasetStats(context: DatasetContext): void {
  const { dataset, summaries, plan } = context;
  const complete = summaries.length === dataset.episodes.length && summaries.every((summary) => summary.record !== null && summary.rows === summary.record.length);
  for (const feature of plan.features) {
    const truths = complete && feature.dims.every((dim) => summaries.every((summary) => summary.moments[dim.slot * 3] === summary.rows)) ? featureTruth(context, feature) : null;
    const json = context.stats.dataset?.[feature.key];
    const settings = { bar: context.params.stats_drift_share, u: unitRoundoff(feature.dtype), n: lerobotRows(context) };
    if (json && truths) compareStatsJson(context, feature, json, truths, settings);
    const std = storedValues((json ?? aggregateEpisodeStats(context, feature))?.std);
    feature.dims.forEach((dim, d) => {
      if (std[d] !== 0) return;
      const source = json ? STATS_JSON : 'the aggregate of the per-episode stats LeRobot computes at load time';
      context.findings.push(hard({ metric: 'zero_std', value: 0, feature: feature.key, dimension: dim.name, message: `${zeroStdMessage(dim.name, truths?.[d] ?? null, settings)} (${source})` }));
    });
  }
  if (!complete && context.stats.dataset) context.notes.push(`stats_drift: ${STATS_JSON} is compared with the frames only when every episode is read in full.`);
  if (plan.features.some((feature) => QUANTILES.some(({ key }) => context.stats.dataset?.[feature.key]?.[key] !== undefined))) {
    context.notes.push(`stats_drift: the quantiles of ${STATS_JSON} are LeRobot's aggregate of the per-episode ones (a count-weighted mean, lately an envelope), not quantiles of the frames; the per-episode quantiles are compared instead.`);
  }
}

/** Per dimension, the moments of every frame of the dataset (Chan's formula over the episodes). */
function featureTruth(context: DatasetContext, feature: SignalFeature): Moments[] {
  return feature.dims.map((dim) => context.summaries.reduce((total, summary) => combineMoments(total, slotMoments(summary, dim.slot)), EMPTY_MOMENTS));
}

/** Rows one of LeRobot's float32 sums ran over: v2.0 summed every frame, later versions aggregate per-episode stats (the longest episode's errors). */
function lerobotRows(context: DatasetContext): number {
  const rows = context.summaries.map((summary) => summary.rows);
  return context.dataset.version === 'v2.0' ? rows.reduce((a, b) => a + b, 0) : rows.reduce((a, b) => Math.max(a, b), 0);
}

function compareStatsJson(context: DatasetContext, feature: SignalFeature, stored: FeatureStats, truths: Moments[], settings: StatsSettings): void {
  const result = compareFeatureStats(feature, stored, truths.map((moments) => ({ moments, quantiles: null })), settings, { frames: null });
  for (const draft of [...result.faults, ...result.artefacts]) context.findings.push({ ...draft, message: `${STATS_JSON}: ${draft.message}` });
}

/** v2.1: the std LeRobot computes at load time from episodes_stats.jsonl (§6.3). */
function aggregateEpisodeStats(context: DatasetContext, feature: SignalFeature): FeatureStats | null {
  const episodes = context.stats.episodes;
  if (!episodes || episodes.size === 0) return null;
  const totals = feature.dims.map(() => EMPTY_MOMENTS);
  for (const stats of episodes.values()) {
    const stored = stats[feature.key];
    if (!stored) return null;
    const [count] = storedValues(stored.count);
    const [min, max, mean, std] = (['min', 'max', 'mean', 'std'] as const).map((key) => storedValues(stored[key]));
    if (!(count > 0) || std.length !== feature.dims.length) return null;
    feature.dims.forEach((_, d) => (totals[d] = combineMoments(totals[d], moments(count, min[d], max[d], mean[d], std[d]))));
  }
  return { std: totals.map((total) => Math.sqrt(Math.max(0, total.m2 / total.n))) };
}
