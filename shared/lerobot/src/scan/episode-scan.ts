import { listValue } from '@duckdb/node-api';
import { query, Row } from '../duckdb';
import { FeatureSpec } from '../info';
import { ColumnType, parseColumnType } from './column-types';
import { moments, Moments } from './moments';
import { planScan, ScanPlan } from './scan-plan';
import { ScanSettings, scanSql } from './scan-sql';

/**
 * Reads the data parquet files once each, in the order given, and returns per file one summary per episode found
 * in it (rows grouped by `episode_index`). Small files that share a schema are read by one statement (a v2.x
 * dataset has one file per episode, and a statement per 5,000-row file would be mostly overhead); memory stays
 * bounded by one batch, which is at most RUN_BYTES of parquet or a single file.
 */

export interface NonFinite {
  /** Rows holding at least one NaN/±Inf. */
  rows: number;
  firstRow: number;
  lastRow: number;
}

export interface FeatureScan {
  /** One per element of the feature, finite values only. */
  dims: Moments[];
  nonFinite: NonFinite | null;
}

export interface ShapeScan {
  rows: number;
  firstRow: number;
  lastRow: number;
  /** Length of the first row that differs (null for a null row). */
  length: number | null;
}

/** The rows of one episode inside one file; every `…Row` is a file row number (frame = row − firstRow). */
export interface GroupScan {
  episode: number | null;
  rows: number;
  firstRow: number;
  lastRow: number;
  /** frame_index breaks: rows that do not hold the previous frame_index + 1 (0 where the episode starts). */
  frame: { breaks: number; firstRow: number | null; value: number | null; expected: number | null } | null;
  timestamp: { first: number | null; bad: number; firstRow: number | null; delta: number | null; duplicate: number; backwards: number; gap: number } | null;
  /** index steps other than +1 in storage order, counted at the row after the step. */
  index: { first: number | null; last: number | null; min: number | null; max: number | null; breaks: number; breakRow: number | null; breakValue: number | null; breakPrevious: number | null } | null;
  task: { bad: number; firstRow: number | null; lastRow: number | null; values: number[] } | null;
  numeric: Map<string, FeatureScan>;
  shapes: Map<string, ShapeScan>;
}

export interface DataFile {
  path: string;
  /** Where DuckDB reads it. */
  local: string;
  size: number;
}

export type FileScan = { path: string; columns: Map<string, ColumnType>; groups: GroupScan[] } | { path: string; error: string };

const SCHEMA_BATCH = 64;
const RUN_BYTES = 256 * 1024 * 1024;

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0];

/** A comparable fingerprint of each file's parquet schema, or the reason the footer cannot be read. */
async function schemaFingerprints(files: DataFile[]): Promise<Map<string, string | Error>> {
  const result = new Map<string, string | Error>();
  const collect = (rows: Row[]) => {
    const byFile = new Map<string, string[]>();
    for (const { file_name: name, ...rest } of rows) {
      const list = byFile.get(String(name)) ?? [];
      list.push(JSON.stringify(rest));
      byFile.set(String(name), list);
    }
    for (const [name, parts] of byFile) result.set(name, parts.join('|'));
  };
  try {
    collect(await query('SELECT * FROM parquet_schema($files)', { files: listValue(files.map((file) => file.local)) }));
  } catch {
    for (const file of files) {
      try {
        collect(await query('SELECT * FROM parquet_schema($files)', { files: listValue([file.local]) }));
      } catch (error) {
        result.set(file.local, new Error(firstLine(error)));
      }
    }
  }
  return result;
}

async function describe(local: string): Promise<Map<string, ColumnType>> {
  const rows = await query('DESCRIBE SELECT * FROM read_parquet($file, hive_partitioning = false)', { file: local });
  return new Map(rows.map((row) => [String(row.column_name), parseColumnType(String(row.column_type))]));
}

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const count = (value: unknown): number => Number(value ?? 0);

