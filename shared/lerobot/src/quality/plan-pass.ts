import { DatasetFiles, EpisodeRecord, LeRobotDataset } from '../dataset';
import { readEpisodeStats } from '../stats';
import { videoCameraKeys } from '../video-checks';
import { taskKey } from './dataset/task-groups';
import { PassSetup } from './frame-pass';
import { listParameter, resolveQualityParameters } from './parameters';
import { median } from './robust';
import { planSignals, SignalPlan } from './signals';

/** At most `limit` episodes spread evenly over the dataset (0 = all), so a sample covers every session. */
export function sampleEpisodes(episodes: EpisodeRecord[], limit: number): EpisodeRecord[] {
  if (limit <= 0 || limit >= episodes.length) return episodes;
  if (limit === 1) return [episodes[0]];
  const picked = new Set<number>();
  for (let i = 0; i < limit; i += 1) picked.add(Math.round((i * (episodes.length - 1)) / (limit - 1)));
  return [...picked].sort((a, b) => a - b).map((position) => episodes[position]);
}

/**
 * The data and video files the analysis reads with these parameters: those of the sampled episodes only, and
 * videos only when the video metrics are on. A job downloads just these.
 */
export function qualityInputs(dataset: LeRobotDataset, parameters: Record<string, unknown>): string[] {
  const params = resolveQualityParameters(parameters);
  const cameras = params.video_metrics ? videoCameraKeys(dataset.info) : [];
  const paths = sampleEpisodes(dataset.episodes, params.episode_sample).flatMap((episode) => [
    episode.dataFile,
    ...cameras.flatMap((camera) => episode.videos[camera]?.file ?? []),
  ]);
  return [...new Set(paths)].sort();
}

/** Each episode is resampled to the median length of its task (from the metadata), at most `cap` points. */
function trajectoryPoints(selected: EpisodeRecord[], cap: number): Map<number, number> {
  const lengths = new Map<string, number[]>();
  for (const episode of selected) {
    const key = taskKey({ record: episode });
    lengths.set(key, [...(lengths.get(key) ?? []), episode.length]);
  }
  const points = new Map([...lengths].map(([key, list]) => [key, Math.max(2, Math.min(cap, Math.round(median(list))))]));
  return new Map(selected.map((episode) => [episode.index, points.get(taskKey({ record: episode })) as number]));
}

/** Stored per-episode stats, or why there are none. */
async function episodeStats(dataset: LeRobotDataset, files: DatasetFiles, plan: SignalPlan): Promise<Pick<PassSetup, 'episodeStats' | 'episodeStatsAbsent'>> {
  if (dataset.version === 'v2.0') return { episodeStats: null, episodeStatsAbsent: 'v2.0 keeps only dataset stats (meta/stats.json, compared in the summary)' };
  try {
    const features = plan.features.map((feature) => feature.key);
    return { episodeStats: await readEpisodeStats(dataset, files, features), episodeStatsAbsent: 'the dataset has no per-episode stats' };
  } catch (error) {
    return { episodeStats: null, episodeStatsAbsent: `the per-episode stats cannot be read (${(error as Error).message})` };
  }
}

/** Which files to read, in sorted path order, how their rows map to episodes, and what each episode is compared with. */
export async function planPass(dataset: LeRobotDataset, files: DatasetFiles, parameters: Record<string, unknown>): Promise<PassSetup> {
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
    ...(await episodeStats(dataset, files, plan)),
    trajectoryPoints: trajectoryPoints(selected, params.trajectory_points),
    dataFiles: paths.map((path) => ({ path, local: files.localPath(path), expectedRows: rowsOf(path) })),
    fileEpisodes: byFile ? new Map(paths.map((path) => [path, (perFile.get(path) as EpisodeRecord[])[0]])) : null,
    filter: sampled && !byFile ? selected.map((episode) => episode.index) : undefined,
    expectedRows: selected.reduce((sum, episode) => sum + episode.length, 0),
  };
}
