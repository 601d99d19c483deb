import { EpisodeSummary, measure } from '../episode';
import { fmt, info } from '../findings';
import { eigenSymmetric } from '../pca';
import { DatasetContext } from './context';
import { comparedDims, pointsOf } from './task-groups';

/** Points of every episode's trajectory in at most `coverage_dims` coordinates, and what they are. */
interface Projected {
  /** Per episode, its points' coordinates row-major (points × axes). */
  episodes: { summary: EpisodeSummary; coordinates: Float64Array }[];
  axes: number;
  explained: number | null;
}

/**
 * coverage (INFO): occupancy of a grid of `coverage_bins` per axis over the range-normalised state, reduced to at
 * most `coverage_dims` principal components, and per episode how uncommon its cells are: the mean over the cells it
 * visits of ln(E / c) / ln(E), where c of the E episodes visit the cell (0: every episode passes there; 1: only
 * this one). The resampled trajectories stand in for the frames, so each episode weighs the same whatever its length.
 */
export function noteCoverage(context: DatasetContext): void {
  const { params } = context;
  const episodes = context.summaries.filter((summary) => summary.trajectory);
  const dims = comparedDims(context);
  const reason = episodes.length < 2 ? 'fewer than 2 episodes have a state trajectory' : dims.length === 0 ? 'the state has no continuous dimension with a range' : null;
  if (reason) {
    for (const summary of episodes) measure(summary, 'coverage', null, reason);
    return;
  }
  const projected = project(context, episodes, dims);
  const bins = params.coverage_bins;
  const { axes } = projected;
  const low = new Float64Array(axes).fill(Infinity);
  const high = new Float64Array(axes).fill(-Infinity);
  for (const { coordinates } of projected.episodes) {
    for (let i = 0; i < coordinates.length; i += 1) {
      low[i % axes] = Math.min(low[i % axes], coordinates[i]);
      high[i % axes] = Math.max(high[i % axes], coordinates[i]);
    }
  }
  const visits = projected.episodes.map(({ coordinates }) => {
    const cells = new Set<number>();
    for (let start = 0; start < coordinates.length; start += axes) {
      let cell = 0;
      for (let axis = 0; axis < axes; axis += 1) {
        const span = high[axis] - low[axis];
        cell = cell * bins + (span > 0 ? Math.min(bins - 1, Math.floor(((coordinates[start + axis] - low[axis]) / span) * bins)) : 0);
      }
      cells.add(cell);
    }
    return cells;
  });
  const counts = new Map<number, number>();
  for (const cells of visits) for (const cell of cells) counts.set(cell, (counts.get(cell) ?? 0) + 1);
  const total = episodes.length;
  projected.episodes.forEach(({ summary }, e) => {
    let rarity = 0;
    for (const cell of visits[e]) rarity += Math.log(total / (counts.get(cell) as number)) / Math.log(total);
    measure(summary, 'coverage', rarity / visits[e].size);
  });
  const cells = bins ** axes;
  const occupancy = counts.size / cells;
  context.fitted.coverage_occupancy = occupancy;
  const space =
    projected.explained === null
      ? `the ${axes} range-normalised state dimension(s)`
      : `the first ${axes} principal components of the range-normalised state (${fmt(100 * projected.explained)} % of its variance)`;
  context.findings.push(
    info({
      metric: 'coverage',
      value: occupancy,
      feature: context.plan.motion?.key ?? null,
      message: `The ${total} episodes visit ${counts.size} of the ${cells} cells (${fmt(100 * occupancy)} %) of a ${bins}-bin grid over ${space}; each episode's coverage value says how uncommon its cells are (0 = visited by every episode, 1 = by it alone).`,
    }),
  );
}

/** The compared dimensions as they are when there are few enough, else their leading principal components. */
function project(context: DatasetContext, episodes: EpisodeSummary[], dims: number[]): Projected {
  const size = dims.length;
  const rows = episodes.map((summary) => {
    const { points, width, values } = pointsOf(context, summary);
    const coordinates = new Float64Array(points * size);
    for (let p = 0; p < points; p += 1) for (let k = 0; k < size; k += 1) coordinates[p * size + k] = values[p * width + dims[k]];
    return { summary, coordinates };
  });
  const axes = Math.min(context.params.coverage_dims, size);
  if (size <= axes) return { episodes: rows, axes: size, explained: null };
  // Sums of products about a provisional centre (the first point): one pass, accurate for data in [0, 1].
  const centre = rows[0].coordinates.slice(0, size);
  const sums = new Float64Array(size);
  const products = new Float64Array(size * size);
  const shifted = new Float64Array(size);
  let count = 0;
  for (const { coordinates } of rows) {
    for (let start = 0; start < coordinates.length; start += size) {
      for (let i = 0; i < size; i += 1) shifted[i] = coordinates[start + i] - centre[i];
      for (let i = 0; i < size; i += 1) {
        const di = shifted[i];
        sums[i] += di;
        for (let j = i; j < size; j += 1) products[i * size + j] += di * shifted[j];
      }
      count += 1;
    }
  }
  const mean = Float64Array.from(centre, (value, i) => value + sums[i] / count);
  const covariance = new Float64Array(size * size);
  for (let i = 0; i < size; i += 1) {
    for (let j = i; j < size; j += 1) {
      covariance[i * size + j] = covariance[j * size + i] = products[i * size + j] / count - (sums[i] / count) * (sums[j] / count);
    }
  }
  const { values, vectors } = eigenSymmetric(covariance, size);
  const variance = values.reduce((a, b) => a + Math.max(0, b), 0);
  const kept = vectors.slice(0, axes);
  return {
    episodes: rows.map(({ summary, coordinates }) => {
      const points = coordinates.length / size;
      const projectedPoints = new Float64Array(points * axes);
      for (let p = 0; p < points; p += 1) {
        for (let axis = 0; axis < axes; axis += 1) {
          const vector = kept[axis];
          let sum = 0;
          for (let k = 0; k < size; k += 1) sum += vector[k] * (coordinates[p * size + k] - mean[k]);
          projectedPoints[p * axes + axis] = sum;
        }
      }
      return { summary, coordinates: projectedPoints };
    }),
    axes,
    explained: variance > 0 ? values.slice(0, axes).reduce((a, b) => a + Math.max(0, b), 0) / variance : null,
  };
}
