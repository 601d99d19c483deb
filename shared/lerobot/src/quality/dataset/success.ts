import { listValue } from '@duckdb/node-api';
import { column, query } from '../../duckdb';
import { LeRobotInfo } from '../../info';
import { listParameter, QualityParameters } from '../parameters';

export interface SuccessFlags {
  /** The boolean columns read. */
  columns: string[];
  /** Per episode: true when any of its frames is flagged successful, false when none is, absent when unknown. */
  episodes: Map<number, boolean>;
}

/**
 * The success flags of task_label (`next.success`, `is_episode_successful`, or the columns the parameters name):
 * one aggregate over those boolean columns alone, which parquet reads without the rest of the row. v2.x files
 * are one episode each, so their rows count for that episode whatever episode_index says.
 */
export async function readSuccess(info: LeRobotInfo, params: QualityParameters, files: { local: string; episode: number | null }[]): Promise<SuccessFlags | null> {
  const columns = listParameter(params.success_features).filter((key) => info.features[key]?.dtype === 'bool');
  if (columns.length === 0 || files.length === 0) return null;
  const byFile = new Map(files.map((file) => [file.local, file.episode]));
  const perFile = files.every((file) => file.episode !== null);
  const flags = columns.map((key, k) => `bool_or(${column(key)}::BOOLEAN) AS f${k}`).join(', ');
  const key = perFile ? 'filename' : 'episode_index';
  const sql = `SELECT ${key} AS k, ${flags} FROM read_parquet($files, filename = true, union_by_name = true) GROUP BY ${key}`;
  const episodes = new Map<number, boolean>();
  const read = async (locals: string[]) => {
    for (const row of await query(sql, { files: listValue(locals) })) {
      const values = columns.map((_, k) => row[`f${k}`]).filter((value): value is boolean => typeof value === 'boolean');
      const episode = perFile ? byFile.get(String(row.k)) : Number(row.k);
      if (values.length > 0 && episode !== null && episode !== undefined && Number.isInteger(episode)) episodes.set(episode, values.some(Boolean));
    }
  };
  try {
    await read([...byFile.keys()]);
  } catch {
    // A file without the column or unreadable: the others still count.
    for (const local of byFile.keys()) await read([local]).catch(() => undefined);
  }
  return { columns, episodes };
}
