import { column } from '../duckdb';
import { ScanPlan, ShapeColumn } from './scan-plan';

/**
 * The one statement a scan runs over a set of data files: one row per (file, episode_index) group. Its aggregate
 * branch reads every numeric column once (moments per dimension, NaN/Inf, list lengths); its window branch reads
 * only the small default columns (frame_index, timestamp and index steps, task_index) in storage order, so the
 * wide list columns never go through a sort. `file_index` and `file_row_number` are DuckDB's virtual columns.
 */

/** The timestamp rule: |Δt − period| ≤ tolerance inside an episode; the task_index values that exist. */
export interface ScanSettings {
  period: number;
  tolerance: number;
  tasks: number[];
}

export const EPISODE_EXPR = (plan: ScanPlan) => (plan.episode ? 'episode_index' : 'NULL::BIGINT');

/** Row predicate: the list (of lists…) has the declared shape; false for a null row. */
function shapeOk(x: string, shape: number[], level = 0): string {
  const length = `len(${x}) = ${shape[level]}`;
  if (level === shape.length - 1) return `coalesce(${length}, false)`;
  const inner = shapeOk(`v${level}`, shape, level + 1);
  return `coalesce(${length} AND list_bool_and(list_transform(${x}, v${level} -> ${inner})), false)`;
}

function shapeColumns({ key, shape }: ShapeColumn, j: number): string[] {
  const x = column(key);
  return [`${shapeOk(x, shape)} AS ok${j}`, `len(${x}) AS len${j}`];
}

function aggregateBranch(plan: ScanPlan): string {
  const inner = ['file_index AS fi', `${EPISODE_EXPR(plan)} AS e`, 'file_row_number AS r'];
  const outer = ['fi', 'e', 'count(*) AS n', 'min(r) AS r0', 'max(r) AS r1'];
  plan.numeric.forEach((feature, j) => {
    feature.elements.forEach((x, d) => {
      const v = `v${j}_${d}`;
      if (feature.sums) {
        // NaN-safe sums (stddev_pop aborts on NaN); a row with NaN/Inf makes them non-finite, and is counted below.
        inner.push(`${x}::DOUBLE AS ${v}`);
        outer.push(`count(${v}) AS ${v}_n`, `min(${v}) AS ${v}_min`, `max(${v}) AS ${v}_max`, `sum(${v}) AS ${v}_sum`, `sum(${v} * ${v}) AS ${v}_sq`);
        return;
      }
      inner.push(`${feature.float ? `CASE WHEN isfinite(${x}) THEN ${x}::DOUBLE END` : `${x}::DOUBLE`} AS ${v}`);
      outer.push(`count(${v}) AS ${v}_n`, `min(${v}) AS ${v}_min`, `max(${v}) AS ${v}_max`, `avg(${v}) AS ${v}_mean`, `stddev_pop(${v}) AS ${v}_std`);
    });
    if (feature.float) {
      // A row holds NaN/±Inf iff the sum of its values is not finite (one list_sum per row, not a test per value).
      inner.push(`NOT coalesce(isfinite(${feature.rowSum}), true) AS bad${j}`);
      outer.push(`count_if(bad${j}) AS bad${j}_rows`, `min(r) FILTER (bad${j}) AS bad${j}_r0`, `max(r) FILTER (bad${j}) AS bad${j}_r1`);
    }
  });
  plan.shapes.forEach((shape, j) => {
    inner.push(...shapeColumns(shape, j));
    outer.push(`count_if(NOT ok${j}) AS sh${j}_rows`, `min(r) FILTER (NOT ok${j}) AS sh${j}_r0`, `max(r) FILTER (NOT ok${j}) AS sh${j}_r1`, `arg_min(len${j}, r) FILTER (NOT ok${j}) AS sh${j}_len`);
  });
  return `SELECT ${outer.join(', ')} FROM (SELECT ${inner.join(', ')} FROM read_parquet($files, hive_partitioning = false)) GROUP BY fi, e`;
}

