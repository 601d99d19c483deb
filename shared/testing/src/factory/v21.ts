import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { datasetCard } from './card';
import { episodeChunk, frameFeatures, videoFeatures, type DatasetModel, type Feature } from './model';
import { frameTableParquet } from './parquet';
import { pyJsonDumps, pyJsonLines, type PyValue } from './py-json';
import { episodesStats } from './stats';
import { formatTemplate } from './template';
import { probeVideoInfo, videoInfoBlock, writeClips } from './video';

/** LeRobot v2.1 layout (format doc §2.2): per-episode parquet and mp4 files plus jsonl metadata. */

const DATA_PATH = 'data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet';
const VIDEO_PATH = 'videos/chunk-{episode_chunk:03d}/{video_key}/episode_{episode_index:06d}.mp4';

type VideoInfo = Record<string, PyValue>;

export interface WrittenDataset {
  /** info.json text as written. */
  infoJson: string;
  /** Repo-relative paths. */
  files: string[];
}

export async function writeV21(dir: string, model: DatasetModel): Promise<WrittenDataset> {
  const files: string[] = [];
  const write = async (path: string, content: string | Uint8Array): Promise<void> => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
    files.push(path);
  };

  const writeFrameTables = async (): Promise<void> => {
    const frames = frameFeatures(model);
    for (const episode of model.episodes) {
      const path = formatTemplate(DATA_PATH, { episode_chunk: episodeChunk(model, episode.episodeIndex), episode_index: episode.episodeIndex });
      await write(path, frameTableParquet(frames, episode));
    }
  };
  // Encoding runs in ffmpeg processes, so the tables are written meanwhile.
  const [videoInfo] = await Promise.all([writeVideos(dir, model, files), writeFrameTables()]);

  const info = infoJson(model, videoInfo);
  const infoText = pyJsonDumps(info, { indent: 4, ensureAscii: false });
  await write('meta/info.json', infoText);
  const episodes = model.episodes.map((e) => ({ episode_index: e.episodeIndex, tasks: e.tasks, length: e.length }));
  await write('meta/episodes.jsonl', pyJsonLines(episodes));
  await write('meta/tasks.jsonl', pyJsonLines(model.tasks.map((task, taskIndex) => ({ task_index: taskIndex, task }))));
  const stats = episodesStats(model);
  await write('meta/episodes_stats.jsonl', pyJsonLines(model.episodes.map((e, i) => ({ episode_index: e.episodeIndex, stats: stats[i] }))));
  await write('README.md', datasetCard(info));
  return { infoJson: infoText, files };
}

/** Writes every episode's mp4 per camera and returns each camera's `info` block (absent with no episodes). */
async function writeVideos(dir: string, model: DatasetModel, files: string[]): Promise<Map<string, VideoInfo>> {
  const { spec } = model;
  const infoBlocks = new Map<string, VideoInfo>();
  if (model.episodes.length === 0) return infoBlocks;
  const cameras = videoFeatures(model);
  if (!spec.videos) {
    // Declared-only cameras: describe what would have been encoded.
    for (const { key, camera } of cameras) {
      const { width, height } = camera;
      const codec = spec.videoCodec;
      infoBlocks.set(key, videoInfoBlock({ fps: spec.fps, width, height, codec, pixFmt: 'yuv420p', hasAudio: false }));
    }
    return infoBlocks;
  }
  const requests = cameras.flatMap(({ key, camera }) =>
    model.episodes.map((episode) => {
      const chunk = episodeChunk(model, episode.episodeIndex);
      const path = formatTemplate(VIDEO_PATH, { episode_chunk: chunk, video_key: key, episode_index: episode.episodeIndex });
      const clip = { width: camera.width, height: camera.height, fps: spec.fps, frames: episode.length, codec: spec.videoCodec };
      return { path, clip, dest: join(dir, path) };
    }),
  );
  await Promise.all([...new Set(requests.map((r) => dirname(r.dest)))].map((d) => mkdir(d, { recursive: true })));
  await writeClips(requests);
  files.push(...requests.map((r) => r.path));
  // LeRobot probes episode 0's video once and assumes every episode was encoded the same way.
  for (const { key } of cameras) {
    const episode0 = formatTemplate(VIDEO_PATH, { episode_chunk: 0, video_key: key, episode_index: 0 });
    infoBlocks.set(key, await probeVideoInfo(join(dir, episode0)));
  }
  return infoBlocks;
}

function infoJson(model: DatasetModel, videoInfo: Map<string, VideoInfo>): PyValue {
  const { spec, episodes } = model;
  const cameras = videoFeatures(model).length;
  return {
    codebase_version: 'v2.1',
    robot_type: spec.robotType,
    total_episodes: episodes.length,
    total_frames: model.totalFrames,
    total_tasks: model.tasks.length,
    total_videos: episodes.length * cameras,
    total_chunks: episodes.length === 0 ? 0 : episodeChunk(model, episodes.length - 1) + 1,
    chunks_size: spec.chunksSize,
    fps: spec.fps,
    // LeRobot writes {} until the first episode is saved.
    splits: episodes.length === 0 ? {} : { train: `0:${episodes.length}` },
    data_path: DATA_PATH,
    video_path: cameras > 0 ? VIDEO_PATH : null,
    features: Object.fromEntries(model.features.map((f) => [f.key, featureJson(f, videoInfo.get(f.key))])),
  };
}

function featureJson(feature: Feature, videoInfo: VideoInfo | undefined): PyValue {
  if (feature.kind === 'frame') {
    return { dtype: feature.dtype, shape: [feature.width], names: feature.names };
  }
  const { width, height } = feature.camera;
  const json: Record<string, PyValue> = { dtype: 'video', shape: [height, width, 3], names: ['height', 'width', 'channels'] };
  if (videoInfo) json.info = videoInfo;
  return json;
}
