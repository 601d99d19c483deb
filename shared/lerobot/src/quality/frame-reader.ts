import { DuckDBConnection, DuckDBListVector, DuckDBValue, DuckDBVector, listValue } from '@duckdb/node-api';
import { connect, DataFile, firstLine, INDEX_COLUMNS, planSlices, project, Projection, Slice } from './frame-slices';
import { SignalPlan } from './signals';

export type { DataFile } from './frame-slices';

/**
 * Reads the frame columns of the data files into one Float64Array per column and run of rows (one episode),
 * reusing the buffers. A list column arrives whole and each position is read out of its values here. Files are
 * read in slices (frame-slices.ts): many small files together (a v2.x file holds one episode), a large file
 * (v3.0) by whole row groups. The next slice's statement runs on a second connection while this one is handed
 * out, so DuckDB decodes while the metrics compute. Memory stays at two slices and one episode, whatever the
 * dataset size.
 *
 * DuckDB's native memory (results, chunks) is freed only when V8 collects the JS object that owns it, and V8
 * does not count it: a result kept while its slice was analysed reached the old generation and waited for a
 * major collection, which a small heap rarely needs (RSS grew by ~15 MB a slice, to 1.4–2.1 GB at 10M frames).
 * So each result is copied out whole as soon as it arrives: the native objects die young, at the next
 * scavenge, and the copies are memory V8 accounts for.
 */

/** Consecutive rows of one file: a whole file (v2.x) or one episode_index value (v3.0). */
export interface FrameRun {
  file: string;
  rows: number;
  /** The frame columns; null when the file lacks the column. Views valid until the next event is requested. */
  episode: Float64Array | null;
  timestamp: Float64Array | null;
  frame: Float64Array | null;
  index: Float64Array | null;
  /** One per signal dimension slot. */
  signals: (Float64Array | null)[];
}

export interface FileRead {
  file: string;
  rows: number;
  /** Why the file could not be read (in part or at all). */
  error: string | null;
  /** Frame columns or signal features the file lacks. */
  missing: string[];
}

export type ReadEvent = { kind: 'run'; run: FrameRun } | { kind: 'file'; file: FileRead } | { kind: 'rows'; rows: number };

export interface ReadOptions {
  /** 'file': a run is a whole file (v2.x, one episode per file); 'episode': a run ends where episode_index changes. */
  grouping: 'file' | 'episode';
  /** Only rows of these episodes (a v3.0 sample); all rows when absent. */
  episodes?: number[];
}

type Values = Float32Array | Float64Array | Int32Array;

/** One position of a list column: element `first + row * width` of the list values. */
class ListPosition {
  constructor(
    readonly items: Float32Array | Float64Array,
    readonly first: number,
    readonly width: number,
  ) {}

  copyTo(target: Float64Array, at: number, start: number, end: number): void {
    const items = this.items;
    const width = this.width;
    for (let row = start, from = this.first + start * width; row < end; row += 1, from += width) target[at++] = items[from];
  }
}

/** A fetched chunk's columns: file_index and the index columns first, then one per signal slot. */
interface Chunk {
  rows: number;
  columns: (Values | ListPosition)[];
}

/**
 * A vector's values as a typed array, null as NaN. The binding has already copied them into a typed array
 * (private in the typings); handing that out lets a run be filled by bulk copies, a tenth of the cost of a
 * getItem per value. A vector with a validity mask (a column the file lacks, or one with nulls), or a library
 * version whose vectors look otherwise, goes through getItem.
 */
function values(vector: DuckDBVector<number>, rows: number): Values {
  const { items, validity } = vector as unknown as { items?: unknown; validity?: { data?: unknown } };
  if ((items instanceof Float32Array || items instanceof Float64Array || items instanceof Int32Array) && validity?.data === null) return items;
  const copy = new Float64Array(rows);
  for (let i = 0; i < rows; i += 1) copy[i] = vector.getItem(i) ?? NaN;
  return copy;
}

/**
 * The given positions of a list column (a null list, or a list too short, as NaN). When every list of the chunk
 * has one length, is laid out in order and holds no null, each position is read in place from the list's values
 * (private in the typings, like `items` above); otherwise each row goes through getItemVector.
 */
function listValues(vector: DuckDBVector, rows: number, positions: number[]): (Values | ListPosition)[] {
  const { entryData, validity, childData } = vector as unknown as {
    entryData?: unknown;
    validity?: { data?: unknown };
    childData?: { items?: unknown; validity?: { data?: unknown } };
  };
  const items = childData?.items;
  if (entryData instanceof BigUint64Array && validity?.data === null && childData?.validity?.data === null && (items instanceof Float32Array || items instanceof Float64Array)) {
    const layout = uniformLayout(entryData, rows);
    if (layout && positions.every((position) => position < layout.width)) return positions.map((position) => new ListPosition(items, layout.first + position, layout.width));
  }
  const list = vector as DuckDBListVector;
  return positions.map((position) => {
    const column = new Float64Array(rows);
    for (let i = 0; i < rows; i += 1) {
      const entry = list.getItemVector(i);
      column[i] = entry && position < entry.itemCount ? ((entry.getItem(position) as number | null) ?? NaN) : NaN;
    }
    return column;
  });
}

