import { aggregateEpisodeStats } from './aggregate';
import { datasetCard } from './card';
import { featuresJson, splitsJson, type VideoInfo } from './info';
import { videoFeatures, type DatasetModel } from './model';
import { DatasetOutput, type WrittenDataset } from './output';
import { pyFloat, pyJsonDumps, type PyValue } from './py-json';
import { episodesStats, statsJson } from './stats';
import { DATA_PATH, writeDataFiles } from './v30-data';
import { writeEpisodesMetadata, writeTasks } from './v30-episodes';
import { VIDEO_PATH, writeVideoFiles } from './v30-videos';

/**
 * LeRobot v3.0 layout (format doc §2.3) as the LeRobot 0.4.x recorder leaves it after `finalize()`: many episodes
 * per data parquet and per mp4, one metadata row per episode in meta/episodes, tasks in meta/tasks.parquet and
 * the running aggregate of the episode stats in meta/stats.json. An empty dataset is just info.json (and the card),
 * as `LeRobotDataset.create` leaves it.
 */
export async function writeV30(dir: string, model: DatasetModel): Promise<WrittenDataset> {
  const out = new DatasetOutput(dir);
  // Encoding runs in ffmpeg processes, so the tables are written meanwhile.
  const [videos, data] = await Promise.all([writeVideoFiles(out, model), writeDataFiles(out, model)]);
  if (model.episodes.length > 0) {
    const stats = episodesStats(model, 'v3.0');
    await writeTasks(out, model);
    await writeEpisodesMetadata(out, model, { data, videos: videos.placements, stats });
    await out.write('meta/stats.json', pyJsonDumps(statsJson(aggregateEpisodeStats(stats)!), { indent: 4, ensureAscii: false }));
  }
  const info = infoJson(model, videos.info);
  const infoText = pyJsonDumps(info, { indent: 4, ensureAscii: false });
  await out.write('meta/info.json', infoText);
  await out.write('README.md', datasetCard(info, model.spec.version));
  return { infoJson: infoText, files: out.files };
}

/** LeRobot 0.4's `create_empty_dataset_info` key order, without v2's total_videos/total_chunks. */
function infoJson(model: DatasetModel, videoInfo: Map<string, VideoInfo>): PyValue {
  const { spec } = model;
  // Python keeps the type the caller passed: ints stay ints, a fractional size is a float.
  const size = (mb: number): PyValue => (Number.isInteger(mb) ? mb : pyFloat(mb));
  return {
    codebase_version: 'v3.0',
    robot_type: spec.robotType,
    total_episodes: model.episodes.length,
    total_frames: model.totalFrames,
    total_tasks: model.tasks.length,
    chunks_size: spec.chunksSize,
    data_files_size_in_mb: size(spec.dataFilesSizeInMb),
    video_files_size_in_mb: size(spec.videoFilesSizeInMb),
    fps: spec.fps,
    splits: splitsJson(model),
    data_path: DATA_PATH,
    video_path: videoFeatures(model).length > 0 ? VIDEO_PATH : null,
    features: featuresJson(model, videoInfo),
  };
}
