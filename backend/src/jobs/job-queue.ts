import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

export const JOBS_QUEUE = 'jobs';

export interface QueuedJobData {
  jobId: string;
}

/** BullMQ as the execution engine only: the BullMQ job id is the database job id, so adding is idempotent. */
@Injectable()
export class JobQueue {
  private readonly logger = new Logger('JobQueue');

  constructor(
    @InjectQueue(JOBS_QUEUE) readonly queue: Queue<QueuedJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async enqueue(jobId: string, type: string): Promise<void> {
    await this.queue.add(type, { jobId }, {
      jobId,
      attempts: this.config.jobAttempts,
      backoff: { type: 'exponential', delay: this.config.jobBackoffMs, jitter: 0.5 },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
    });
  }

  /**
   * Enqueues after the database commit. When Redis is down the job stays `queued` in the database and the
   * worker's reconciliation enqueues it later, so the request still succeeds and nothing is lost.
   */
  async enqueueOrDefer(jobId: string, type: string): Promise<void> {
    try {
      await this.enqueue(jobId, type);
    } catch (error) {
      this.logger.warn(`Job ${jobId} stays queued in the database until Redis is back: ${(error as Error).message}`);
    }
  }

  /** Removes the BullMQ copy of a job that is waiting or finished; false if a worker holds it right now. */
  async remove(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    if (!job) return true;
    if (await job.isActive()) return false;
    await job.remove();
    return true;
  }

  async state(jobId: string): Promise<string> {
    return this.queue.getJobState(jobId);
  }
}
