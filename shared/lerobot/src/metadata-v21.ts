import { DatasetMetadata, ErrorCode, FeatureInfo, RepoFileInfo, TaskInfo } from '@robokit/api';
import { describeCamera, isCamera } from './cameras';
import { LeRobotFormatError } from './format-error';
import { LeRobotInfo } from './info';
import { parseJsonLines } from './jsonl';
import { normaliseNames } from './names';
import { summariseLengths } from './summary';

/** Reads a text file of the dataset; null when the file does not exist. */
export type ReadText = (path: string) => Promise<string | null>;

/** Columns every LeRobot frame table has; they describe indexing, not the robot. */
export const DEFAULT_FEATURES = ['timestamp', 'frame_index', 'episode_index', 'index', 'task_index'];

export const V21_META_FILES = { episodes: 'meta/episodes.jsonl', tasks: 'meta/tasks.jsonl' } as const;

interface EpisodeLine {
  episode_index: number;
  length: number;
}

interface TaskLine {
  task_index: number;
  task: string;
}

async function required(readText: ReadText, path: string): Promise<string> {
  const text = await readText(path);
  if (text === null) throw new LeRobotFormatError(ErrorCode.MetadataMissing, `${path} is missing; a v2.1 dataset lists its episodes and tasks there.`, { path });
  return text;
}

function episodesOf(text: string): EpisodeLine[] {
  const rows = parseJsonLines<Partial<EpisodeLine>>(V21_META_FILES.episodes, text);
  rows.forEach((row, line) => {
    if (!Number.isInteger(row.episode_index) || !Number.isInteger(row.length) || (row.length as number) < 0) {
      throw new LeRobotFormatError(ErrorCode.MetadataInvalid, `${V21_META_FILES.episodes} entry ${line + 1} needs whole-number episode_index and length.`, { path: V21_META_FILES.episodes });
    }
  });
  return (rows as EpisodeLine[]).sort((a, b) => a.episode_index - b.episode_index);
}

function tasksOf(text: string): TaskInfo[] {
  return parseJsonLines<Partial<TaskLine>>(V21_META_FILES.tasks, text)
    .map((row, line) => {
      if (!Number.isInteger(row.task_index) || typeof row.task !== 'string') {
        throw new LeRobotFormatError(ErrorCode.MetadataInvalid, `${V21_META_FILES.tasks} entry ${line + 1} needs task_index and task.`, { path: V21_META_FILES.tasks });
      }
      return { taskIndex: row.task_index as number, task: row.task };
    })
    .sort((a, b) => a.taskIndex - b.taskIndex);
}

/** Metadata of a v2.x dataset from its meta files and its file listing (no frame data is read). */
export async function readV21Metadata(info: LeRobotInfo, readText: ReadText, files: RepoFileInfo[]): Promise<DatasetMetadata> {
  const episodes = episodesOf(await required(readText, V21_META_FILES.episodes));
  const tasks = tasksOf(await required(readText, V21_META_FILES.tasks));
  const notes: string[] = [];
  const features: FeatureInfo[] = [];
  const cameras = [];
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
    tasks,
    cameras,
    features,
    episodeLengths: summariseLengths(episodes.map((episode) => episode.length)),
    sizeBytes: files.reduce((sum, file) => sum + file.size, 0),
    fileCount: files.length,
    files,
    notes,
  };
}
