import { LeRobotDataset } from '@robokit/lerobot';
import { EntityManager } from 'typeorm';
import { insertInBatches } from '../database/insert-in-batches';
import { EpisodeEntity } from './episode.entity';

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
  await insertInBatches(manager, EpisodeEntity, rows);
}
