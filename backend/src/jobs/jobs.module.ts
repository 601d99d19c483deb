import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatasetEntity } from '../datasets/dataset.entity';
import { HuggingFaceModule } from '../huggingface/huggingface.module';
import { JOBS_QUEUE, JobQueue } from './job-queue';
import { JobRegistry } from './job-registry';
import { JobRunner } from './job-runner';
import { JobStore } from './job-store';
import { JobWorker } from './job-worker';
import { JobEntity } from './job.entity';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';
import { MetadataExtractionProcessor } from './processors/metadata-extraction.processor';
import { QualityProcessor } from './processors/quality.processor';
import { ValidationProcessor } from './processors/validation.processor';

@Module({
  imports: [
    TypeOrmModule.forFeature([JobEntity, DatasetEntity]),
    BullModule.registerQueue({ name: JOBS_QUEUE }),
    DiscoveryModule,
    HuggingFaceModule,
  ],
  controllers: [JobsController],
  providers: [JobsService, JobStore, JobQueue, JobRegistry, JobRunner, JobWorker, MetadataExtractionProcessor, ValidationProcessor, QualityProcessor],
  exports: [JobsService, JobQueue],
})
export class JobsModule {}
