import { createRng, RngStream } from './random';
import type { CameraSpec, ResolvedSpec } from './dataset-spec';
import { episodeTrajectory, robotProfile } from './trajectory';

/**
 * The dataset in memory, independent of any on-disk version: the features in LeRobot's order and every
 * episode's frame columns. Version writers (v20.ts, v21.ts, v30.ts) derive everything else (file layout,
 * stats) from it, so a test can alter the model before writing to get a consistently defective dataset.
 */

/** dtype of the recorder's in-memory episode buffer, which is what LeRobot computes episode stats from. */
export type BufferDtype = 'float32' | 'float64' | 'int64';

export interface FrameFeature {
  kind: 'frame';
  key: string;
  dtype: 'float32' | 'int64';
  width: number;
  names: string[] | null;
  buffer: BufferDtype;
}

export interface VideoFeature {
  kind: 'video';
  key: string;
  camera: CameraSpec;
}

export type Feature = FrameFeature | VideoFeature;

export interface EpisodeData {
  episodeIndex: number;
  length: number;
  tasks: string[];
  /** Frame features' values, row-major (length × width), exactly as the recorder buffered them. */
  columns: Record<string, Float64Array>;
}

export interface DatasetModel {
  spec: ResolvedSpec;
  /** User features, then cameras, then LeRobot's default features (the info.json and parquet column order). */
  features: Feature[];
  /** Tasks in task_index order (order of first use, as LeRobot assigns them). */
  tasks: string[];
  episodes: EpisodeData[];
  totalFrames: number;
}

export function buildDatasetModel(spec: ResolvedSpec): DatasetModel {
  const vector = (key: string): FrameFeature => ({
    kind: 'frame', key, dtype: 'float32', width: spec.jointNames.length, names: spec.jointNames, buffer: 'float32',
  });
  const scalar = (key: string, dtype: 'float32' | 'int64', buffer: BufferDtype): FrameFeature => ({
    kind: 'frame', key, dtype, width: 1, names: null, buffer,
  });
  // SO-100 recordings list action before observation.state (the robot's motor_features order).
  const features: Feature[] = [
    vector('action'),
    vector('observation.state'),
    ...spec.cameras.map((camera): VideoFeature => ({ kind: 'video', key: camera.key, camera })),
    // The recorder buffers timestamps as Python floats (float64) and only stores them as float32.
    scalar('timestamp', 'float32', 'float64'),
    scalar('frame_index', 'int64', 'int64'),
    scalar('episode_index', 'int64', 'int64'),
    scalar('index', 'int64', 'int64'),
    scalar('task_index', 'int64', 'int64'),
  ];

  const profile = robotProfile(createRng(spec.seed, RngStream.robot), spec.jointNames.length);
  const episodes: EpisodeData[] = [];
  let totalFrames = 0;
  spec.episodeLengths.forEach((length, episodeIndex) => {
    const taskIndex = episodeIndex % spec.tasks.length;
    const rng = createRng(spec.seed, RngStream.episode, episodeIndex);
    const { action, state } = episodeTrajectory(profile, rng, length, spec.fps);
    const frameIndex = Float64Array.from({ length }, (_, i) => i);
    episodes.push({
      episodeIndex,
      length,
      tasks: [spec.tasks[taskIndex]],
      columns: {
        action: Float64Array.from(action),
        'observation.state': Float64Array.from(state),
        timestamp: frameIndex.map((i) => i / spec.fps),
        frame_index: frameIndex,
        episode_index: new Float64Array(length).fill(episodeIndex),
        index: frameIndex.map((i) => totalFrames + i),
        task_index: new Float64Array(length).fill(taskIndex),
      },
    });
    totalFrames += length;
  });

  return {
    spec,
    features,
    tasks: spec.tasks.slice(0, Math.min(spec.tasks.length, episodes.length)),
    episodes,
    totalFrames,
  };
}

export const frameFeatures = (model: DatasetModel): FrameFeature[] =>
  model.features.filter((f): f is FrameFeature => f.kind === 'frame');

export const videoFeatures = (model: DatasetModel): VideoFeature[] =>
  model.features.filter((f): f is VideoFeature => f.kind === 'video');

export const episodeChunk = (model: DatasetModel, episodeIndex: number): number =>
  Math.floor(episodeIndex / model.spec.chunksSize);

/**
 * Which synthetic frame the episode's i-th video frame shows. v2.x clips are one per episode and start at frame 0;
 * v3.0 files concatenate episodes, so their frames carry the global `index` (the counter strip then reads the
 * row's `index`, and every episode's picture differs).
 */
export function videoFrameIndex(model: DatasetModel, episode: EpisodeData, i: number): number {
  return model.spec.version === 'v3.0' ? episode.columns.index[0] + i : i;
}
