import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import type { AppConfig } from '../config/config';
import { DatasetEntity } from '../datasets/dataset.entity';
import { JobEntity } from '../jobs/job.entity';
import { InitialSchema1764086400000 } from './migrations/1764086400000-initial-schema';
import { ValidationFindingsOfflineFacts1764100000000 } from './migrations/1764100000000-validation-findings-offline-facts';
import { ValidationFindingEntity } from '../validation/validation-finding.entity';
import { EpisodeEntity } from '../episodes/episode.entity';
import { Episodes1764110000000 } from './migrations/1764110000000-episodes';
import { EpisodeQuality1764120000000 } from './migrations/1764120000000-episode-quality';
import { EpisodeQualityEntity } from '../quality/episode-quality.entity';
import { EpisodeReviewEntity } from '../reviews/episode-review.entity';
import { EpisodeReviews1764130000000 } from './migrations/1764130000000-episode-reviews';
import { JobsOwnerIndex1764140000000 } from './migrations/1764140000000-jobs-owner-index';
import { JobStatusIndexes1764150000000 } from './migrations/1764150000000-job-status-indexes';
import { JobHeartbeat1764160000000 } from './migrations/1764160000000-job-heartbeat';

export function dataSourceOptions(config: Pick<AppConfig, 'databaseUrl' | 'databaseSchema'>): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    schema: config.databaseSchema,
    entities: [DatasetEntity, JobEntity, ValidationFindingEntity, EpisodeEntity, EpisodeQualityEntity, EpisodeReviewEntity],
    migrations: [InitialSchema1764086400000, ValidationFindingsOfflineFacts1764100000000, Episodes1764110000000, EpisodeQuality1764120000000, EpisodeReviews1764130000000, JobsOwnerIndex1764140000000, JobStatusIndexes1764150000000, JobHeartbeat1764160000000],
    migrationsRun: false,
    synchronize: false,
    // Every connection works in the configured schema, so tests can each own one.
    extra: { options: `-c search_path=${config.databaseSchema}`, max: 10, connectionTimeoutMillis: 5000 },
  };
}
