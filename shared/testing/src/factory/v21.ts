import type { DatasetModel } from './model';
import type { WrittenDataset } from './output';
import { pyJsonLines } from './py-json';
import { episodesStats, statsJson } from './stats';
import { writeV2 } from './v2';

/** LeRobot v2.1: the v2 layout with per-episode stats in meta/episodes_stats.jsonl (no meta/stats.json). */
export function writeV21(dir: string, model: DatasetModel): Promise<WrittenDataset> {
  return writeV2(dir, model, () => {
    const stats = episodesStats(model, 'v2.1');
    const rows = model.episodes.map((e, i) => ({ episode_index: e.episodeIndex, stats: statsJson(stats[i]) }));
    return { path: 'meta/episodes_stats.jsonl', content: pyJsonLines(rows) };
  });
}
