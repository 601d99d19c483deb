import { column } from '../duckdb';
import { FeatureSpec } from '../info';
import { ColumnType, expectedDepth, isFloatType, isNumericDtype } from './column-types';

/** Stats are recomputed for features of at most this many elements (a 2048×3 point cloud is left out). */
export const MAX_STATS_ELEMENTS = 256;

/** A numeric feature whose per-dimension moments the scan computes. */
export interface NumericColumn {
  key: string;
  /**
   * NaN/±Inf are possible (float columns): rows holding them are counted; the moments leave them out (exact path)
   * or turn non-finite (sums path), and either way the feature's stats are not compared where they occur.
   */
  float: boolean;
  /** SQL for each element, in row-major order of the shape (the order of LeRobot's flattened stats). */
  elements: string[];
  /** SQL for the sum of a row's values (the value itself for a scalar). */
  rowSum: string;
  /**
   * float32 features are summed (Σx, Σx² in float64) rather than run through stddev_pop with NaN mapped to NULL,
   * which costs a third more: the float64 cancellation in Σx²/n − mean² (~n·2⁻⁵³·E[x²]) is 2²⁹ times below the
   * float32 rounding the stats are compared with. float64 and integer features keep the exact path.
   */
  sums: boolean;
}

/** A list column whose every row must have the declared shape. */
export interface ShapeColumn {
  key: string;
  shape: number[];
}

/** What one scan computes over a set of files that share a schema. */
export interface ScanPlan {
  /** The LeRobot default columns that are present as numeric scalars. */
  episode: boolean;
  frame: boolean;
  timestamp: boolean;
  index: boolean;
  task: boolean;
  numeric: NumericColumn[];
  shapes: ShapeColumn[];
}

function numericScalar(type: ColumnType | undefined): boolean {
  return type !== undefined && type.family === 'number' && type.depth === 0;
}

/** `x[i][j]…` for every index of the shape, row-major (DuckDB lists are 1-based). */
function elementPaths(base: string, shape: number[]): string[] {
  let paths = [base];
  for (const size of shape) {
    paths = paths.flatMap((path) => Array.from({ length: size }, (_, i) => `${path}[${i + 1}]`));
  }
  return paths;
}

export function planScan(features: Record<string, FeatureSpec>, columns: Map<string, ColumnType>): ScanPlan {
  const plan: ScanPlan = {
    episode: numericScalar(columns.get('episode_index')),
    frame: numericScalar(columns.get('frame_index')),
    timestamp: numericScalar(columns.get('timestamp')),
    index: numericScalar(columns.get('index')),
    task: numericScalar(columns.get('task_index')),
    numeric: [],
    shapes: [],
  };
  for (const [key, feature] of Object.entries(features)) {
    const type = columns.get(key);
    const depth = expectedDepth(feature);
    if (!type || type.depth !== depth) continue;
    if (depth > 0) plan.shapes.push({ key, shape: feature.shape });
    if (!isNumericDtype(feature.dtype) || type.family !== 'number') continue;
    const size = feature.shape.reduce((product, n) => product * n, 1);
    if (size > MAX_STATS_ELEMENTS) continue;
    const elements = depth === 0 ? [column(key)] : elementPaths(column(key), feature.shape);
    let flat = column(key);
    for (let level = 1; level < depth; level++) flat = `flatten(${flat})`;
    const rowSum = depth === 0 ? column(key) : `list_sum(${flat})`;
    plan.numeric.push({ key, float: isFloatType(type), elements, rowSum, sums: feature.dtype === 'float32' || feature.dtype === 'float16' });
  }
  return plan;
}
