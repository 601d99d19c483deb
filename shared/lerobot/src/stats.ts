import { ErrorCode } from '@robokit/api';
import { DatasetFiles, LeRobotDataset } from './dataset';
import { column, query } from './duckdb';
import { LeRobotFormatError } from './format-error';
import { parseJsonLines } from './jsonl';
import { V3_EPISODES } from './read-v3';
import { FeatureStats, StatsByFeature } from './stats-values';

export * from './stats-values';

export const STATS_JSON = 'meta/stats.json';
export const EPISODES_STATS = 'meta/episodes_stats.jsonl';

/** Python's json writes NaN and Infinity literally (lerobot-format.md §6.1); JSON.parse does not take them. */
function withoutPythonLiterals(text: string): string {
  return text.replace(/(?<=[[,:]\s*)-?(NaN|Infinity)(?=\s*[\],}])/g, 'null');
}

export function parsePythonJson(path: string, text: string): unknown {
  try {
    return JSON.parse(withoutPythonLiterals(text));
  } catch (error) {
    throw new LeRobotFormatError(ErrorCode.MetadataInvalid, `${path} is not valid JSON (${(error as Error).message}).`, { path });
  }
}

/** meta/stats.json (v2.0, v3.0), or null when the dataset has none. */
export async function readDatasetStats(files: DatasetFiles): Promise<StatsByFeature | null> {
  const text = await files.readText(STATS_JSON);
  return text === null ? null : (parsePythonJson(STATS_JSON, text) as StatsByFeature);
}

/**
 * Per-episode stats: v2.1 meta/episodes_stats.jsonl, v3.0 the stats/<feature>/<stat> columns of the
 * episodes parquet; null for v2.0, which keeps only dataset stats. With `features`, v3.0 reads only their
 * columns: a quality analysis of two features needed 20 of 70 (7 features) in bench:quality's dataset, and
 * reading them all took ~8 % of its time.
 */
export async function readEpisodeStats(dataset: LeRobotDataset, files: DatasetFiles, features?: string[]): Promise<Map<number, StatsByFeature> | null> {
  if (dataset.version === 'v2.0') return null;
  const byEpisode = new Map<number, StatsByFeature>();
  if (dataset.version === 'v2.1') {
    const text = await files.readText(EPISODES_STATS);
    if (text === null) return byEpisode;
    for (const row of parseJsonLines<{ episode_index?: unknown; stats?: unknown }>(EPISODES_STATS, withoutPythonLiterals(text))) {
      if (Number.isInteger(row.episode_index) && row.stats && typeof row.stats === 'object') byEpisode.set(row.episode_index as number, row.stats as StatsByFeature);
    }
    return byEpisode;
  }
  for (const path of files.paths().filter((candidate) => V3_EPISODES.test(candidate))) {
    const local = files.localPath(path) as string;
    const names = (await query('DESCRIBE SELECT * FROM read_parquet($file)', { file: local })).map((row) => String(row.column_name));
    const wanted = (name: string) => !features || features.some((feature) => name.startsWith(`stats/${feature}/`));
    const statColumns = names.filter((name) => name.startsWith('stats/') && wanted(name));
    if (statColumns.length === 0) continue;
    const rows = await query(`SELECT episode_index, ${statColumns.map(column).join(', ')} FROM read_parquet($file)`, { file: local });
    for (const row of rows) {
      const stats: StatsByFeature = {};
      for (const name of statColumns) {
        const [, feature, stat] = /^stats\/(.+)\/([^/]+)$/.exec(name) ?? [];
        if (!feature) continue;
        (stats[feature] ??= {})[stat as keyof FeatureStats] = row[name];
      }
      byEpisode.set(Number(row.episode_index), stats);
    }
  }
  return byEpisode;
}
