import { SetMetadata } from '@nestjs/common';
import { JobType } from '@robokit/api';
import type { EntityManager } from 'typeorm';
import type { DatasetEntity } from '../datasets/dataset.entity';
import type { JobEntity } from './job.entity';

export interface JobContext {
  job: JobEntity;
  dataset: DatasetEntity;
  /** Reports progress 0-100; throws JobCancelledError once the job was cancelled or deleted. */
  progress(percent: number): Promise<void>;
  /**
   * Aborts, with a JobCancelledError as its reason, once a heartbeat finds the job cancelled or deleted: for
   * steps that run long between two progress reports (a video decode).
   */
  signal: AbortSignal;
}

export interface JobOutcome {
  result: Record<string, unknown>;
  summary: Record<string, unknown>;
  /** Side effects that must commit together with the job's completion, and only then. */
  apply?(manager: EntityManager): Promise<void>;
}

/** A processor: thin, it calls the format core and the Hub service and returns what it found. */
export interface JobHandler {
  run(context: JobContext): Promise<JobOutcome>;
}

export const JOB_HANDLER = Symbol('JOB_HANDLER');

/** Marks the class that runs one job type; the registry finds it and refuses duplicates. */
export const HandlesJob = (type: JobType) => SetMetadata(JOB_HANDLER, type);
