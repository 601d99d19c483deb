import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatasetEntity } from '../datasets/dataset.entity';
import { HuggingFaceModule } from '../huggingface/huggingface.module';
import { JobsModule } from '../jobs/jobs.module';
import { EpisodeQualityEntity } from '../quality/episode-quality.entity';
import { EpisodeEntity } from './episode.entity';
import { EpisodesController } from './episodes.controller';
import { EpisodesService } from './episodes.service';
import { FilesController } from './files.controller';

@Module({
  imports: [TypeOrmModule.forFeature([EpisodeEntity, DatasetEntity, EpisodeQualityEntity]), HuggingFaceModule, JobsModule],
  controllers: [EpisodesController, FilesController],
  providers: [EpisodesService],
})
export class EpisodesModule {}
