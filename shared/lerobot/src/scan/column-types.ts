import { FeatureSpec } from '../info';

/**
 * Parquet columns as DuckDB types them, against the dtype and shape info.json declares (lerobot-format.md §3.2,
 * §4.2). A vector is a list (fixed-size from HF `datasets`, variable from pandas: both read as `FLOAT[]`), an
 * N-D array N nested lists; the element type is what the dtype names.
 */

export type TypeFamily = 'number' | 'string' | 'binary' | 'struct' | 'other';

export interface ColumnType {
  /** DuckDB's spelling, e.g. `FLOAT[]`. */
  text: string;
  /** Innermost type, e.g. `FLOAT`. */
  base: string;
  /** Levels of list nesting: 0 for a scalar. */
  depth: number;
  family: TypeFamily;
}

const FLOATS = new Set(['FLOAT', 'DOUBLE', 'HALF', 'FLOAT16']);
const INTEGERS = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT']);

/** What DuckDB reads for each NumPy dtype LeRobot writes (float16 arrives widened to FLOAT). */
const DTYPE_TO_DUCKDB: Record<string, string> = {
  float16: 'FLOAT',
  float32: 'FLOAT',
  float64: 'DOUBLE',
  int8: 'TINYINT',
  int16: 'SMALLINT',
  int32: 'INTEGER',
  int64: 'BIGINT',
  uint8: 'UTINYINT',
  uint16: 'USMALLINT',
  uint32: 'UINTEGER',
  uint64: 'UBIGINT',
  bool: 'BOOLEAN',
  string: 'VARCHAR',
};

function familyOf(base: string): TypeFamily {
  if (FLOATS.has(base) || INTEGERS.has(base) || base === 'BOOLEAN' || base.startsWith('DECIMAL')) return 'number';
  if (base === 'VARCHAR') return 'string';
  if (base === 'BLOB') return 'binary';
  if (base.startsWith('STRUCT') || base.startsWith('MAP') || base === 'JSON') return 'struct';
  return 'other';
}

/** Splits `FLOAT[][6]` into its element type and nesting depth (a trailing `[]` or `[N]` is one level). */
export function parseColumnType(text: string): ColumnType {
  let base = text.trim();
  let depth = 0;
  for (let match = /\[\d*\]$/.exec(base); match; match = /\[\d*\]$/.exec(base)) {
    base = base.slice(0, match.index);
    depth += 1;
  }
  return { text, base, depth, family: familyOf(base) };
}

export function isFloatType(type: ColumnType): boolean {
  return FLOATS.has(type.base);
}

/** Features whose values live in the parquet (video frames live in mp4 files). */
export function hasColumn(feature: FeatureSpec): boolean {
  return feature.dtype !== 'video';
}

/** Numeric features (including bool): LeRobot keeps min/max/mean/std/count for them (§6.1). */
export function isNumericDtype(dtype: string): boolean {
  return dtype === 'bool' || /^(float|int|uint)\d+$/.test(dtype);
}

/** List levels a feature's column has: `[1]` is a scalar (HF `Value`), `[N]` a list, `[A, B]` a list of lists. */
export function expectedDepth(feature: FeatureSpec): number {
  if (feature.dtype === 'image' || feature.dtype === 'language') return 0;
  return feature.shape.length === 1 && feature.shape[0] === 1 ? 0 : feature.shape.length;
}

export type TypeVerdict = 'ok' | 'precision' | 'wrong';

/**
 * `precision`: same kind of value in another width (float64 for float32, int32 for int64): HF `datasets` casts
 * it when LeRobot loads the file. `wrong`: another kind, or another nesting (a list for a scalar): the cast fails.
 */
export function compareType(feature: FeatureSpec, type: ColumnType): TypeVerdict {
  if (type.depth !== expectedDepth(feature)) return 'wrong';
  if (feature.dtype === 'image') return type.family === 'struct' || type.family === 'binary' ? 'ok' : 'wrong';
  if (feature.dtype === 'language') return 'ok';
  const expected = DTYPE_TO_DUCKDB[feature.dtype];
  if (!expected) return 'ok'; // a dtype RoboKit does not know: nothing to compare against
  if (type.base === expected || (feature.dtype === 'float16' && type.base === 'HALF')) return 'ok';
  return type.family === familyOf(expected) ? 'precision' : 'wrong';
}

/** What the dtype and shape ask for, in DuckDB's spelling, for messages: `FLOAT[]` of length 6. */
export function describeExpected(feature: FeatureSpec): string {
  if (feature.dtype === 'image') return 'a STRUCT {bytes, path} (HF Image)';
  const base = DTYPE_TO_DUCKDB[feature.dtype] ?? feature.dtype;
  const depth = expectedDepth(feature);
  return depth === 0 ? base : `${base}${'[]'.repeat(depth)} of shape [${feature.shape.join(', ')}]`;
}
