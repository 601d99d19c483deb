import { videoFeatures, type DatasetModel } from './model';
import type { DatasetOutput } from './output';
import { TableWriter, type Column, type ColumnType } from './parquet';
import { pyJsonDumps } from './py-json';
import { statEntries, type Stats } from './stats';
import { formatTemplate } from './template';
import type { DataPlacement } from './v30-data';
import { FileSequence, MB, templateIndices } from './v30-files';
import type { VideoPlacement } from './v30-videos';

/**
 * v3.0 episode and task metadata (format doc §5.2, §5.3), as the LeRobot 0.4 recorder writes them.
 */

export const EPISODES_PATH = 'meta/episodes/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet';
export const TASKS_PATH = 'meta/tasks.parquet';

/** The recorder buffers episode rows and writes them 10 at a time (`metadata_buffer_size`): one row group each time. */
const METADATA_BUFFER_SIZE = 10;

export interface EpisodeRowsInput {
  data: DataPlacement[];
  videos: Map<string, VideoPlacement[]>;
  stats: Stats[];
}

/**
 * meta/episodes/chunk-XXX/file-YYY.parquet: one row per episode, columns in the recorder's order (episode_index,
 * tasks, length, data/…, dataset_from/to_index, videos/<key>/… per camera, stats/<feature>/<stat>…, then the row's
 * own meta/episodes/… location), types as `pa.Table.from_pydict` infers them from the Python values.
 */
export async function writeEpisodesMetadata(out: DatasetOutput, model: DatasetModel, input: EpisodeRowsInput): Promise<void> {
  const { spec } = model;
  const columns = episodeColumnTypes(model, input.stats[0]);
  const files = new FileSequence(spec.chunksSize, spec.episodesPerMetadataFile);
  let table: TableWriter | undefined;
  let buffer: Record<string, unknown>[] = [];
  let fileOf = files.current;
  const flushBuffer = (): void => {
    if (buffer.length === 0) return;
    table ??= new TableWriter(columns);
    table.append(columns.map(({ name, type, depth }): Column => ({ name, type, depth, data: buffer.map((row) => row[name]) })));
    buffer = [];
  };
  const closeFile = async (): Promise<void> => {
    flushBuffer();
    if (table) await out.write(formatTemplate(EPISODES_PATH, templateIndices(fileOf)), table.finish());
    table = undefined;
  };
  for (const episode of model.episodes) {
    const e = episode.episodeIndex;
    // LeRobot's rule looks at the metadata file on disk (flushed row groups only, once one was flushed) and
    // divides its size by the previous episode's index, not by a frame count (0 for episode 0).
    let full = false;
    if (table && e > 0) {
      const size = table.size / MB;
      const perUnit = e - 1 > 0 ? size / (e - 1) : 0;
      full = size + perUnit * episode.length >= spec.dataFilesSizeInMb;
    }
    const file = files.place(full);
    if (file !== fileOf) {
      await closeFile();
      fileOf = file;
    }
    const row: Record<string, unknown> = {
      episode_index: e,
      tasks: episode.tasks,
      length: episode.length,
      'data/chunk_index': input.data[e].file.chunk,
      'data/file_index': input.data[e].file.file,
      dataset_from_index: input.data[e].from,
      dataset_to_index: input.data[e].to,
    };
    for (const { key } of videoFeatures(model)) {
      const video = input.videos.get(key)![e];
      Object.assign(row, {
        [`videos/${key}/chunk_index`]: video.file.chunk,
        [`videos/${key}/file_index`]: video.file.file,
        [`videos/${key}/from_timestamp`]: video.from,
        [`videos/${key}/to_timestamp`]: video.to,
      });
    }
    for (const [feature, stats] of Object.entries(input.stats[e])) {
      for (const { key, values } of statEntries(stats)) {
        row[`stats/${feature}/${key}`] = stats.camera && key !== 'count' ? values.map((v) => [[v]]) : values;
      }
    }
    row['meta/episodes/chunk_index'] = file.chunk;
    row['meta/episodes/file_index'] = file.file;
    buffer.push(row);
    if (buffer.length >= METADATA_BUFFER_SIZE) flushBuffer();
  }
  await closeFile();
}

function episodeColumnTypes(model: DatasetModel, stats: Stats): ColumnType[] {
  const int = (name: string): ColumnType => ({ name, type: 'INT64', depth: 0 });
  const double = (name: string): ColumnType => ({ name, type: 'DOUBLE', depth: 0 });
  const columns: ColumnType[] = [
    int('episode_index'),
    { name: 'tasks', type: 'STRING', depth: 1 },
    int('length'),
    int('data/chunk_index'),
    int('data/file_index'),
    int('dataset_from_index'),
    int('dataset_to_index'),
  ];
  for (const { key } of videoFeatures(model)) {
    const prefix = `videos/${key}`;
    columns.push(int(`${prefix}/chunk_index`), int(`${prefix}/file_index`), double(`${prefix}/from_timestamp`), double(`${prefix}/to_timestamp`));
  }
  for (const [feature, s] of Object.entries(stats)) {
    // Python ints become int64 lists, floats double lists; camera stats nest [C][1][1] (count stays flat).
    for (const { key, integer } of statEntries(s)) {
      columns.push({ name: `stats/${feature}/${key}`, type: integer ? 'INT64' : 'DOUBLE', depth: s.camera && key !== 'count' ? 3 : 1 });
    }
  }
  columns.push(int('meta/episodes/chunk_index'), int('meta/episodes/file_index'));
  return columns;
}

/**
 * meta/tasks.parquet as pandas writes LeRobot's task DataFrame (`task_index` column, task strings as the index):
 * the index becomes the last column, `__index_level_0__` when unnamed (LeRobot < 0.5) or `task`, and the `pandas`
 * metadata names it in `index_columns`, which is how pandas (and LeRobot) read it back as the index.
 */
export async function writeTasks(out: DatasetOutput, model: DatasetModel): Promise<void> {
  const indexColumn = model.spec.taskColumn;
  const pandas = {
    index_columns: [indexColumn],
    column_indexes: [{ name: null, field_name: null, pandas_type: 'unicode', numpy_type: 'object', metadata: { encoding: 'UTF-8' } }],
    columns: [
      { name: 'task_index', field_name: 'task_index', pandas_type: 'int64', numpy_type: 'int64', metadata: null },
      { name: indexColumn === 'task' ? 'task' : null, field_name: indexColumn, pandas_type: 'unicode', numpy_type: 'object', metadata: null },
    ],
    attributes: {},
    creator: { library: 'pyarrow', version: '22.0.0' },
    pandas_version: '2.3.3',
  };
  const columns: ColumnType[] = [
    { name: 'task_index', type: 'INT64', depth: 0 },
    { name: indexColumn, type: 'STRING', depth: 0 },
  ];
  const table = new TableWriter(columns, [{ key: 'pandas', value: pyJsonDumps(pandas) }]);
  table.append([
    { ...columns[0], data: model.tasks.map((_, i) => BigInt(i)) },
    { ...columns[1], data: model.tasks },
  ]);
  await out.write(TASKS_PATH, table.finish());
}
