import { ErrorCode, EpisodeSeriesLine } from '@robokit/api';
import { isCamera } from './cameras';
import { DatasetFiles, EpisodeRecord, LeRobotDataset } from './dataset';
import { column, query } from './duckdb';
import { LeRobotFormatError } from './format-error';
import { DEFAULT_FEATURES } from './metadata';
import { normaliseNames } from './names';

const NUMERIC = /^(float|int|uint|bool)/;

/** The features worth plotting: numeric vectors and scalars that are not indexing columns. */
export function plottableFeatures(dataset: LeRobotDataset): string[] {
  return Object.entries(dataset.info.features)
    .filter(([key, feature]) => !isCamera(feature) && !DEFAULT_FEATURES.includes(key) && NUMERIC.test(feature.dtype) && feature.shape.length === 1)
    .map(([key]) => key);
}

export interface RawSeries {
  frames: number[];
  lines: EpisodeSeriesLine[];
}

/** Every frame of one episode, for the chosen features, in frame order. */
export async function readEpisodeFrames(dataset: LeRobotDataset, files: DatasetFiles, episode: EpisodeRecord, features: string[]): Promise<RawSeries> {
  const local = files.localPath(episode.dataFile);
  if (!local) throw new LeRobotFormatError(ErrorCode.MetadataInvalid, `Data file ${episode.dataFile} of episode ${episode.index} is not in the repo.`, { path: episode.dataFile });
  const selected = features.map((feature, position) => `${column(feature)} AS f${position}`).join(', ');
  const rows = await query(
    `SELECT frame_index${selected ? `, ${selected}` : ''} FROM read_parquet($file) WHERE episode_index = $episode ORDER BY frame_index`,
    { file: local, episode: episode.index },
  );
  const lines: EpisodeSeriesLine[] = [];
  features.forEach((feature, position) => {
    const names = normaliseNames(dataset.info.features[feature].names).names;
    const width = dataset.info.features[feature].shape[0];
    for (let dimension = 0; dimension < width; dimension += 1) {
      const values = rows.map((row) => {
        const cell = row[`f${position}`];
        const value = Array.isArray(cell) ? cell[dimension] : cell;
        return typeof value === 'boolean' ? Number(value) : (value as number);
      });
      lines.push({ feature, dimension, name: names?.[dimension] ?? (width === 1 ? feature : `${feature}[${dimension}]`), values });
    }
  });
  return { frames: rows.map((row) => Number(row.frame_index)), lines };
}

/**
 * Reduces the series to at most `maxPoints` points: each bucket of frames becomes two points, its minimum and
 * its maximum (in the order they occur), so spikes and extremes survive however long the episode is.
 */
export function decimateMinMax(series: RawSeries, maxPoints: number): { frames: number[]; lines: EpisodeSeriesLine[]; decimated: boolean } {
  const count = series.frames.length;
  if (count <= maxPoints) return { ...series, decimated: false };
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const frames: number[] = [];
  const picks: [number, number][] = [];
  for (let bucket = 0; bucket < buckets; bucket += 1) {
    const start = Math.floor((bucket * count) / buckets);
    const end = Math.max(start + 1, Math.floor(((bucket + 1) * count) / buckets));
    picks.push([start, end]);
    frames.push(series.frames[start], series.frames[end - 1]);
  }
  const lines = series.lines.map((line) => {
    const values: number[] = [];
    for (const [start, end] of picks) {
      let low = start;
      let high = start;
      for (let i = start + 1; i < end; i += 1) {
        if (line.values[i] < line.values[low]) low = i;
        if (line.values[i] > line.values[high]) high = i;
      }
      // Shown at the bucket's first and last frame, in the order the extremes occurred.
      values.push(...(low <= high ? [line.values[low], line.values[high]] : [line.values[high], line.values[low]]));
    }
    return { ...line, values };
  });
  return { frames, lines, decimated: true };
}
