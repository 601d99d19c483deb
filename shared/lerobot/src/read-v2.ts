import { ErrorCode, TaskInfo } from '@robokit/api';
import { isCamera } from './cameras';
import { DatasetFiles, EpisodeRecord } from './dataset';
import { LeRobotFormatError } from './format-error';
import { LeRobotInfo } from './info';
import { parseJsonLines } from './jsonl';
import { formatTemplate } from './template';

export const V2_META = { episodes: 'meta/episodes.jsonl', tasks: 'meta/tasks.jsonl' } as const;

interface EpisodeLine {
  episode_index: number;
  length: number;
  tasks?: unknown;
}

async function required(files: DatasetFiles, path: string): Promise<string> {
  const text = await files.readText(path);
  if (text === null) throw new LeRobotFormatError(ErrorCode.MetadataMissing, `${path} is missing; a v2.x dataset lists its episodes and tasks there.`, { path });
  return text;
}

function invalidEntry(path: string, line: number, what: string): LeRobotFormatError {
  return new LeRobotFormatError(ErrorCode.MetadataInvalid, `${path} entry ${line} ${what}.`, { path, line });
}

export async function readV2Tasks(files: DatasetFiles): Promise<TaskInfo[]> {
  return parseJsonLines<{ task_index?: unknown; task?: unknown }>(V2_META.tasks, await required(files, V2_META.tasks))
    .map((row, line) => {
      if (!Number.isInteger(row.task_index) || typeof row.task !== 'string') throw invalidEntry(V2_META.tasks, line + 1, 'needs task_index and task');
      return { taskIndex: row.task_index as number, task: row.task };
    })
    .sort((a, b) => a.taskIndex - b.taskIndex);
}

/** v2.0/v2.1: episodes.jsonl, one data file and one mp4 per camera per episode, paths from the templates. */
export async function readV2Episodes(info: LeRobotInfo, files: DatasetFiles): Promise<EpisodeRecord[]> {
  const rows = parseJsonLines<Partial<EpisodeLine>>(V2_META.episodes, await required(files, V2_META.episodes));
  const chunksSize = info.chunks_size ?? 1000;
  const cameras = Object.entries(info.features).filter(([, feature]) => feature.dtype === 'video' && isCamera(feature)).map(([key]) => key);
  return rows
    .map((row, line) => {
      if (!Number.isInteger(row.episode_index) || !Number.isInteger(row.length) || (row.length as number) < 0) {
        throw invalidEntry(V2_META.episodes, line + 1, 'needs whole-number episode_index and length');
      }
      const index = row.episode_index as number;
      const episodeChunk = Math.floor(index / chunksSize);
      const videos: EpisodeRecord['videos'] = {};
      for (const key of info.video_path ? cameras : []) {
        const file = formatTemplate('video_path', info.video_path as string, { episode_chunk: episodeChunk, episode_index: index, video_key: key });
        videos[key] = { file, fromTimestamp: 0, toTimestamp: null };
      }
      return {
        index,
        length: row.length as number,
        tasks: Array.isArray(row.tasks) ? row.tasks.map(String) : [],
        dataFile: formatTemplate('data_path', info.data_path ?? '', { episode_chunk: episodeChunk, episode_index: index }),
        fromIndex: null,
        toIndex: null,
        videos,
      };
    })
    .sort((a, b) => a.index - b.index);
}