/** Where the first list starts and its length, when every list has that length and follows the one before. */
function uniformLayout(entries: BigUint64Array, rows: number): { first: number; width: number } | null {
  if (rows === 0) return null;
  // (offset, length) pairs of 64-bit words, read as 32-bit halves: a chunk's child vector is far below 2^32.
  const words = new Uint32Array(entries.buffer, entries.byteOffset, rows * 4);
  const first = words[0];
  const width = words[2];
  for (let i = 0; i < rows; i += 1) {
    const at = i * 4;
    if (words[at] !== first + i * width || words[at + 1] !== 0 || words[at + 2] !== width || words[at + 3] !== 0) return null;
  }
  return { first, width };
}

/** Growable column buffers reused from run to run. */
class RunBuffer {
  columns: Float64Array[];
  length = 0;

  constructor(count: number) {
    this.columns = Array.from({ length: count }, () => new Float64Array(4096));
  }

  append(chunk: Chunk, start: number, end: number): void {
    const need = this.length + end - start;
    if (need > this.columns[0].length) {
      let capacity = this.columns[0].length;
      while (capacity < need) capacity *= 2;
      this.columns = this.columns.map((old) => {
        const grown = new Float64Array(capacity);
        grown.set(old.subarray(0, this.length));
        return grown;
      });
    }
    for (let c = 0; c < this.columns.length; c += 1) {
      const column = chunk.columns[c + 1];
      if (column instanceof ListPosition) column.copyTo(this.columns[c], this.length, start, end);
      else this.columns[c].set(column.subarray(start, end), this.length);
    }
    this.length = need;
  }
}

/** Reads the files in the order given; a file that cannot be read is reported, and the others still are. */
export async function* readFrames(files: DataFile[], plan: SignalPlan, options: ReadOptions): AsyncGenerator<ReadEvent> {
  const connections = [await connect(), await connect()];
  const reader = new SliceReader(files, plan, options);
  let pending: Promise<Chunk[] | Error> | null = null;
  try {
    const slices = await planSlices(connections[0], files);
    pending = slices.length > 0 ? reader.execute(connections[0], slices[0]) : null;
    for (let k = 0; k < slices.length; k += 1) {
      const result: Chunk[] | Error = await (pending as Promise<Chunk[] | Error>);
      pending = k + 1 < slices.length ? reader.execute(connections[(k + 1) % 2], slices[k + 1]) : null;
      const events = result instanceof Error ? reader.retry(connections[k % 2], slices[k], result) : reader.consume(result, slices[k]);
      yield* events;
    }
    yield* reader.end();
  } finally {
    // A caller that stops early leaves the next statement running: let it finish before closing its connection.
    if (pending) await pending;
    for (const connection of connections) connection.closeSync();
  }
}

class SliceReader {
  private readonly buffer: RunBuffer;
  private readonly projections = new Map<string, Projection>();
  /** Index of the file whose rows are being read; its run and its row count so far. */
  private file = -1;
  private fileRows = 0;
  private runEpisode = NaN;
  private present: boolean[] = [];
  private missing: string[] = [];
  private failed = new Set<number>();

  constructor(
    private readonly files: DataFile[],
    private readonly plan: SignalPlan,
    private readonly options: ReadOptions,
  ) {
    this.buffer = new RunBuffer(INDEX_COLUMNS.length + plan.dims.length);
  }

  /** Runs a slice's statement; an error is returned, not thrown, so the pipeline keeps its order. */
  async execute(connection: DuckDBConnection, slice: Slice): Promise<Chunk[] | Error> {
    try {
      const projection = await this.projection(connection, slice.files[0]);
      const params: Record<string, DuckDBValue> = { files: listValue(slice.files.map((file) => file.local as string)) };
      const conditions: string[] = [];
      if (slice.rows) {
        conditions.push('file_row_number >= $from AND file_row_number < $to');
        Object.assign(params, { from: slice.rows[0], to: slice.rows[1] });
      }
      if (this.options.episodes) {
        conditions.push('list_contains($episodes, episode_index)');
        params.episodes = listValue(this.options.episodes);
      }
      const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
      const result = await connection.run(`${projection.sql}${where}`, params);
      const chunks: Chunk[] = [];
      for (let k = 0; k < result.chunkCount; k += 1) {
        const chunk = result.getChunk(k);
        const rows = chunk.rowCount;
        const columns: Chunk['columns'] = [];
        for (let c = 0; c < chunk.columnCount; c += 1) {
          const positions = c === 0 ? null : projection.lists[c - 1];
          const vector = chunk.getColumnVector(c);
          if (positions) columns.push(...listValues(vector, rows, positions));
          else columns.push(values(vector as DuckDBVector<number>, rows));
        }
        chunks.push({ rows, columns });
      }
      return chunks;
    } catch (error) {
      return new Error(firstLine(error));
    }
  }

