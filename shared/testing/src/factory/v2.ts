import { join } from 'node:path';
import { datasetCard } from './card';
import { declaredVideoInfo, featuresJson, splitsJson, type VideoInfo } from './info';
import { episodeChunk, frameFeatures, videoFeatures, type DatasetModel } from './model';
import { DatasetOutput, type WrittenDataset } from './output';
import { episodeColumns, frameTableWriter } from './parquet';
import { pyJsonDumps, pyJsonLines, type PyValue } from './py-json';
import { formatTemplate } from './template';
import { episodeClip, writeClips } from './video';
import { probeVideoInfo } from './video-info';

/**
 * LeRobot v2.x layout (format doc §2.2): per-episode parquet and mp4 files plus jsonl metadata. v2.0 and v2.1
 * differ only in their stats file (v20.ts, v21.ts) and in `codebase_version`.
 */

const DATA_PATH = 'data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet';
const VIDEO_PATH = 'videos/chunk-{episode_chunk:03d}/{video_key}/episode_{episode_index:06d}.mp4';

/** The HF `datasets` writer's batch size: v2.x frame tables come in row groups of 1000 rows. */
const HF_ROW_GROUP_SIZE = 1000;

/** A version's stats file: its path and text. */
export type StatsFile = (model: DatasetModel) => { path: string; content: string };

export async function writeV2(dir: string, model: DatasetModel, statsFile: StatsFile): Promise<WrittenDataset> {
  const out = new DatasetOutput(dir);
  const writeFrameTables = async (): Promise<void> => {
    const frames = frameFeatures(model);
    for (const episode of model.episodes) {
      const path = formatTemplate(DATA_PATH, { episode_chunk: episodeChunk(model, episode.episodeIndex), episode_index: episode.episodeIndex });
      // datasets 3.x (LeRobot ≤ 0.3) names fixed-length lists `Sequence`.
      const table = frameTableWriter(frames, { listType: 'Sequence' });
      table.append(episodeColumns(frames, episode), HF_ROW_GROUP_SIZE);
      await out.write(path, table.finish());
    }
  };
  // Encoding runs in ffmpeg processes, so the tables are written meanwhile.
  const [videoInfo] = await Promise.all([writeVideos(out, model), writeFrameTables()]);

  const info = infoJson(model, videoInfo);
  const infoText = pyJsonDumps(info, { indent: 4, ensureAscii: false });
  await out.write('meta/info.json', infoText);
  const episodes = model.episodes.map((e) => ({ episode_index: e.episodeIndex, tasks: e.tasks, length: e.length }));
  await out.write('meta/episodes.jsonl', pyJsonLines(episodes));
  await out.write('meta/tasks.jsonl', pyJsonLines(model.tasks.map((task, taskIndex) => ({ task_index: taskIndex, task }))));
  const stats = statsFile(model);
  await out.write(stats.path, stats.content);
  await out.write('README.md', datasetCard(info, model.spec.version));
  return { infoJson: infoText, files: out.files };
}

/** Writes every episode's mp4 per camera and returns each camera's `info` block (absent with no episodes). */
async function writeVideos(out: DatasetOutput, model: DatasetModel): Promise<Map<string, VideoInfo>> {
  const { spec } = model;
  const infoBlocks = new Map<string, VideoInfo>();
  if (model.episodes.length === 0) return infoBlocks;
  const cameras = videoFeatures(model);
  if (!spec.videos) {
    // Declared-only cameras: describe what would have been encoded.
    for (const camera of cameras) infoBlocks.set(camera.key, declaredVideoInfo(model, camera));
    return infoBlocks;
  }
  const requests = cameras.flatMap((camera) =>
    model.episodes.map((episode) => {
      const chunk = episodeChunk(model, episode.episodeIndex);
      const path = formatTemplate(VIDEO_PATH, { episode_chunk: chunk, video_key: camera.key, episode_index: episode.episodeIndex });
      return { path, clip: episodeClip(model, camera, episode), dest: out.path(path) };
    }),
  );
  await out.prepare(requests.map((r) => r.path));
  await writeClips(requests);
  // LeRobot probes episode 0's video once and assumes every episode was encoded the same way.
  for (const { key } of cameras) {
    const episode0 = formatTemplate(VIDEO_PATH, { episode_chunk: 0, video_key: key, episode_index: 0 });
    infoBlocks.set(key, await probeVideoInfo(join(out.dir, episode0), 'v2'));
  }
  return infoBlocks;
}

function infoJson(model: DatasetModel, videoInfo: Map<string, VideoInfo>): PyValue {
  const { spec, episodes } = model;
  const cameras = videoFeatures(model).length;
  return {
    codebase_version: spec.version,
    robot_type: spec.robotType,
    total_episodes: episodes.length,
    total_frames: model.totalFrames,
    total_tasks: model.tasks.length,
    total_videos: episodes.length * cameras,
    total_chunks: episodes.length === 0 ? 0 : episodeChunk(model, episodes.length - 1) + 1,
    chunks_size: spec.chunksSize,
    fps: spec.fps,
    splits: splitsJson(model),
    data_path: DATA_PATH,
    video_path: cameras > 0 ? VIDEO_PATH : null,
    features: featuresJson(model, videoInfo),
  };
}