function parseGroup(row: Row, plan: ScanPlan): GroupScan {
  const group: GroupScan = {
    episode: num(row.e),
    rows: count(row.n),
    firstRow: count(row.r0),
    lastRow: count(row.r1),
    frame: plan.frame ? { breaks: count(row.f_bad), firstRow: num(row.f_row), value: num(row.f_val), expected: num(row.f_exp) } : null,
    timestamp: plan.timestamp
      ? { first: num(row.t_first), bad: count(row.t_bad), firstRow: num(row.t_row), delta: num(row.t_dt), duplicate: count(row.t_dup), backwards: count(row.t_back), gap: count(row.t_gap) }
      : null,
    index: plan.index
      ? { first: num(row.i_first), last: num(row.i_last), min: num(row.i_min), max: num(row.i_max), breaks: count(row.i_breaks), breakRow: num(row.i_row), breakValue: num(row.i_val), breakPrevious: num(row.i_prev) }
      : null,
    task: plan.task ? { bad: count(row.k_bad), firstRow: num(row.k_row), lastRow: num(row.k_last), values: Array.isArray(row.k_vals) ? row.k_vals.map(Number) : [] } : null,
    numeric: new Map(),
    shapes: new Map(),
  };
  plan.numeric.forEach((feature, j) => {
    const dims = feature.elements.map((_, d) => {
      const v = `v${j}_${d}`;
      const n = count(row[`${v}_n`]);
      if (!feature.sums) return moments(n, Number(row[`${v}_min`]), Number(row[`${v}_max`]), Number(row[`${v}_mean`]), Number(row[`${v}_std`]));
      const mean = Number(row[`${v}_sum`]) / n;
      return moments(n, Number(row[`${v}_min`]), Number(row[`${v}_max`]), mean, Math.sqrt(Math.max(0, Number(row[`${v}_sq`]) / n - mean * mean)));
    });
    const bad = count(row[`bad${j}_rows`]);
    const nonFinite = bad > 0 ? { rows: bad, firstRow: count(row[`bad${j}_r0`]), lastRow: count(row[`bad${j}_r1`]) } : null;
    group.numeric.set(feature.key, { dims, nonFinite });
  });
  plan.shapes.forEach((shape, j) => {
    const rows = count(row[`sh${j}_rows`]);
    if (rows > 0) group.shapes.set(shape.key, { rows, firstRow: count(row[`sh${j}_r0`]), lastRow: count(row[`sh${j}_r1`]), length: num(row[`sh${j}_len`]) });
  });
  return group;
}

async function scanRun(run: DataFile[], columns: Map<string, ColumnType>, features: Record<string, FeatureSpec>, settings: ScanSettings): Promise<FileScan[]> {
  const plan = planScan(features, columns);
  const { sql, params } = scanSql(plan);
  const values = { period: settings.period, tolerance: settings.tolerance, tasks: listValue(settings.tasks) };
  const rows = await query(sql, { files: listValue(run.map((file) => file.local)), ...Object.fromEntries(params.map((name) => [name, values[name]])) });
  const groups = run.map(() => [] as GroupScan[]);
  for (const row of rows) groups[count(row.fi)].push(parseGroup(row, plan));
  return run.map((file, i) => ({ path: file.path, columns, groups: groups[i].sort((a, b) => a.firstRow - b.firstRow) }));
}

/** Scans a run of files with one schema; when the statement fails, each file alone, so one bad file is named. */
async function* scanOrSplit(run: DataFile[], columns: Map<string, ColumnType>, features: Record<string, FeatureSpec>, settings: ScanSettings): AsyncGenerator<FileScan> {
  try {
    yield* await scanRun(run, columns, features, settings);
  } catch (error) {
    if (run.length === 1) {
      yield { path: run[0].path, error: firstLine(error) };
      return;
    }
    for (const file of run) yield* scanOrSplit([file], columns, features, settings);
  }
}

export async function* scanDataFiles(files: DataFile[], features: Record<string, FeatureSpec>, settings: ScanSettings): AsyncGenerator<FileScan> {
  const described = new Map<string, Map<string, ColumnType>>();
  for (let start = 0; start < files.length; start += SCHEMA_BATCH) {
    const batch = files.slice(start, start + SCHEMA_BATCH);
    const fingerprints = await schemaFingerprints(batch);
    let run: DataFile[] = [];
    let runKey = '';
    let runBytes = 0;
    const flush = async function* (): AsyncGenerator<FileScan> {
      let rest = run;
      const key = runKey;
      run = [];
      runBytes = 0;
      while (rest.length > 0) {
        let columns = described.get(key);
        if (!columns) {
          try {
            columns = await describe(rest[0].local);
            described.set(key, columns);
          } catch (error) {
            yield { path: rest[0].path, error: firstLine(error) };
            rest = rest.slice(1);
            continue;
          }
        }
        yield* scanOrSplit(rest, columns, features, settings);
        return;
      }
    };
    for (const file of batch) {
      const fingerprint = fingerprints.get(file.local) ?? new Error('DuckDB returned no schema for it');
      if (fingerprint instanceof Error) {
        yield* flush();
        yield { path: file.path, error: fingerprint.message };
        continue;
      }
      if (run.length > 0 && (fingerprint !== runKey || runBytes + file.size > RUN_BYTES)) yield* flush();
      run.push(file);
      runKey = fingerprint;
      runBytes += file.size;
    }
    yield* flush();
  }
}
