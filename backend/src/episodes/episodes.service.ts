import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EpisodeSeries, ErrorCode, JobType } from '@robokit/api';
import { decimateMinMax, openDataset, plottableFeatures, readEpisodeFrames } from '@robokit/lerobot';
import { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Page, parseSort } from '../common/pagination';
import { findOwnedDataset } from '../datasets/dataset-lookup';
import { DatasetEntity } from '../datasets/dataset.entity';
import { DatasetSnapshot } from '../huggingface/dataset-snapshot';
import { EpisodeSortField, ListEpisodesQueryDto } from './dto/episode.dto';
import { JobsService } from '../jobs/jobs.service';
import { EpisodeQualityEntity } from '../quality/episode-quality.entity';
import { EpisodeReviewEntity } from '../reviews/episode-review.entity';
import { EpisodeEntity } from './episode.entity';
import { findEpisode, isPlausibleEpisodeIndex } from './episode-lookup';

const SORT_COLUMNS: Record<EpisodeSortField, string> = { index: 'e.episodeIndex', length: 'e.length', durationS: 'e.durationS', score: 'e.score' };

@Injectable()
export class EpisodesService {
  constructor(
    @InjectRepository(EpisodeEntity) private readonly episodes: Repository<EpisodeEntity>,
    @InjectRepository(DatasetEntity) private readonly datasets: Repository<DatasetEntity>,
    @InjectRepository(EpisodeQualityEntity) private readonly qualities: Repository<EpisodeQualityEntity>,
    private readonly snapshot: DatasetSnapshot,
    private readonly jobs: JobsService,
  ) {}

  async list(ownerId: string, datasetId: string, query: ListEpisodesQueryDto): Promise<Page<EpisodeEntity>> {
    await findOwnedDataset(this.datasets, ownerId, datasetId);
    const builder = this.episodes
      .createQueryBuilder('e')
      .leftJoinAndMapOne('e.review', EpisodeReviewEntity, 'r', 'r.datasetId = e.datasetId AND r.episodeIndex = e.episodeIndex')
      .where('e.datasetId = :datasetId', { datasetId });
    if (query.verdict) builder.andWhere('e.verdict = :verdict', { verdict: query.verdict });
    if (query.flag) builder.andWhere(':flag = ANY(e.flags)', { flag: query.flag });
    if (query.task) builder.andWhere(':task = ANY(e.tasks)', { task: query.task });
    if (query.review === 'none') builder.andWhere('r.id IS NULL');
    else if (query.review) builder.andWhere('r.decision = :decision', { decision: query.review });
    const { field, direction } = parseSort<EpisodeSortField>(query.sort, { field: 'index', direction: 'ASC' });
    const [items, total] = await builder
      .orderBy(SORT_COLUMNS[field], direction, direction === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST')
      .addOrderBy('e.episodeIndex', 'ASC')
      // An episode has at most one review (unique per dataset and index), so the join never multiplies
      // rows and plain OFFSET/LIMIT pages correctly, without TypeORM's distinct-ids query for skip/take.
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getManyAndCount();
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** Why the latest quality analysis scored the episode as it did. */
  async quality(ownerId: string, datasetId: string, index: number): Promise<EpisodeQualityEntity> {
    const job = await this.jobs.latestAnalysis(ownerId, datasetId, JobType.EvaluateQualityHeuristics);
    const row = isPlausibleEpisodeIndex(index) ? await this.qualities.findOneBy({ jobId: job.id, episodeIndex: index }) : null;
    if (!row) {
      throw new DomainError(ErrorCode.EpisodeNotFound, `The latest quality analysis of dataset ${datasetId} did not analyse episode ${index} (no such episode, or left out of its sample).`, { datasetId, episode: index });
    }
    return row;
  }

  /** The episode's plot data, read from its parquet in the cache (downloaded first if needed). */
  async series(ownerId: string, datasetId: string, index: number, maxPoints: number): Promise<EpisodeSeries> {
    const dataset = await findOwnedDataset(this.datasets, ownerId, datasetId);
    const row = await findEpisode(this.episodes, dataset, index);
    const { files } = await this.snapshot.open(dataset.repoId, dataset.commitSha, [row.dataFile]);
    const lerobot = await openDataset(files);
    const episode = lerobot.episodes.find((candidate) => candidate.index === index);
    if (!episode) throw new DomainError(ErrorCode.EpisodeNotFound, `Episode ${index} is no longer in the dataset's metadata.`, { datasetId, episode: index });
    const raw = await readEpisodeFrames(lerobot, files, episode, plottableFeatures(lerobot));
    const { frames, lines, decimated } = decimateMinMax(raw, maxPoints);
    const fps = lerobot.info.fps;
    return {
      episodeIndex: index,
      length: row.length,
      fps,
      durationS: row.durationS,
      tasks: row.tasks,
      decimation: decimated ? 'minmax' : 'none',
      frames,
      times: frames.map((frame) => frame / fps),
      lines,
      videos: Object.entries(row.videos).map(([camera, video]) => ({
        camera,
        url: `/api/v1/datasets/${datasetId}/files/${video.file}`,
        startS: video.fromTimestamp,
        endS: video.toTimestamp ?? video.fromTimestamp + row.durationS,
      })),
    };
  }
}
