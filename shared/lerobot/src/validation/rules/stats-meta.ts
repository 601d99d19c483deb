import { Severity } from '@robokit/api';
import { isCamera } from '../../cameras';
import { EPISODES_STATS, flatNumbers, readDatasetStats, readEpisodeStats, STATS_JSON } from '../../stats';
import { ValidationContext } from '../context';

/** Stats are where each version keeps them, and camera stats are not LeRobot's known zero-std defect (§6). */
export async function checkStatsMetadata({ dataset, files, findings }: ValidationContext): Promise<void> {
  if (dataset.episodes.length === 0) return; // nothing to have stats of; EMPTY_DATASET says so
  if (dataset.version !== 'v2.1' && (await readDatasetStats(files)) === null) {
    findings.add('STATS_MISSING', Severity.Error, `${STATS_JSON} is missing; LeRobot normalises inputs with it.`, { file: STATS_JSON });
  }
  const perEpisode = await readEpisodeStats(dataset, files);
  if (!perEpisode) return;
  const where = dataset.version === 'v2.1' ? EPISODES_STATS : 'meta/episodes';
  for (const episode of dataset.episodes) {
    const stats = perEpisode.get(episode.index);
    if (!stats) {
      findings.add('EPISODE_STATS_MISSING', Severity.Error, `Episode ${episode.index} has no stats in ${where}.`, { file: where, episode: episode.index });
      continue;
    }
    for (const [key, feature] of Object.entries(dataset.info.features)) {
      if (!isCamera(feature) || !stats[key]) continue;
      const std = flatNumbers(stats[key].std);
      const [min, max] = [flatNumbers(stats[key].min), flatNumbers(stats[key].max)];
      if (std.length > 0 && std.every((value) => value === 0) && max.some((value, i) => value > (min[i] ?? value))) {
        findings.add(
          'CAMERA_STD_ZERO',
          Severity.Warning,
          `Camera ${key} of episode ${episode.index} has std 0 although its pixels vary (max > min): LeRobot 0.4–0.5's uint8 overflow, a stats defect rather than bad video; recompute the stats.`,
          { file: where, episode: episode.index, feature: key },
        );
      }
    }
  }
}
