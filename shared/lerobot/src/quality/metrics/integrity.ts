import { LeRobotDataset } from '../../dataset';
import { DimProfile, EpisodeContext, EpisodeSummary, measure } from '../episode';
import { Draft, hard } from '../findings';

/** §1 integrity: deterministic corruption, every finding HARD. */

export function checkNonFinite(context: EpisodeContext, profiles: DimProfile[], summary: EpisodeSummary): void {
  let total = 0;
  for (const dim of context.plan.dims) {
    const profile = profiles[dim.slot];
    if (profile.nonFinite === 0) continue;
    total += profile.nonFinite;
    summary.findings.push(
      hard({
        metric: 'non_finite',
        value: profile.nonFinite,
        threshold: 0,
        feature: dim.feature,
        dimension: dim.name,
        frames: [profile.firstBad, profile.lastBad],
        message: `${profile.nonFinite} NaN, ±Inf or missing value(s) in ${dim.name}, frames ${profile.firstBad}–${profile.lastBad}.`,
      }),
    );
  }
  const timestamps = context.run.timestamp;
  if (timestamps) {
    let bad = 0;
    let first = -1;
    let last = -1;
    for (let i = 0; i < context.n; i += 1) {
      if (Number.isFinite(timestamps[i])) continue;
      if (bad === 0) first = i;
      last = i;
      bad += 1;
    }
    if (bad > 0) {
      total += bad;
      summary.findings.push(
        hard({ metric: 'non_finite', value: bad, threshold: 0, feature: 'timestamp', dimension: 'timestamp', frames: [first, last], message: `${bad} non-finite timestamp(s), frames ${first}–${last}.` }),
      );
    }
  }
  measure(summary, 'non_finite', total);
}

/** Rows in the data against the episode's length in the metadata. */
export function checkLength(context: EpisodeContext, summary: EpisodeSummary): void {
  const expected = context.record?.length;
  if (expected === undefined) {
    measure(summary, 'length_mismatch', null, 'the episode is not in the metadata');
    return;
  }
  measure(summary, 'length_mismatch', Math.abs(context.n - expected));
  if (context.n !== expected) {
    summary.findings.push(
      hard({ metric: 'length_mismatch', value: context.n, threshold: expected, message: `The data holds ${context.n} rows of this episode; the metadata says ${expected}.` }),
    );
  }
}

interface Breaks {
  count: number;
  first: number;
  last: number;
}

function breaksWhere(n: number, bad: (i: number) => boolean): Breaks {
  const result = { count: 0, first: -1, last: -1 };
  for (let i = 0; i < n; i += 1) {
    if (!bad(i)) continue;
    if (result.count === 0) result.first = i;
    result.last = i;
    result.count += 1;
  }
  return result;
}

/** frame_index 0..n−1, global index consecutive from where the metadata puts the episode, episode_index constant. */
export function checkIndices(context: EpisodeContext, summary: EpisodeSummary): void {
  const { run, n } = context;
  if (!run.frame && !run.index && !run.episode) {
    measure(summary, 'index_integrity', null, 'the data has no frame_index, index or episode_index column');
    return;
  }
  let total = 0;
  const report = (breaks: Breaks, message: string) => {
    if (breaks.count === 0) return;
    total += breaks.count;
    summary.findings.push(hard({ metric: 'index_integrity', value: breaks.count, frames: [breaks.first, breaks.last], message }));
  };
  if (run.frame) {
    const frame = run.frame;
    const breaks = breaksWhere(n, (i) => frame[i] !== i);
    report(breaks, `frame_index is not 0..${n - 1}: ${breaks.count} row(s) differ, the first at position ${breaks.first} (frame_index ${frame[breaks.first]}).`);
  }
  if (run.index) {
    const index = run.index;
    const breaks = breaksWhere(n, (i) => i > 0 && index[i] !== index[i - 1] + 1);
    report(breaks, `index is not consecutive: ${breaks.count} break(s), the first at position ${breaks.first} (${index[breaks.first - 1]} → ${index[breaks.first]}).`);
    const expected = context.expectedFirstIndex;
    if (expected !== null && n > 0 && index[0] !== expected) {
      report({ count: 1, first: 0, last: 0 }, `index starts at ${index[0]}; the episodes before it in the metadata put it at ${expected}.`);
    }
  }
  if (run.episode) {
    const episode = run.episode;
    const breaks = breaksWhere(n, (i) => episode[i] !== summary.index);
    report(breaks, `${breaks.count} row(s) of this episode's data carry episode_index ${episode[breaks.first]}, not ${summary.index}.`);
  }
  measure(summary, 'index_integrity', total);
}

/** Findings from the metadata alone: totals, v3.0 row ranges, missing episode indices. */
export function checkMetadata(dataset: LeRobotDataset): { episodes: Map<number, Draft[]>; dataset: Draft[] } {
  const episodes = new Map<number, Draft[]>();
  const datasetFindings: Draft[] = [];
  const add = (episode: number, draft: Draft) => episodes.set(episode, [...(episodes.get(episode) ?? []), draft]);
  const total = dataset.episodes.reduce((sum, episode) => sum + episode.length, 0);
  if (total !== dataset.info.total_frames) {
    datasetFindings.push(
      hard({ metric: 'length_mismatch', value: total, threshold: dataset.info.total_frames, message: `The episode lengths add up to ${total} frames; info.json says total_frames = ${dataset.info.total_frames}.` }),
    );
  }
  let previous: { index: number; to: number } | null = null;
  for (const episode of dataset.episodes) {
    if (episode.fromIndex === null || episode.toIndex === null) continue;
    if (episode.toIndex - episode.fromIndex !== episode.length) {
      add(episode.index, hard({ metric: 'length_mismatch', value: episode.toIndex - episode.fromIndex, threshold: episode.length, message: `dataset_to_index − dataset_from_index = ${episode.toIndex - episode.fromIndex}, but length = ${episode.length}.` }));
    }
    if (previous !== null && episode.fromIndex !== previous.to) {
      add(episode.index, hard({ metric: 'length_mismatch', value: episode.fromIndex, threshold: previous.to, message: `dataset_from_index = ${episode.fromIndex} does not continue episode ${previous.index}'s dataset_to_index = ${previous.to}.` }));
    }
    previous = { index: episode.index, to: episode.toIndex };
  }
  const present = new Set(dataset.episodes.map((episode) => episode.index));
  const expected = dataset.episodes.reduce((most, episode) => Math.max(most, episode.index + 1), dataset.info.total_episodes);
  const missing: number[] = [];
  for (let index = 0; index < expected; index += 1) if (!present.has(index)) missing.push(index);
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? ', …' : '');
    datasetFindings.push(hard({ metric: 'index_integrity', value: missing.length, message: `${missing.length} episode index(es) between 0 and ${expected - 1} have no metadata: ${shown}.` }));
  }
  return { episodes, dataset: datasetFindings };
}

/** Where each episode's first row sits in the global index: v3.0 says so, v2.x counts the lengths before it. */
export function expectedFirstIndices(dataset: LeRobotDataset): Map<number, number> {
  const result = new Map<number, number>();
  let offset = 0;
  for (const episode of dataset.episodes) {
    result.set(episode.index, episode.fromIndex ?? offset);
    offset += episode.length;
  }
  return result;
}
