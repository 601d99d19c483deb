import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { ThrottledWarning } from '../common/throttled-warning';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { HUB_AWARE_BACKOFF } from './retry-backoff';

export const JOBS_QUEUE = 'jobs';

export interface QueuedJobData {
  jobId: string;
}

/** BullMQ as the execution engine only: the BullMQ job id is the database job id, so adding is idempotent. */
@Injectable()
export class JobQueue {
  private readonly logger = new Logger('JobQueue');
  private readonly connectionWarning = new ThrottledWarning(this.logger, 30_000);

  constructor(
    @InjectQueue(JOBS_QUEUE) readonly queue: Queue<QueuedJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Without a listener BullMQ prints every failed reconnect while Redis is away, stack and all.
    queue.on('error', (error) => this.connectionWarning.warn(`Redis connection problem: ${error.message}`));
  }

  async enqueue(jobId: string, type: string): Promise<void> {
    await this.queue.add(type, { jobId }, {
      jobId,
      attempts: this.config.jobAttempts,
      backoff: { type: HUB_AWARE_BACKOFF, delay: this.config.jobBackoffMs },
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
    try {
      await job.remove();
      return true;
    } catch (error) {
      // BullMQ refuses to remove a job whose lock a worker holds; the caller decides what that means.
      if (/locked/i.test((error as Error).message)) return false;
      throw error;
    }
  }

  /**
   * After a cancel the database already says `cancelled`, which is what every worker obeys; a BullMQ copy that
   * cannot be removed now (Redis down, a worker holding it) is harmless and logged, not an error for the user.
   */
  async removeOrLog(jobId: string): Promise<void> {
    try {
      if (!(await this.remove(jobId))) this.logger.log(`Job ${jobId} is held by a worker; it stops at its next progress report`);
    } catch (error) {
      this.logger.warn(`Could not take job ${jobId} out of the queue: ${(error as Error).message}`);
    }
  }

  async state(jobId: string): Promise<string> {
    return this.queue.getJobState(jobId);
  }
}