/**
 * Storage order inside each file (`lag` over file_row_number): a row continues its predecessor's episode when
 * both carry the same episode_index; frame_index must then be the previous one + 1 (0 where an episode starts),
 * and the timestamp step must be 1/fps within the tolerance. `index` must step by 1 over the whole file, whatever
 * the episodes. Rows are reported as file row numbers.
 */
function windowBranch(plan: ScanPlan): string | null {
  if (!plan.frame && !plan.timestamp && !plan.index && !plan.task) return null;
  const inner = ['file_index AS fi', `${EPISODE_EXPR(plan)} AS e`, 'file_row_number AS r', `lag(${EPISODE_EXPR(plan)}) OVER w AS pe`];
  const outer = ['fi', 'e'];
  if (plan.frame) {
    inner.push('frame_index AS f', 'lag(frame_index) OVER w AS pf');
    const bad = 'CASE WHEN cont THEN f IS DISTINCT FROM pf + 1 ELSE f IS DISTINCT FROM 0 END';
    outer.push(`count_if(${bad}) AS f_bad`, `min(r) FILTER (${bad}) AS f_row`, `arg_min(f, r) FILTER (${bad}) AS f_val`, `arg_min(CASE WHEN cont THEN pf + 1 ELSE 0 END, r) FILTER (${bad}) AS f_exp`);
  }
  if (plan.timestamp) {
    inner.push('"timestamp"::DOUBLE AS t', '"timestamp"::DOUBLE - lag("timestamp"::DOUBLE) OVER w AS dt');
    const bad = 'cont AND abs(dt - $period) > $tolerance';
    outer.push(
      'arg_min(t, r) AS t_first',
      `count_if(${bad}) AS t_bad`,
      `min(r) FILTER (${bad}) AS t_row`,
      `arg_min(dt, r) FILTER (${bad}) AS t_dt`,
      `count_if(${bad} AND dt = 0) AS t_dup`,
      `count_if(${bad} AND dt < 0) AS t_back`,
      `count_if(${bad} AND dt > 1.5 * $period) AS t_gap`,
    );
  }
  if (plan.index) {
    inner.push('"index" AS i', 'lag("index") OVER w AS pi');
    const bad = 'r > 0 AND i IS DISTINCT FROM pi + 1';
    outer.push(
      'arg_min(i, r) AS i_first',
      'arg_max(i, r) AS i_last',
      'min(i) AS i_min',
      'max(i) AS i_max',
      `count_if(${bad}) AS i_breaks`,
      `min(r) FILTER (${bad}) AS i_row`,
      `arg_min(i, r) FILTER (${bad}) AS i_val`,
      `arg_min(pi, r) FILTER (${bad}) AS i_prev`,
    );
  }
  if (plan.task) {
    inner.push('task_index AS k');
    const bad = 'NOT coalesce(list_contains($tasks::BIGINT[], k), false)';
    outer.push(`count_if(${bad}) AS k_bad`, `min(r) FILTER (${bad}) AS k_row`, `max(r) FILTER (${bad}) AS k_last`, `list(DISTINCT k) FILTER (${bad}) AS k_vals`);
  }
  const rows = `SELECT ${inner.join(', ')} FROM read_parquet($files, hive_partitioning = false) WINDOW w AS (PARTITION BY file_index ORDER BY file_row_number)`;
  return `SELECT ${outer.join(', ')} FROM (SELECT *, (r > 0 AND pe IS NOT DISTINCT FROM e) AS cont FROM (${rows})) GROUP BY fi, e`;
}

/** The statement and the names of the parameters it uses (besides $files). */
export function scanSql(plan: ScanPlan): { sql: string; params: ('period' | 'tolerance' | 'tasks')[] } {
  const aggregate = aggregateBranch(plan);
  const window = windowBranch(plan);
  const params: ('period' | 'tolerance' | 'tasks')[] = [];
  if (plan.timestamp) params.push('period', 'tolerance');
  if (plan.task) params.push('tasks');
  if (!window) return { sql: aggregate, params };
  const sql = `SELECT a.*, w.* EXCLUDE (fi, e) FROM (${aggregate}) a LEFT JOIN (${window}) w ON a.fi = w.fi AND a.e IS NOT DISTINCT FROM w.e`;
  return { sql, params };
}
