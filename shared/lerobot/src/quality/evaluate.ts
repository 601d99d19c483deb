import { EvidenceLevel, QualityReport } from '@robokit/api';
import { DatasetFiles, EpisodeRecord, LeRobotDataset } from '../dataset';
import { noteLengthConfound } from './dataset/confound';
import { DatasetContext } from './dataset/context';
import { discreteSlots, flagClipping, flagConstantDimensions, flagOperatorDrift } from './dataset/dimensions';
import { flagGrippers } from './dataset/grippers';
import { flagJumps } from './dataset/jumps';
import { flagLengths, flagPolicyWindow } from './dataset/lengths';
import { flagJerk, flagSmoothness } from './dataset/relative';
import { flagTasks, taskText } from './dataset/tasks';
import { Draft } from './findings';
import { FramePass, PassSetup, Progress, runFramePass } from './frame-pass';
import { markDuplicates } from './metrics/duplicates';
import { checkMetadata } from './metrics/integrity';
import { listParameter, resolveQualityParameters } from './parameters';
import { dataRanges, statsRanges } from './ranges';
import { finalise, scoreEpisode } from './score';
import { planSignals } from './signals';
import { summarise } from './summary';

/** At most `limit` episodes spread evenly over the dataset (0 = all), so a sample covers every session. */
export function sampleEpisodes(episodes: EpisodeRecord[], limit: number): EpisodeRecord[] {
  if (limit <= 0 || limit >= episodes.length) return episodes;
  if (limit === 1) return [episodes[0]];
  const picked = new Set<number>();
  for (let i = 0; i < limit; i += 1) picked.add(Math.round((i * (episodes.length - 1)) / (limit - 1)));
  return [...picked].sort((a, b) => a - b).map((position) => episodes[position]);
}

/** Which files to read, in sorted path order, and how their rows map to episodes. */
function planPass(dataset: LeRobotDataset, files: DatasetFiles, parameters: Record<string, unknown>): PassSetup {
  const params = resolveQualityParameters(parameters);
  const plan = planSignals(dataset.info, listParameter(params.features), listParameter(params.gripper_dimensions));
  const selected = sampleEpisodes(dataset.episodes, params.episode_sample);
  const perFile = new Map<string, EpisodeRecord[]>();
  for (const episode of dataset.episodes) {
    const list = perFile.get(episode.dataFile);
    if (list) list.push(episode);
    else perFile.set(episode.dataFile, [episode]);
  }
  const paths = [...new Set(selected.map((episode) => episode.dataFile))].sort();
  const rowsOf = (path: string) => (perFile.get(path) ?? []).reduce((sum, episode) => sum + episode.length, 0);
  const byFile = dataset.version !== 'v3.0' && paths.every((path) => perFile.get(path)?.length === 1);
  const sampled = selected.length < dataset.episodes.length;
  return {
    dataset,
    selected,
    plan,
    params,
    metadataFindings: new Map(),
    dataFiles: paths.map((path) => ({ path, local: files.localPath(path), expectedRows: rowsOf(path) })),
    fileEpisodes: byFile ? new Map(paths.map((path) => [path, (perFile.get(path) as EpisodeRecord[])[0]])) : null,
    filter: sampled && !byFile ? selected.map((episode) => episode.index) : undefined,
    expectedRows: selected.reduce((sum, episode) => sum + episode.length, 0),
  };
}

/**
 * The quality analysis of `evaluate_quality_heuristics` (docs: quality-metrics.md): one streaming pass over
 * the data files for the per-episode metrics, then a pass over the per-episode summaries for the
 * dataset-relative thresholds, scores and verdicts. `progress` advances with the data files read.
 */
export async function evaluateQuality(
  dataset: LeRobotDataset,
  files: DatasetFiles,
  parameters: Record<string, unknown> = {},
  report: (fraction: number) => Promise<void> = async () => undefined,
): Promise<QualityReport> {
  const setup = planPass(dataset, files, parameters);
  const { params, plan } = setup;
  const metadata = checkMetadata(dataset);
  setup.metadataFindings = metadata.episodes;
  const notes = [...plan.skipped];
  const progress = new Progress(report);
  const locals = setup.dataFiles.flatMap((file) => (file.local ? [file.local] : []));

  const stats = await statsRanges(dataset, files, plan);
  let pass: FramePass | null = stats ? await runFramePass(setup, stats.ranges, stats, progress) : null;
  if (!pass) {
    if (stats) notes.push('The metadata min/max of some episode disagree with its data: the normalisation ranges were read from the data instead.');
    progress.restart();
    pass = (await runFramePass(setup, await dataRanges(plan, locals), null, progress)) as FramePass;
  }
  const summaries = pass.finish();

  markDuplicates(summaries, (summary) => taskText(summary.record));
  const isHard = (draft: Draft) => draft.level === EvidenceLevel.Hard;
  const context: DatasetContext = {
    dataset,
    summaries,
    fit: summaries.filter((summary) => summary.rows > 0 && !summary.findings.some(isHard)),
    plan,
    params,
    fps: dataset.info.fps,
    discrete: discreteSlots(summaries, plan.dims.length),
    findings: [...metadata.dataset, ...pass.findings],
    fitted: {},
    notes,
  };
  for (const step of [flagJumps, flagGrippers, flagJerk, flagSmoothness, flagLengths, flagPolicyWindow, flagTasks, flagConstantDimensions, flagClipping, flagOperatorDrift, noteLengthConfound]) {
    step(context);
  }

  const synthetic = summaries.filter((summary) => (summary.metrics.timestamp_jitter ?? Infinity) < params.synthetic_jitter).length;
  if (synthetic > 0) {
    notes.push(`Timestamps look synthetic (std(Δt) under ${params.synthetic_jitter} × 1/fps, written from the frame index) in ${synthetic} of ${summaries.length} episodes: the timing metrics only check the written values there.`);
  }
  if (setup.selected.length < dataset.episodes.length) {
    notes.push(`Analysed a sample of ${setup.selected.length} of ${dataset.episodes.length} episodes, spread evenly over the dataset.`);
  }
  const episodes = summaries.map((summary) => scoreEpisode(summary, params, taskText(summary.record), dataset.info.fps));
  const result: QualityReport = {
    summary: summarise({
      codebaseVersion: dataset.info.codebase_version,
      fps: dataset.info.fps,
      features: plan.features.map((feature) => feature.key),
      episodesTotal: dataset.episodes.length,
      framesAnalysed: summaries.reduce((sum, summary) => sum + summary.rows, 0),
      episodes,
      // Dataset-level findings flag no episode, so they cost no score.
      findings: context.findings.map((draft) => ({ ...finalise(draft, params), severity: 0 })),
      fitted: context.fitted,
      notes,
    }),
    episodes,
  };
  await progress.at(1);
  return result;
}
