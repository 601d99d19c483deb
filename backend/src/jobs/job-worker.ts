import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ErrorCode } from '@robokit/api';
import { Worker } from 'bullmq';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { redisConnection } from '../common/redis-connection';
import { ThrottledWarning } from '../common/throttled-warning';
import { JOBS_QUEUE, JobQueue, QueuedJobData } from './job-queue';
import { JobRunner } from './job-runner';
import { JobStore } from './job-store';
import { retryDelay } from './retry-backoff';

/**
 * The worker role: a BullMQ worker over the jobs queue, plus a reconciliation loop that makes the
 * database and Redis agree again after either lost something (a Redis restart, a crash between commit and
 * enqueue, a worker that stalled too often).
 */
@Injectable()
export class JobWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('JobWorker');
  private readonly connectionWarning = new ThrottledWarning(this.logger, 30_000);
  private worker: Worker<QueuedJobData> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reconciling = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: JobRunner,
    private readonly queue: JobQueue,
    private readonly store: JobStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    this.worker = new Worker<QueuedJobData>(JOBS_QUEUE, (job, token) => this.runner.process(job, token), {
      connection: redisConnection(this.config.redisUrl),
      prefix: this.config.queuePrefix,
      concurrency: this.config.workerConcurrency,
      lockDuration: this.config.jobLockMs,
      stalledInterval: this.config.jobLockMs,
      maxStalledCount: 2,
      settings: { backoffStrategy: (attemptsMade, _type, error) => retryDelay(this.config.jobBackoffMs, attemptsMade, error) },
    });
    this.worker.on('failed', (job, error) => {
      // Our processor records its own failures; only a job BullMQ gave up on because its workers kept dying
      // (stalled more than maxStalledCount) still needs one.
      if (job && /stalled more than allowable limit/.test(error.message)) {
        void this.store
          .failStalled(job.id as string, { code: ErrorCode.InternalError, message: `The workers running this job stopped too often: ${error.message}`, retryable: true })
          .catch((cause: Error) => this.logger.error(`Could not record the failure of job ${job.id}: ${cause.message}`));
      }
    });
    this.worker.on('error', (error) => this.connectionWarning.warn(`Queue connection problem: ${error.message}`));
    await this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), this.config.reconcileIntervalMs);
    this.logger.log(`Worker started (concurrency ${this.config.workerConcurrency})`);
  }

  /**
   * Active jobs in the database that BullMQ no longer holds are enqueued again: missing ones (Redis lost its
   * data, or a crash came between commit and enqueue), and ones BullMQ finished with although the database
   * never recorded an end (their outcome could not be written while PostgreSQL was away, or a live worker ran
   * them when BullMQ handed them out again and that worker has since died). A job a live worker runs, here or
   * elsewhere, is left alone: it records its own end.
   */
  async reconcile(): Promise<void> {
    if (this.reconciling) return;
    this.reconciling = true;
    try {
      for (const job of await this.store.findUnattended(this.config.jobLockMs)) {
        if (this.runner.isRunningHere(job.id)) continue;
        const state = await this.queue.state(job.id);
        if (state === 'unknown') {
          this.logger.warn(`Job ${job.id} (${job.status}) was missing from the queue; enqueuing it again`);
          await this.queue.enqueue(job.id, job.type);
        } else if (state === 'failed' || state === 'completed') {
          this.logger.warn(`Job ${job.id} is ${job.status} in the database but ${state} in the queue; enqueuing it again`);
          await this.queue.remove(job.id);
          await this.queue.enqueue(job.id, job.type);
        }
      }
    } catch (error) {
      this.connectionWarning.warn(`Reconciliation skipped: ${(error as Error).message}`);
    } finally {
      this.reconciling = false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.worker?.close();
  }
}
