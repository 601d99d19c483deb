import { parquetWriteBuffer, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import type { EpisodeData, FrameFeature } from './model';
import { pyJsonDumps, type PyValue } from './py-json';

/**
 * One episode's frame table as LeRobot v2.x writes it through HF `datasets` (pyarrow): root named `schema`,
 * nullable columns, vectors as 3-level LIST<element: FLOAT>, SNAPPY, row groups of 1000 rows (the `datasets`
 * writer batch size) and the `huggingface` key/value metadata that lets `datasets` load it without casting.
 * Not written: pyarrow's `ARROW:schema` blob (it only restores the fixed_size_list type; readers see a list).
 */
export function frameTableParquet(features: FrameFeature[], episode: EpisodeData): Uint8Array {
  const schema: SchemaElement[] = [{ name: 'schema', repetition_type: 'REQUIRED', num_children: features.length }];
  const columnData: ColumnSource[] = [];
  for (const feature of features) {
    const values = episode.columns[feature.key];
    const leafType = feature.dtype === 'float32' ? 'FLOAT' : 'INT64';
    if (feature.width > 1) {
      schema.push(
        { name: feature.key, repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', repetition_type: 'OPTIONAL', type: leafType },
      );
      const rows = Array.from({ length: episode.length }, (_, i) =>
        Array.from(values.subarray(i * feature.width, (i + 1) * feature.width)),
      );
      columnData.push({ name: feature.key, data: rows });
    } else {
      schema.push({ name: feature.key, repetition_type: 'OPTIONAL', type: leafType });
      // hyparquet-writer takes INT64 as BigInt and FLOAT from a Float32Array (the float64 buffer is narrowed here).
      const data = feature.dtype === 'int64' ? BigInt64Array.from(values, (v) => BigInt(v)) : Float32Array.from(values);
      columnData.push({ name: feature.key, data });
    }
  }
  const buffer = parquetWriteBuffer({
    columnData,
    schema,
    codec: 'SNAPPY',
    rowGroupSize: 1000,
    kvMetadata: [{ key: 'huggingface', value: huggingfaceMetadata(features) }],
  });
  return new Uint8Array(buffer);
}

/** The `datasets` Features of the table, serialised as `datasets` does (json.dumps defaults). */
function huggingfaceMetadata(features: FrameFeature[]): string {
  const hfFeatures: Record<string, PyValue> = {};
  for (const feature of features) {
    const value = { dtype: feature.dtype, _type: 'Value' };
    hfFeatures[feature.key] = feature.width > 1 ? { feature: value, length: feature.width, _type: 'Sequence' } : value;
  }
  return pyJsonDumps({ info: { features: hfFeatures } });
}
