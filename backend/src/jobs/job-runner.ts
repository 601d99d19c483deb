import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ErrorCode } from '@robokit/api';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { Repository } from 'typeorm';
import { ThrottledWarning } from '../common/throttled-warning';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { DatasetEntity } from '../datasets/dataset.entity';
import { JobCancelledError, jobErrorOf } from './job-errors';
import { QueuedJobData } from './job-queue';
import { JobRegistry } from './job-registry';
import { JobStore } from './job-store';
import { JobEntity } from './job.entity';

// Progress is written at most this often; the write doubles as the cancellation check.
const PROGRESS_INTERVAL_MS = 500;
// Heartbeats per lock duration: a live worker's job never looks abandoned (JobStore.claim), even when a write
// or two is slow.
const HEARTBEATS_PER_LOCK = 5;

/** Runs one BullMQ job: claims it in the database, runs its handler, records the outcome, lets errors propagate. */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger('JobRunner');
  private readonly heartbeatWarning = new ThrottledWarning(this.logger, 30_000);
  private readonly inFlight = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: JobStore,
    private readonly registry: JobRegistry,
    @InjectRepository(DatasetEntity) private readonly datasets: Repository<DatasetEntity>,
  ) {}

  /**
   * Whether this process is running the job right now. After Redis lost its queue, the database still says
   * `running` for these; the reconciliation must not hand them out a second time while they are fine.
   */
  isRunningHere(jobId: string): boolean {
    return this.inFlight.has(jobId);
  }

  async process(bullJob: Job<QueuedJobData>, token?: string): Promise<void> {
    const { jobId } = bullJob.data;
    if (this.isRunningHere(jobId)) {
      // Redis forgot the job and the reconciliation queued it again while this process runs it.
      this.logger.log(`Job ${jobId} is already running in this worker; the second copy does nothing`);
      return;
    }
    this.inFlight.add(jobId);
    try {
      await this.run(bullJob, token);
    } finally {
      this.inFlight.delete(jobId);
    }
  }

  private async run(bullJob: Job<QueuedJobData>, token?: string): Promise<void> {
    const { jobId } = bullJob.data;
    const job = await this.store.claim(jobId, this.config.jobLockMs);
    if (!job) {
      if (token && (await this.store.isHeldByLiveWorker(jobId, this.config.jobLockMs))) {
        // BullMQ took the job for stalled, yet its worker still writes heartbeats (or did until just now): this
        // copy comes back when a dead worker's heartbeat would be stale, instead of ending and waiting for the
        // reconciliation.
        this.logger.log(`Job ${jobId} is held by a live worker; this copy waits ${this.config.jobLockMs} ms`);
        await bullJob.moveToDelayed(Date.now() + this.config.jobLockMs, token);
        throw new DelayedError();
      }
      this.logger.log(`Job ${jobId} not started: it has ended or was cancelled`);
      return;
    }
    // The claim proves the job row exists, and jobs are deleted with their dataset.
    const dataset = await this.datasets.findOneByOrFail({ id: job.datasetId });
    this.logger.log(`Job ${job.id} (${job.type}) started, attempt ${job.attempts}`);
    const heartbeat = this.heartbeat(job);
    try {
      const outcome = await this.registry.handlerFor(job.type).run({ job, dataset, progress: this.progressReporter(job, heartbeat.signal), signal: heartbeat.signal });
      const completed = await this.store.complete(job.id, job.attempts, outcome);
      this.logger.log(`Job ${job.id} ${completed ? 'completed' : 'finished after it was cancelled; result discarded'}`);
    } catch (error) {
      // Once the job is known to be cancelled, whatever ended the handler is that cancellation.
      await this.recordFailure(bullJob, job, heartbeat.signal.aborted ? heartbeat.signal.reason : error);
    } finally {
      heartbeat.stop();
    }
  }

  /** Tells the database this attempt is alive until stopped; `signal` aborts once it learns otherwise. */
  private heartbeat(job: JobEntity): { signal: AbortSignal; stop: () => void } {
    let writing = false;
    const lost = new AbortController();
    const timer = setInterval(() => {
      // A slow database must not collect a queue of heartbeats that hold the connections real writes need.
      if (writing) return;
      writing = true;
      this.store
        .reportProgress(job.id, job.attempts)
        .then(
          // A second abort does nothing: the reason stays the first.
          (still) => still || lost.abort(new JobCancelledError(job.id)),
          (error: Error) => this.heartbeatWarning.warn(`Job ${job.id}: heartbeat not written: ${error.message}`),
        )
        .finally(() => (writing = false));
    }, this.config.jobLockMs / HEARTBEATS_PER_LOCK);
    return { signal: lost.signal, stop: () => clearInterval(timer) };
  }

  private progressReporter(job: JobEntity, lost: AbortSignal): (percent: number) => Promise<void> {
    let lastWrite = 0;
    let lastValue = -1;
    return async (percent) => {
      // Its reason is the JobCancelledError.
      lost.throwIfAborted();
      const value = Math.max(0, Math.min(99, Math.floor(percent)));
      const now = Date.now();
      if (value === lastValue || now - lastWrite < PROGRESS_INTERVAL_MS) return;
      lastWrite = now;
      lastValue = value;
      if (!(await this.store.reportProgress(job.id, job.attempts, value))) throw new JobCancelledError(job.id);
    };
  }

  private async recordFailure(bullJob: Job<QueuedJobData>, job: JobEntity, error: unknown): Promise<never> {
    if (error instanceof JobCancelledError) throw new UnrecoverableError(error.message);
    const jobError = jobErrorOf(error);
    const lastAttempt = bullJob.attemptsMade + 1 >= (bullJob.opts.attempts ?? 1);
    if (jobError.retryable && !lastAttempt) {
      await this.recording(job, () => this.store.requeue(job.id, job.attempts, jobError));
      this.logger.warn(`Job ${job.id} attempt ${job.attempts} failed (${jobError.code}); BullMQ retries it with backoff`);
      throw error;
    }
    await this.recording(job, () => this.store.fail(job.id, job.attempts, jobError));
    this.logger.warn(`Job ${job.id} failed: ${jobError.code} ${jobError.message}`);
    if (jobError.code === ErrorCode.InternalError) this.logger.error((error as Error).stack ?? String(error));
    throw jobError.retryable ? error : new UnrecoverableError(jobError.message);
  }

  /**
   * A failure that cannot be written (PostgreSQL is away) leaves the job `running` in the database; BullMQ
   * retries it, and once BullMQ gives up the reconciliation hands it out again. Said, not swallowed.
   */
  private async recording(job: JobEntity, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (cause) {
      this.logger.warn(`Job ${job.id}: could not record the end of attempt ${job.attempts}, it runs again later: ${(cause as Error).message}`);
      throw cause;
    }
  }
}