  /** After a failed statement: files one by one, so that only the bad one is lost. */
  async *retry(connection: DuckDBConnection, slice: Slice, error: Error): AsyncGenerator<ReadEvent> {
    if (slice.files.length === 1) {
      yield* this.fail(slice.indices[0], error.message);
      return;
    }
    for (let i = 0; i < slice.files.length; i += 1) {
      const single: Slice = { files: [slice.files[i]], indices: [slice.indices[i]], rows: null };
      const result = await this.execute(connection, single);
      if (result instanceof Error) yield* this.fail(single.indices[0], result.message);
      else yield* this.consume(result, single);
    }
  }

  async *consume(chunks: Chunk[], slice: Slice): AsyncGenerator<ReadEvent> {
    if (this.failed.has(slice.indices[0])) return;
    const projection = this.projections.get(slice.files[0].local as string) as Projection;
    let read = 0;
    for (const chunk of chunks) {
      // The next slice's statement advances through several awaits of its own: a turn of the event loop per chunk
      // lets it start while this slice is analysed, however long the episodes are.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const rows = chunk.rows;
      read += rows;
      // file_index and episode_index are scalar columns, never list positions.
      const [fileIndex, episodes] = chunk.columns as Values[];
      for (let start = 0; start < rows; ) {
        const file = slice.indices[fileIndex[start]];
        if (file !== this.file) {
          yield* this.closeFile(file);
          this.present = projection.present;
          this.missing = projection.missing;
        }
        const episode = episodes[start];
        if (this.options.grouping === 'episode' && this.buffer.length > 0 && !Object.is(episode, this.runEpisode)) yield* this.flushRun();
        this.runEpisode = episode;
        const end = this.segmentEnd(fileIndex, episodes, start, rows);
        this.buffer.append(chunk, start, end);
        this.fileRows += end - start;
        start = end;
      }
    }
    // The slice's last file stays open: a later slice may continue it (row ranges of one file).
    yield { kind: 'rows', rows: read };
  }

  /** Where the rows from `start` stop belonging to the current file (and, by episode, the current run). */
  private segmentEnd(fileIndex: Values, episodes: Values, start: number, rows: number): number {
    const file = fileIndex[start];
    // file_index only grows: when the chunk's last row is in the same file, so is every row between.
    let end = fileIndex[rows - 1] === file ? rows : start + 1;
    if (end !== rows) while (end < rows && fileIndex[end] === file) end += 1;
    if (this.options.grouping === 'episode') {
      for (let i = start + 1; i < end; i += 1) {
        if (!Object.is(episodes[i], this.runEpisode)) return i;
      }
    }
    return end;
  }

  async *end(): AsyncGenerator<ReadEvent> {
    yield* this.closeFile(this.files.length);
  }

  /** Finishes every file before `next` (its last run, its report) and moves on to `next`. */
  private *closeFile(next: number): Generator<ReadEvent> {
    while (this.file < next) {
      if (this.file >= 0) {
        yield* this.flushRun();
        if (!this.failed.has(this.file)) {
          yield { kind: 'file', file: { file: this.files[this.file].path, rows: this.fileRows, error: this.fileError(this.file), missing: this.missing } };
        }
      }
      this.file += 1;
      this.fileRows = 0;
      this.runEpisode = NaN;
      this.missing = [];
    }
  }

  private fileError(index: number): string | null {
    return this.files[index].local === null ? 'the file is not in the repository' : null;
  }

  private *flushRun(): Generator<ReadEvent> {
    if (this.buffer.length === 0) return;
    const length = this.buffer.length;
    const view = (i: number) => (this.present[i] ? this.buffer.columns[i].subarray(0, length) : null);
    yield {
      kind: 'run',
      run: {
        file: this.files[this.file].path,
        rows: length,
        episode: view(0),
        timestamp: view(1),
        frame: view(2),
        index: view(3),
        signals: this.plan.dims.map((dim) => view(INDEX_COLUMNS.length + dim.slot)),
      },
    };
    this.buffer.length = 0;
  }

  private *fail(index: number, error: string): Generator<ReadEvent> {
    yield* this.closeFile(index);
    this.buffer.length = 0;
    if (this.failed.has(index)) return;
    this.failed.add(index);
    yield { kind: 'file', file: { file: this.files[index].path, rows: this.file === index ? this.fileRows : 0, error, missing: [] } };
  }

  private async projection(connection: DuckDBConnection, file: DataFile): Promise<Projection> {
    const local = file.local as string;
    let projection = this.projections.get(local);
    if (!projection) {
      projection = await project(connection, local, this.plan);
      this.projections.set(local, projection);
    }
    return projection;
  }
}
