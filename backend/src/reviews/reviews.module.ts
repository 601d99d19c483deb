import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatasetEntity } from '../datasets/dataset.entity';
import { EpisodeEntity } from '../episodes/episode.entity';
import { EpisodeReviewEntity } from './episode-review.entity';
import { ReviewsController } from './reviews.controller';
import { ReviewsService } from './reviews.service';

@Module({
  imports: [TypeOrmModule.forFeature([EpisodeReviewEntity, EpisodeEntity, DatasetEntity])],
  controllers: [ReviewsController],
  providers: [ReviewsService],
})
export class ReviewsModule {}
