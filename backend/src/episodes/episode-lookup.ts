import { ErrorCode } from '@robokit/api';
import { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { DatasetEntity } from '../datasets/dataset.entity';
import { EpisodeEntity } from './episode.entity';

// The column is a PostgreSQL integer: a larger index is no episode, and must not reach a query as one.
const MAX_EPISODE_INDEX = 2 ** 31 - 1;

/** Whether an index can name an episode at all; any other is answered 404 without asking the database. */
export function isPlausibleEpisodeIndex(index: number): boolean {
  return Number.isInteger(index) && index >= 0 && index <= MAX_EPISODE_INDEX;
}

/** The dataset's episode of that index (as its extracted metadata lists it), or 404 EPISODE_NOT_FOUND. */
export async function findEpisode(repository: Repository<EpisodeEntity>, dataset: DatasetEntity, index: number): Promise<EpisodeEntity> {
  const row = isPlausibleEpisodeIndex(index) ? await repository.findOneBy({ datasetId: dataset.id, episodeIndex: index }) : null;
  if (!row) {
    throw new DomainError(ErrorCode.EpisodeNotFound, `Dataset ${dataset.id} has no episode ${index}${dataset.metadata ? '' : ' (its metadata has not been extracted yet)'}.`, { datasetId: dataset.id, episode: index });
  }
  return row;
}
