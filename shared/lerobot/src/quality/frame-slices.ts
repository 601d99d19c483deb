import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { column } from '../duckdb';
import { ColumnType, parseColumnType } from '../scan/column-types';
import { SignalPlan } from './signals';

/** How the frame reader splits the data files into statements, and what each statement selects. */

export interface DataFile {
  /** Repo path. */
  path: string;
  local: string | null;
  /** Rows the metadata expects: decides how the file is sliced. */
  expectedRows: number;
}

export const INDEX_COLUMNS = ['episode_index', 'timestamp', 'frame_index', 'index'] as const;
/** A statement costs ~5 ms, so small files are read many at a time; a slice of 131,072 rows is ~25 MB of chunks. */
const SLICE_ROWS = 131_072;
const SLICE_FILES = 64;
/** The first slice is small: nothing is analysed until it arrives, and the next, full one is read meanwhile. */
const FIRST_SLICE_ROWS = 16_384;

let instance: Promise<DuckDBInstance> | undefined;

/**
 * An instance of its own: the shared one in ../duckdb only hands out converted rows. One thread: the metrics
 * keep the JS thread busy three times longer than decoding takes, so a second decoding thread only competes
 * with them for the core (measured: 2.0–2.3 s against 2.4–3.0 s per million frames on two cores). No external
 * file cache: the reader reads each row group once, and the cache kept every byte read, up to 80 % of the
 * machine's memory.
 */
export async function connect(): Promise<DuckDBConnection> {
  instance ??= DuckDBInstance.create(':memory:', { threads: '1', enable_external_file_cache: 'false' });
  return (await instance).connect();
}

export const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0];

/** Files read by one statement, with their positions in the list given; `rows` restricts a single file. */
export interface Slice {
  files: DataFile[];
  indices: number[];
  rows: [number, number] | null;
}

export interface Projection {
  sql: string;
  missing: string[];
  /** Whether each column after file_index (index columns, then signal slots) is read from the file. */
  present: boolean[];
  /** Per selected column after file_index: null for a scalar, else the positions of a list that fill consecutive slots. */
  lists: (number[] | null)[];
}

/** Slices in file order: runs of small files, and row-group ranges of large ones. */
export async function planSlices(connection: DuckDBConnection, files: DataFile[]): Promise<Slice[]> {
  const slices: Slice[] = [];
  let current: Slice | null = null;
  let rows = 0;
  const limit = (slice: Slice) => (slice === slices[0] ? FIRST_SLICE_ROWS : SLICE_ROWS);
  for (let i = 0; i < files.length; i += 1) {
    const file = files[i];
    // A file the repo lacks is reported when the reading passes it.
    if (file.local === null) continue;
    if (file.expectedRows > SLICE_ROWS) {
      current = null;
      slices.push(...(await rowGroupSlices(connection, file, i, slices.length === 0 ? FIRST_SLICE_ROWS : SLICE_ROWS)));
      continue;
    }
    if (!current || current.files.length >= SLICE_FILES || rows + file.expectedRows > limit(current)) {
      current = { files: [], indices: [], rows: null };
      slices.push(current);
      rows = 0;
    }
    current.files.push(file);
    current.indices.push(i);
    rows += file.expectedRows;
  }
  return slices;
}

/** Slices of whole row groups of one large file; the first at most `firstRows` rows (unless one group is larger). */
async function rowGroupSlices(connection: DuckDBConnection, file: DataFile, index: number, firstRows: number): Promise<Slice[]> {
  let groups: number[];
  try {
    const reader = await connection.runAndReadAll(
      'SELECT row_group_id, max(row_group_num_rows) AS n FROM parquet_metadata($file) GROUP BY row_group_id ORDER BY row_group_id',
      { file: file.local as string },
    );
    groups = reader.getRowObjects().map((row) => Number(row.n));
  } catch {
    // An unreadable footer: one slice, whose statement then reports the error.
    return [{ files: [file], indices: [index], rows: null }];
  }
  const slices: Slice[] = [];
  let from = 0;
  let to = 0;
  for (const size of groups) {
    if (to > from && to - from + size > (slices.length === 0 ? firstRows : SLICE_ROWS)) {
      slices.push({ files: [file], indices: [index], rows: [from, to] });
      from = to;
    }
    to += size;
  }
  slices.push({ files: [file], indices: [index], rows: [from, to] });
  return slices;
}

export async function project(connection: DuckDBConnection, local: string, plan: SignalPlan): Promise<Projection> {
  const described = await connection.runAndReadAll('DESCRIBE SELECT * FROM read_parquet($file)', { file: local });
  const types = new Map(described.getRowObjects().map((row) => [String(row.column_name), parseColumnType(String(row.column_type))]));
  const missing: string[] = [];
  const present: boolean[] = [];
  const expressions: string[] = [];
  const lists: (number[] | null)[] = [];
  // FLOAT stays FLOAT (half the native memory per chunk); other types become DOUBLE, never BigInt.
  const cast = (expression: string, type: ColumnType | undefined, suffix = '') =>
    type?.base === 'FLOAT' || type?.base === 'DOUBLE' ? expression : `${expression}::DOUBLE${suffix}`;
  const add = (expression: string | null, type: ColumnType | undefined, name: string) => {
    present.push(expression !== null);
    expressions.push(expression === null ? 'NULL::FLOAT' : cast(expression, type));
    lists.push(null);
    if (expression === null && !missing.includes(name)) missing.push(name);
  };
  for (const name of INDEX_COLUMNS) {
    const type = types.get(name);
    add(type && type.family === 'number' && type.depth === 0 ? column(name) : null, type, name);
  }
  for (let d = 0; d < plan.dims.length; ) {
    const dim = plan.dims[d];
    const type = types.get(dim.feature);
    if (type && type.family === 'number' && type.depth === 1) {
      // The list whole, not one `col[k]` per position: a chunk then carries one vector per feature instead of
      // one per dimension, and handing chunks to JS costs a third less (frame-reader.ts takes the list apart).
      const positions: number[] = [];
      for (; d < plan.dims.length && plan.dims[d].feature === dim.feature; d += 1) positions.push(plan.dims[d].position);
      present.push(...positions.map(() => true));
      expressions.push(cast(column(dim.feature), type, '[]'));
      lists.push(positions);
      continue;
    }
    const width = plan.features.find((feature) => feature.key === dim.feature)?.dims.length ?? 0;
    add(type && type.family === 'number' && type.depth === 0 && width === 1 ? column(dim.feature) : null, type, dim.feature);
    d += 1;
  }
  return { sql: `SELECT file_index::INTEGER, ${expressions.join(', ')} FROM read_parquet($files)`, missing, present, lists };
}
