import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatasetEntity } from '../datasets/dataset.entity';
import { JobEntity } from '../jobs/job.entity';
import { OverviewController } from './overview.controller';
import { OverviewService } from './overview.service';

@Module({
  imports: [TypeOrmModule.forFeature([DatasetEntity, JobEntity])],
  controllers: [OverviewController],
  providers: [OverviewService],
})
export class OverviewModule {}
