import { Severity } from '@robokit/api';
import { ValidationContext } from '../context';

/** Episode metadata consistency: indices 0..n-1, known tasks, and v3.0 global row ranges (§7.3, §7.5). */
export async function checkEpisodes({ dataset, findings }: ValidationContext): Promise<void> {
  const known = new Set(dataset.tasks.map((task) => task.task));
  dataset.episodes.forEach((episode, position) => {
    if (episode.index !== position) {
      findings.add('EPISODE_INDEX_GAP', Severity.Error, `Episode metadata row ${position} is episode ${episode.index}; episode indices must run 0…n−1 without gaps or duplicates.`, { episode: episode.index });
    }
    for (const task of episode.tasks) {
      if (!known.has(task)) {
        findings.add('EPISODE_TASK_UNKNOWN', Severity.Error, `Episode ${episode.index} names task "${task}", which is not in the task table.`, { episode: episode.index });
      }
    }
    if (episode.length === 0) {
      findings.add('EPISODE_EMPTY', Severity.Error, `Episode ${episode.index} has length 0.`, { episode: episode.index });
    }
  });
  if (dataset.version !== 'v3.0') return;
  let expectedFrom = 0;
  for (const episode of dataset.episodes) {
    if (episode.fromIndex === null || episode.toIndex === null) {
      findings.add('EPISODE_RANGE_MISSING', Severity.Error, `Episode ${episode.index} has no dataset_from_index/dataset_to_index.`, { episode: episode.index });
      continue;
    }
    if (episode.toIndex - episode.fromIndex !== episode.length) {
      findings.add('EPISODE_RANGE_LENGTH', Severity.Error, `Episode ${episode.index} spans rows ${episode.fromIndex}–${episode.toIndex} (${episode.toIndex - episode.fromIndex} rows) but its length is ${episode.length}.`, { episode: episode.index });
    }
    if (episode.fromIndex !== expectedFrom) {
      findings.add('EPISODE_RANGE_GAP', Severity.Error, `Episode ${episode.index} starts at global row ${episode.fromIndex}, but the previous episode ended at ${expectedFrom}; ranges must be contiguous.`, { episode: episode.index });
    }
    expectedFrom = episode.toIndex;
  }
}
