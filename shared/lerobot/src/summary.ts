import { EpisodeLengthSummary } from '@robokit/api';

export function summariseLengths(lengths: number[]): EpisodeLengthSummary {
  if (lengths.length === 0) return { min: 0, median: 0, max: 0 };
  const sorted = [...lengths].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1] };
}
