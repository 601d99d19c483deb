import { EvidenceLevel, QualityProfile, QualityReport } from '@robokit/api';
import { DatasetFiles, LeRobotDataset } from '../dataset';
import { readDatasetStats } from '../stats';
import { videoCameraKeys } from '../video-checks';
import { noteLengthConfound } from './dataset/confound';
import { DatasetContext } from './dataset/context';
import { noteCoverage } from './dataset/coverage';
import { discreteSlots, flagClipping, flagConstantDimensions, flagOperatorDrift } from './dataset/dimensions';
import { flagEndPoses } from './dataset/end-pose';
import { flagGrippers } from './dataset/grippers';
import { flagJumps } from './dataset/jumps';
import { flagLengths, flagPolicyWindow } from './dataset/lengths';
import { flagJerk, flagSmoothness } from './dataset/relative';
import { flagDatasetStats } from './dataset/stats';
import { readSuccess } from './dataset/success';
import { flagTasks, taskText } from './dataset/tasks';
import { flagTrajectories } from './dataset/trajectories';
import { Draft } from './findings';
import { FramePass, PassSetup, Progress, runFramePass } from './frame-pass';
import { markDuplicates } from './metrics/duplicates';
import { checkMetadata } from './metrics/integrity';
import { planPass } from './plan-pass';
import { compareWithProfile } from './profile';
import { dataRanges, statsRanges } from './ranges';
import { checkSchemas, measureSchemas } from './schema';
import { finalise, scoreEpisode } from './score';
import { openSideMetrics } from './side-metrics';
import { summarise } from './summary';
import { analyseVideos } from './video/analyse-videos';

/** HARD findings about stored metadata, not the frames: they do not keep an episode out of the fits. */
const METADATA_ONLY = new Set(['stats_drift']);

/** Findings of the metadata and of the files' schemas, on the episodes they concern. */
async function metadataFindings(setup: PassSetup): Promise<Draft[]> {
  const { dataset } = setup;
  const metadata = checkMetadata(dataset);
  const schemas = await checkSchemas(dataset.info, setup.dataFiles);
  for (const episode of setup.selected) {
    const drafts = [...(metadata.episodes.get(episode.index) ?? []), ...(schemas.files.get(episode.dataFile) ?? [])];
    if (drafts.length > 0) setup.metadataFindings.set(episode.index, drafts);
  }
  return [...metadata.dataset, ...schemas.dataset];
}

/** How a quality analysis runs, beside what it analyses. */
export interface QualityRun {
  /** Advances with the data files read, then with the episodes' videos decoded. */
  report?: (fraction: number) => Promise<void>;
  /** The `summary.fitted` of a known good dataset, saved under a name: its anchors replace this dataset's fits. */
  profile?: QualityProfile | null;
  /** Stops the analysis where it is, a video decode included: it rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * The quality analysis of `evaluate_quality_heuristics` (docs: quality-metrics.md): one streaming pass over
 * the data files for the per-episode metrics, then a pass over the per-episode summaries for the
 * dataset-relative thresholds, scores and verdicts. With a profile, the summary says which of its anchors
 * drifted.
 */
export async function evaluateQuality(
  dataset: LeRobotDataset,
  files: DatasetFiles,
  parameters: Record<string, unknown> = {},
  { report = async () => undefined, profile = null, signal }: QualityRun = {},
): Promise<QualityReport> {
  const setup = await planPass(dataset, files, parameters);
  const { params, plan } = setup;
  const datasetFindings = await metadataFindings(setup);
  const notes = [...plan.skipped];
  // Decoding video takes as long as the frame pass or longer: with videos to decode, each shows half the bar.
  const framesShare = params.video_metrics && videoCameraKeys(dataset.info).length > 0 ? 0.5 : 1;
  const progress = new Progress((fraction) => report(framesShare * fraction));
  const videoProgress = new Progress((fraction) => report(framesShare + (1 - framesShare) * fraction));
  const locals = setup.dataFiles.flatMap((file) => (file.local ? [file.local] : []));

  const stats = statsRanges(dataset, plan, setup.episodeStats);
  const side = openSideMetrics({ plan, params, fps: dataset.info.fps });
  let pass: FramePass | null;
  try {
    pass = stats ? await runFramePass(setup, stats.ranges, stats, progress, side, signal) : null;
    if (!pass) {
      if (stats) notes.push('The metadata min/max of some episode disagree with its data: the normalisation ranges were read from the data instead.');
      progress.restart();
      pass = (await runFramePass(setup, await dataRanges(plan, locals), null, progress, side, signal)) as FramePass;
    }
  } finally {
    await side.close();
  }
  const summaries = pass.finish();

  markDuplicates(summaries, (summary) => taskText(summary.record));
  const breaksData = (draft: Draft) => draft.level === EvidenceLevel.Hard && !METADATA_ONLY.has(draft.metric);
  const readable = setup.dataFiles.flatMap((file) => (file.local ? [{ local: file.local, episode: setup.fileEpisodes?.get(file.path)?.index ?? null }] : []));
  const context: DatasetContext = {
    dataset,
    summaries,
    fit: summaries.filter((summary) => summary.rows > 0 && !summary.findings.some(breaksData)),
    plan,
    params,
    fps: dataset.info.fps,
    ranges: pass.ranges,
    stats: { episodes: setup.episodeStats, dataset: dataset.version === 'v2.1' ? null : await readDatasetStats(files).catch(() => null) },
    success: await readSuccess(dataset.info, params, readable),
    discrete: discreteSlots(summaries, plan.dims.length),
    findings: [...datasetFindings, ...pass.findings],
    fitted: {},
    profile,
    notes,
    signal,
  };
  const steps = [
    flagJumps, flagGrippers, flagJerk, flagSmoothness, flagLengths, flagPolicyWindow, flagTasks, flagEndPoses, flagTrajectories, noteCoverage,
    measureSchemas, flagDatasetStats, flagConstantDimensions, flagClipping, flagOperatorDrift, noteLengthConfound,
  ];
  for (const step of steps) step(context);
  await analyseVideos(context, files, setup.selected, (fraction) => videoProgress.at(fraction));

  const synthetic = summaries.filter((summary) => (summary.metrics.timestamp_jitter ?? Infinity) < params.synthetic_jitter).length;
  if (synthetic > 0) {
    notes.push(`Timestamps look synthetic (std(Δt) under ${params.synthetic_jitter} × 1/fps, written from the frame index) in ${synthetic} of ${summaries.length} episodes: the timing metrics only check the written values there.`);
  }
  if (setup.selected.length < dataset.episodes.length) {
    notes.push(`Analysed a sample of ${setup.selected.length} of ${dataset.episodes.length} episodes, spread evenly over the dataset.`);
  }
  const comparison = profile ? compareWithProfile(profile, context.fitted, params.profile_drift) : null;
  if (comparison) {
    const drifted = comparison.anchors.filter((entry) => entry.drifted).map((entry) => entry.key);
    notes.push(`Thresholds taken from the profile "${comparison.name}"; ${drifted.length} of its ${comparison.anchors.length} anchors drifted by more than ${100 * params.profile_drift} % here${drifted.length > 0 ? `: ${drifted.join(', ')}` : ''}.`);
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
      profile: comparison,
      notes,
    }),
    episodes,
  };
  await videoProgress.at(1);
  return result;
}
