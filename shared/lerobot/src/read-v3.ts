import { ErrorCode, TaskInfo } from '@robokit/api';
import { DatasetFiles, EpisodeRecord } from './dataset';
import { column, query, Row } from './duckdb';
import { LeRobotFormatError } from './format-error';
import { LeRobotInfo } from './info';
import { formatTemplate } from './template';

export const V3_TASKS = 'meta/tasks.parquet';
export const V3_EPISODES = /^meta\/episodes\/chunk-\d+\/file-\d+\.parquet$/;

function localOrMissing(files: DatasetFiles, path: string): string {
  const local = files.localPath(path);
  if (!local) throw new LeRobotFormatError(ErrorCode.MetadataMissing, `${path} is missing; a v3.0 dataset keeps its tasks there.`, { path });
  return local;
}

/** A query over one parquet file; a file that is not readable parquet is a metadata problem, named. */
async function queryFile(path: string, local: string, sql: string): Promise<Row[]> {
  try {
    return await query(sql, { file: local });
  } catch (error) {
    throw new LeRobotFormatError(ErrorCode.MetadataInvalid, `${path} could not be read as parquet (${(error as Error).message.split('\n')[0]}).`, { path });
  }
}

async function columnsOf(path: string, local: string): Promise<string[]> {
  return (await queryFile(path, local, 'DESCRIBE SELECT * FROM read_parquet($file)')).map((row) => String(row.column_name));
}

/** pandas stores the task strings as the index: `__index_level_0__` before 2026-03, `task` since (§5.3). */
async function taskColumn(local: string, columns: string[]): Promise<string | undefined> {
  const metadata = await queryFile(V3_TASKS, local, `SELECT decode(value) AS value FROM parquet_kv_metadata($file) WHERE decode(key) = 'pandas'`);
  const indexColumns = metadata.length ? (JSON.parse(String(metadata[0].value)) as { index_columns?: unknown[] }).index_columns : undefined;
  const named = indexColumns?.find((name): name is string => typeof name === 'string' && columns.includes(name));
  return named ?? ['task', '__index_level_0__'].find((name) => columns.includes(name));
}

export async function readV3Tasks(files: DatasetFiles): Promise<TaskInfo[]> {
  const local = localOrMissing(files, V3_TASKS);
  const columns = await columnsOf(V3_TASKS, local);
  const text = await taskColumn(local, columns);
  if (!text || !columns.includes('task_index')) {
    throw new LeRobotFormatError(ErrorCode.MetadataInvalid, `${V3_TASKS} needs a task_index column and the task text (column "task" or the pandas index).`, { path: V3_TASKS, columns });
  }
  const rows = await queryFile(V3_TASKS, local, `SELECT task_index, ${column(text)} AS task FROM read_parquet($file)`);
  return rows.map((row) => ({ taskIndex: Number(row.task_index), task: String(row.task ?? '') })).sort((a, b) => a.taskIndex - b.taskIndex);
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function requireColumns(path: string, columns: string[], wanted: string[]): void {
  const missing = wanted.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    throw new LeRobotFormatError(ErrorCode.MetadataInvalid, `${path} lacks the column(s) ${missing.join(', ')} that a v3.0 episodes file has.`, { path, missing });
  }
}

/** v3.0: one row per episode in meta/episodes/*, read in path order; the stats/* columns are left out. */
export async function readV3Episodes(info: LeRobotInfo, files: DatasetFiles): Promise<EpisodeRecord[]> {
  const cameras = Object.entries(info.features).filter(([, feature]) => feature.dtype === 'video').map(([key]) => key);
  const episodes: EpisodeRecord[] = [];
  for (const path of files.paths().filter((candidate) => V3_EPISODES.test(candidate))) {
    const local = localOrMissing(files, path);
    const columns = await columnsOf(path, local);
    requireColumns(path, columns, ['episode_index', 'length', 'data/chunk_index', 'data/file_index']);
    const selected = columns.filter((name) => !name.startsWith('stats/') && (!name.startsWith('videos/') || cameras.some((key) => name.startsWith(`videos/${key}/`))));
    const rows = await queryFile(path, local, `SELECT ${selected.map(column).join(', ')} FROM read_parquet($file)`);
    episodes.push(...rows.map((row) => episodeOf(info, cameras, row)));
  }
  return episodes.sort((a, b) => a.index - b.index);
}

function episodeOf(info: LeRobotInfo, cameras: string[], row: Row): EpisodeRecord {
  const videos: EpisodeRecord['videos'] = {};
  for (const key of info.video_path ? cameras : []) {
    const chunk = numberOrNull(row[`videos/${key}/chunk_index`]);
    const file = numberOrNull(row[`videos/${key}/file_index`]);
    if (chunk === null || file === null) continue;
    videos[key] = {
      file: formatTemplate('video_path', info.video_path as string, { video_key: key, chunk_index: chunk, file_index: file }),
      fromTimestamp: numberOrNull(row[`videos/${key}/from_timestamp`]) ?? 0,
      toTimestamp: numberOrNull(row[`videos/${key}/to_timestamp`]),
    };
  }
  return {
    index: Number(row.episode_index),
    length: Number(row.length),
    tasks: Array.isArray(row.tasks) ? row.tasks.map(String) : [],
    dataFile: formatTemplate('data_path', info.data_path as string, { chunk_index: Number(row['data/chunk_index']), file_index: Number(row['data/file_index']) }),
    fromIndex: numberOrNull(row.dataset_from_index),
    toIndex: numberOrNull(row.dataset_to_index),
    videos,
  };
}
