import { LeRobotDataset } from '@robokit/lerobot';
import { EntityManager } from 'typeorm';
import { EpisodeEntity } from './episode.entity';

// Parameters per INSERT stay well under PostgreSQL's 65,535 limit.
const BATCH = 1000;

/** The dataset's episode rows as its metadata now lists them; scores from an older analysis are dropped. */
export async function replaceEpisodes(manager: EntityManager, datasetId: string, dataset: LeRobotDataset): Promise<void> {
  await manager.delete(EpisodeEntity, { datasetId });
  const rows = dataset.episodes.map((episode) => ({
    datasetId,
    episodeIndex: episode.index,
    length: episode.length,
    durationS: episode.length / dataset.info.fps,
    tasks: episode.tasks,
    dataFile: episode.dataFile,
    videos: episode.videos,
  }));
  for (let start = 0; start < rows.length; start += BATCH) {
    await manager.insert(EpisodeEntity, rows.slice(start, start + BATCH));
  }
}
