import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HuggingFaceModule } from '../huggingface/huggingface.module';
import { JobsModule } from '../jobs/jobs.module';
import { DatasetEntity } from './dataset.entity';
import { DatasetsController } from './datasets.controller';
import { DatasetsService } from './datasets.service';

@Module({
  imports: [TypeOrmModule.forFeature([DatasetEntity]), HuggingFaceModule, JobsModule],
  controllers: [DatasetsController],
  providers: [DatasetsService],
})
export class DatasetsModule {}
