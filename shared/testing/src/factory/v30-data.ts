import { createHash } from 'node:crypto';
import { frameFeatures, type DatasetModel } from './model';
import type { DatasetOutput } from './output';
import { episodeColumns, frameTableWriter, type TableWriter } from './parquet';
import { formatTemplate } from './template';
import { FileSequence, MB, templateIndices, type FileIndex } from './v30-files';

/**
 * v3.0 frame data (format doc §2.3): episodes appended in order to `data/chunk-XXX/file-YYY.parquet`, one row
 * group per episode, as the recorder's persistent pyarrow ParquetWriter leaves them. Before each episode the
 * recorder extrapolates the open file's size per frame and starts a new file when the file plus the episode
 * would reach `data_files_size_in_mb`; the same rule is applied here to the bytes written so far.
 */

export const DATA_PATH = 'data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet';

export interface DataPlacement {
  file: FileIndex;
  /** Global row range [from, to) (`dataset_from_index`, `dataset_to_index`). */
  from: number;
  to: number;
}

export async function writeDataFiles(out: DatasetOutput, model: DatasetModel): Promise<DataPlacement[]> {
  const { spec } = model;
  const features = frameFeatures(model);
  const files = new FileSequence(spec.chunksSize, spec.episodesPerFile);
  const placements: DataPlacement[] = [];
  let table: TableWriter | undefined;
  let tableFile: FileIndex | undefined;
  const flush = async (): Promise<void> => {
    if (table && tableFile) await out.write(formatTemplate(DATA_PATH, templateIndices(tableFile)), table.finish());
  };
  for (const [e, episode] of model.episodes.entries()) {
    // The recorder continues from the previous episode's last `index` value (0 for the first episode).
    const previous = e > 0 ? model.episodes[e - 1] : undefined;
    const from = previous ? previous.columns.index[previous.length - 1] + 1 : 0;
    let full = false;
    if (table) {
      const size = table.size / MB;
      full = size + (size / table.rowCount) * episode.length >= spec.dataFilesSizeInMb;
    }
    const file = files.place(full);
    if (!table || file !== tableFile) {
      await flush();
      // HF `datasets` stores a random fingerprint of the first episode's Dataset; here it is derived from the seed.
      table = frameTableWriter(features, { listType: 'List', fingerprint: fingerprint(spec.seed, episode.episodeIndex) });
      tableFile = file;
    }
    table.append(episodeColumns(features, episode));
    placements.push({ file, from, to: from + episode.length });
  }
  await flush();
  return placements;
}

function fingerprint(seed: number, episodeIndex: number): string {
  return createHash('sha256').update(`robokit-factory:${seed}:${episodeIndex}`).digest('hex').slice(0, 16);
}
