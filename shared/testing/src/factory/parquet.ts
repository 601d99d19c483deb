import { ByteWriter, ParquetWriter, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import type { EpisodeData, FrameFeature } from './model';
import { pyJsonDumps, type PyValue } from './py-json';

/**
 * Parquet as pyarrow writes LeRobot's tables: root named `schema`, nullable columns, lists as the 3-level
 * LIST<element>, SNAPPY. Not written: pyarrow's `ARROW:schema` blob (it only restores Arrow-specific types
 * such as fixed_size_list; readers see a list either way).
 */

/** Leaf types the LeRobot tables use. */
export type LeafType = 'FLOAT' | 'DOUBLE' | 'INT64' | 'STRING';

/** A column's name, leaf type and list nesting depth (0 = scalar). */
export interface ColumnType {
  name: string;
  type: LeafType;
  depth: number;
}

/** A column with one value per row. */
export interface Column extends ColumnType {
  data: unknown[] | ArrayLike<unknown>;
}

/** Schema elements of one nullable column, lists as `<name> (LIST) / list / element`. */
export function columnSchema(name: string, type: LeafType, depth: number): SchemaElement[] {
  const leaf: SchemaElement =
    type === 'STRING'
      ? { name, repetition_type: 'OPTIONAL', type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } }
      : { name, repetition_type: 'OPTIONAL', type };
  if (depth === 0) return [leaf];
  const levels: SchemaElement[] = [];
  for (let level = 0; level < depth; level++) {
    levels.push(
      { name: level === 0 ? name : 'element', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    );
  }
  return [...levels, { ...leaf, name: 'element' }];
}

/** A parquet file written one row group at a time, so callers can see its size grow as LeRobot's writers do. */
export class TableWriter {
  private readonly bytes = new ByteWriter();
  private readonly writer: ParquetWriter;
  private rows = 0;

  constructor(columns: ColumnType[], kvMetadata: { key: string; value: string }[] = []) {
    const schema: SchemaElement[] = [{ name: 'schema', repetition_type: 'REQUIRED', num_children: columns.length }];
    for (const c of columns) schema.push(...columnSchema(c.name, c.type, c.depth));
    this.writer = new ParquetWriter({ writer: this.bytes, schema, codec: 'SNAPPY', kvMetadata });
  }

  /** Appends rows, split into row groups of `rowGroupSize` rows (one group by default). */
  append(columns: Column[], rowGroupSize?: number): void {
    const length = columns[0]?.data.length ?? 0;
    if (length === 0) return;
    const columnData: ColumnSource[] = columns.map(({ name, type, data }) => ({
      name,
      // hyparquet-writer takes INT64 values as BigInt.
      data: (type === 'INT64' && !(data instanceof BigInt64Array) ? Array.from(data, toBigInt) : data) as ColumnSource['data'],
    }));
    this.writer.write({ columnData, rowGroupSize: rowGroupSize ?? length });
    this.rows += length;
  }

  /** Bytes written so far (the size of the file on disk while a pyarrow ParquetWriter is open). */
  get size(): number {
    return this.bytes.offset;
  }

  get rowCount(): number {
    return this.rows;
  }

  finish(): Uint8Array {
    this.writer.finish();
    return new Uint8Array(this.bytes.getBuffer());
  }
}

function toBigInt(value: unknown): unknown {
  if (typeof value === 'number') return BigInt(value);
  return Array.isArray(value) ? value.map(toBigInt) : value;
}

/** Which HF `datasets` release wrote the frame table: 3.x names fixed-length lists `Sequence`, 4.x `List`. */
export type HfFlavour = { listType: 'Sequence' | 'List'; fingerprint?: string };

/** Frame-table columns: the frame features in order, vectors as LIST<FLOAT>, int64 and float32 scalars. */
export function frameTableColumns(features: FrameFeature[]): ColumnType[] {
  return features.map((f) => ({ name: f.key, type: f.dtype === 'float32' ? 'FLOAT' : 'INT64', depth: f.width > 1 ? 1 : 0 }));
}

/** A frame-table writer carrying the `huggingface` metadata that lets `datasets` load the file without casting. */
export function frameTableWriter(features: FrameFeature[], flavour: HfFlavour): TableWriter {
  return new TableWriter(frameTableColumns(features), [{ key: 'huggingface', value: huggingfaceMetadata(features, flavour) }]);
}

/** One episode's frame columns, as hyparquet-writer takes them (INT64 as BigInt, FLOAT narrowed from the buffer). */
export function episodeColumns(features: FrameFeature[], episode: EpisodeData): Column[] {
  return frameTableColumns(features).map(({ name, type, depth }, k) => {
    const { width } = features[k];
    const values = episode.columns[name];
    let data: Column['data'];
    if (depth > 0) {
      data = Array.from({ length: episode.length }, (_, i) => Array.from(values.subarray(i * width, (i + 1) * width)));
    } else {
      data = type === 'INT64' ? BigInt64Array.from(values, (v) => BigInt(v)) : Float32Array.from(values);
    }
    return { name, type, depth, data };
  });
}

/** The `datasets` Features of the table, serialised as `datasets` does (json.dumps defaults). */
function huggingfaceMetadata(features: FrameFeature[], { listType, fingerprint }: HfFlavour): string {
  const hfFeatures: Record<string, PyValue> = {};
  for (const feature of features) {
    const value = { dtype: feature.dtype, _type: 'Value' };
    hfFeatures[feature.key] = feature.width > 1 ? { feature: value, length: feature.width, _type: listType } : value;
  }
  const metadata: Record<string, PyValue> = { info: { features: hfFeatures } };
  if (fingerprint) metadata.fingerprint = fingerprint;
  return pyJsonDumps(metadata);
}
