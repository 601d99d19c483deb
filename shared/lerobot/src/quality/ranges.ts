import { listValue } from '@duckdb/node-api';
import { LeRobotDataset } from '../dataset';
import { column, query } from '../duckdb';
import { flatNumbers, StatsByFeature } from '../stats';
import { SignalPlan } from './signals';

/** Dataset-wide finite min and max per signal slot; NaN where no finite value was read. */
export interface DimRanges {
  min: Float64Array;
  max: Float64Array;
}

/** Each column of the file: whether it is a list. */
async function columnsOf(file: string): Promise<Map<string, boolean>> {
  const rows = await query('DESCRIBE SELECT * FROM read_parquet($file)', { file });
  return new Map(rows.map((row) => [String(row.column_name), String(row.column_type).endsWith(']')]));
}

/** What DuckDB sees of a slot: the list element, the scalar column, or nothing when the file lacks it. */
function slotExpression(plan: SignalPlan, slot: number, columns: Map<string, boolean>): string {
  const dim = plan.dims[slot];
  const list = columns.get(dim.feature);
  if (list === undefined) return 'NULL::DOUBLE';
  return `${list ? `${column(dim.feature)}[${dim.position + 1}]` : column(dim.feature)}::DOUBLE`;
}

/**
 * The normalisation ranges (quality-metrics.md: dimensions are normalised by their dataset-wide range), from
 * the data itself in one aggregate statement: metadata stats can be stale or wrong. NaN and ±Inf would make
 * DuckDB's min/max non-finite, so only the slots where that happens are read again without them.
 */
export async function dataRanges(plan: SignalPlan, locals: string[]): Promise<DimRanges> {
  const slots = plan.dims.length;
  const ranges: DimRanges = { min: new Float64Array(slots).fill(NaN), max: new Float64Array(slots).fill(NaN) };
  if (slots === 0 || locals.length === 0) return ranges;
  try {
    await aggregate(plan, locals, ranges);
  } catch {
    // One unreadable or differently shaped file fails the statement: take the files one by one, skip bad ones.
    for (const local of locals) {
      const single: DimRanges = { min: new Float64Array(slots).fill(NaN), max: new Float64Array(slots).fill(NaN) };
      try {
        await aggregate(plan, [local], single);
      } catch {
        continue;
      }
      for (let slot = 0; slot < slots; slot += 1) {
        ranges.min[slot] = finiteMin(ranges.min[slot], single.min[slot]);
        ranges.max[slot] = finiteMax(ranges.max[slot], single.max[slot]);
      }
    }
  }
  return ranges;
}

const finiteMin = (a: number, b: number) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b));
const finiteMax = (a: number, b: number) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b));

async function aggregate(plan: SignalPlan, locals: string[], ranges: DimRanges): Promise<void> {
  const columns = await columnsOf(locals[0]);
  const expressions = plan.dims.map((dim) => slotExpression(plan, dim.slot, columns));
  const files = listValue(locals);
  const select = expressions.map((x, slot) => `min(${x}) AS lo${slot}, max(${x}) AS hi${slot}`).join(', ');
  const [row] = await query(`SELECT ${select} FROM read_parquet($files)`, { files });
  const again: number[] = [];
  plan.dims.forEach((dim) => {
    const lo = row[`lo${dim.slot}`] as number | null;
    const hi = row[`hi${dim.slot}`] as number | null;
    if (lo === null || hi === null) return;
    if (Number.isFinite(lo) && Number.isFinite(hi)) {
      ranges.min[dim.slot] = lo;
      ranges.max[dim.slot] = hi;
    } else {
      again.push(dim.slot);
    }
  });
  if (again.length === 0) return;
  const filtered = again
    .map((slot) => `min(${expressions[slot]}) FILTER (WHERE isfinite(${expressions[slot]})) AS lo${slot}, max(${expressions[slot]}) FILTER (WHERE isfinite(${expressions[slot]})) AS hi${slot}`)
    .join(', ');
  const [finite] = await query(`SELECT ${filtered} FROM read_parquet($files)`, { files });
  for (const slot of again) {
    ranges.min[slot] = (finite[`lo${slot}`] as number | null) ?? NaN;
    ranges.max[slot] = (finite[`hi${slot}`] as number | null) ?? NaN;
  }
}

/** The dataset range from the per-episode stats, and each episode's own min and max to check the data against. */
export interface StatsRanges {
  ranges: DimRanges;
  episodes: Map<number, DimRanges>;
}

/**
 * Ranges from the metadata's per-episode min/max (v2.1 episodes_stats.jsonl, v3.0 stats/* columns), when every
 * episode has finite ones for every analysed dimension: this spares a read of all the data before the
 * frame pass. They are only trusted while each analysed episode's data reproduces its own min and max
 * (see `matchesStats`); null when the metadata cannot give them.
 */
export function statsRanges(dataset: LeRobotDataset, plan: SignalPlan, stats: Map<number, StatsByFeature> | null): StatsRanges | null {
  if (plan.dims.length === 0 || dataset.episodes.length === 0 || !stats) return null;
  const slots = plan.dims.length;
  const ranges: DimRanges = { min: new Float64Array(slots).fill(Infinity), max: new Float64Array(slots).fill(-Infinity) };
  const episodes = new Map<number, DimRanges>();
  for (const episode of dataset.episodes) {
    const byFeature = stats.get(episode.index);
    const own: DimRanges = { min: new Float64Array(slots), max: new Float64Array(slots) };
    for (const feature of plan.features) {
      const min = flatNumbers(byFeature?.[feature.key]?.min);
      const max = flatNumbers(byFeature?.[feature.key]?.max);
      if (min.length !== feature.dims.length || max.length !== feature.dims.length) return null;
      for (const dim of feature.dims) {
        const lo = min[dim.position];
        const hi = max[dim.position];
        if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) return null;
        own.min[dim.slot] = lo;
        own.max[dim.slot] = hi;
        ranges.min[dim.slot] = Math.min(ranges.min[dim.slot], lo);
        ranges.max[dim.slot] = Math.max(ranges.max[dim.slot], hi);
      }
    }
    episodes.set(episode.index, own);
  }
  return { ranges, episodes };
}

/** The data's finite min and max per slot reproduce the episode's stats (slots without data are not judged). */
export function matchesStats(expected: DimRanges | undefined, min: Float64Array, max: Float64Array): boolean {
  if (!expected) return false;
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
  for (let slot = 0; slot < min.length; slot += 1) {
    if (Number.isNaN(min[slot])) continue;
    if (!close(min[slot], expected.min[slot]) || !close(max[slot], expected.max[slot])) return false;
  }
  return true;
}
