import { CameraInfo, DatasetMetadata, FeatureInfo, RepoFileInfo } from '@robokit/api';
import { describeCamera, isCamera } from './cameras';
import { LeRobotDataset } from './dataset';
import { normaliseNames } from './names';
import { summariseLengths } from './summary';

/** Columns every LeRobot frame table has; they describe indexing, not the robot. */
export const DEFAULT_FEATURES = ['timestamp', 'frame_index', 'episode_index', 'index', 'task_index'];

/** What a user wants to know about a dataset, from its metadata and its file listing (no frame is read). */
export function describeDataset(dataset: LeRobotDataset, files: RepoFileInfo[]): DatasetMetadata {
  const { info } = dataset;
  const notes: string[] = [];
  const features: FeatureInfo[] = [];
  const cameras: CameraInfo[] = [];
  for (const [key, feature] of Object.entries(info.features)) {
    if (isCamera(feature)) {
      cameras.push(describeCamera(key, feature));
      continue;
    }
    if (DEFAULT_FEATURES.includes(key)) continue;
    const { names, note } = normaliseNames(feature.names);
    if (note) notes.push(`${key}: ${note}`);
    features.push({ key, dtype: feature.dtype, shape: feature.shape, names });
  }
  return {
    codebaseVersion: info.codebase_version,
    robotType: info.robot_type,
    fps: info.fps,
    totalEpisodes: info.total_episodes,
    totalFrames: info.total_frames,
    totalTasks: info.total_tasks,
    chunksSize: typeof info.chunks_size === 'number' ? info.chunks_size : null,
    tasks: dataset.tasks,
    cameras,
    features,
    episodeLengths: summariseLengths(dataset.episodes.map((episode) => episode.length)),
    sizeBytes: files.reduce((sum, file) => sum + file.size, 0),
    fileCount: files.length,
    files,
    notes,
  };
}
