import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ErrorCode, ReviewDecision, ReviewExport } from '@robokit/api';
import { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Page, parseSort } from '../common/pagination';
import { isForeignKeyViolation } from '../database/constraint-violations';
import { datasetNotFound, findOwnedDataset } from '../datasets/dataset-lookup';
import { DatasetEntity } from '../datasets/dataset.entity';
import { findEpisode } from '../episodes/episode-lookup';
import { EpisodeEntity } from '../episodes/episode.entity';
import { ListReviewsQueryDto, ReviewSortField } from './dto/list-reviews.dto';
import { ReviewEpisodeDto } from './dto/review.dto';
import { EpisodeReviewEntity } from './episode-review.entity';

@Injectable()
export class ReviewsService {
  constructor(
    @InjectRepository(EpisodeReviewEntity) private readonly reviews: Repository<EpisodeReviewEntity>,
    @InjectRepository(EpisodeEntity) private readonly episodes: Repository<EpisodeEntity>,
    @InjectRepository(DatasetEntity) private readonly datasets: Repository<DatasetEntity>,
  ) {}

  /** Sets the episode's review, replacing any earlier one (a PUT: a note left out is cleared). */
  async put(ownerId: string, datasetId: string, index: number, body: ReviewEpisodeDto): Promise<EpisodeReviewEntity> {
    const dataset = await findOwnedDataset(this.datasets, ownerId, datasetId);
    await findEpisode(this.episodes, dataset, index);
    // A form's empty note field means "no note", not a note that is empty.
    const note = body.note?.trim() ? body.note : null;
    const review = { datasetId: dataset.id, episodeIndex: index, decision: body.decision, note };
    try {
      const { generatedMaps } = await this.reviews.upsert(review, ['datasetId', 'episodeIndex']);
      // What the statement returned (id and timestamps), not a second read: a DELETE of the same review
      // between the two would turn a successful PUT into an error.
      return this.reviews.create({ ...review, ...generatedMaps[0] });
    } catch (error) {
      // The dataset was deleted between the lookup and the write.
      if (isForeignKeyViolation(error)) throw datasetNotFound(datasetId);
      throw error;
    }
  }

  /** Clears the episode's review, so it counts as not reviewed (kept) again; clearing none is fine. */
  async clear(ownerId: string, datasetId: string, index: number): Promise<void> {
    const dataset = await findOwnedDataset(this.datasets, ownerId, datasetId);
    await findEpisode(this.episodes, dataset, index);
    await this.reviews.delete({ datasetId: dataset.id, episodeIndex: index });
  }

  async list(ownerId: string, datasetId: string, query: ListReviewsQueryDto): Promise<Page<EpisodeReviewEntity>> {
    const dataset = await findOwnedDataset(this.datasets, ownerId, datasetId);
    const { field, direction } = parseSort<ReviewSortField>(query.sort, { field: 'episodeIndex', direction: 'ASC' });
    const [items, total] = await this.reviews.findAndCount({
      where: { datasetId: dataset.id, ...(query.decision ? { decision: query.decision } : {}) },
      order: { [field]: direction, episodeIndex: direction },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** Every episode of the dataset split into excluded and the rest, read in one query. */
  async export(ownerId: string, datasetId: string): Promise<ReviewExport> {
    const dataset = await findOwnedDataset(this.datasets, ownerId, datasetId);
    if (!dataset.metadata) {
      // Without extracted metadata the episodes are unknown: an empty list would read as "keep none".
      throw new DomainError(ErrorCode.AnalysisNotFound, `Dataset ${dataset.id} has no episodes to export yet: its metadata has not been extracted.`, { datasetId: dataset.id });
    }
    const rows = await this.episodes
      .createQueryBuilder('e')
      .leftJoin(EpisodeReviewEntity, 'r', 'r.datasetId = e.datasetId AND r.episodeIndex = e.episodeIndex')
      .select('e.episodeIndex', 'index')
      .addSelect('r.decision', 'decision')
      .where('e.datasetId = :datasetId', { datasetId: dataset.id })
      .orderBy('e.episodeIndex', 'ASC')
      .getRawMany<{ index: number; decision: ReviewDecision | null }>();
    const excluded = rows.filter((row) => row.decision === ReviewDecision.Exclude).map((row) => row.index);
    const episodes = rows.filter((row) => row.decision !== ReviewDecision.Exclude).map((row) => row.index);
    return { datasetId: dataset.id, repoId: dataset.repoId, commitSha: dataset.commitSha, excluded, episodes };
  }
}
