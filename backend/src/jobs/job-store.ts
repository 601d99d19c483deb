import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ACTIVE_JOB_STATUSES, JobError, JobStatus, JobType } from '@robokit/api';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { redactValue } from '../common/redact';
import { DatasetEntity } from '../datasets/dataset.entity';
import { JobEntity } from './job.entity';

// Columns to set: values, or SQL expressions such as () => 'now()'.
type Patch = { [K in keyof JobEntity]?: JobEntity[K] | (() => string) };

// A further condition on the row a transition may change.
interface Guard {
  where: string;
  params: Record<string, unknown>;
}

/** Only the given attempt may change the row: a stale worker's writes do nothing. */
const ownedBy = (attempt: number): Guard => ({ where: 'attempts = :attempt', params: { attempt } });

/**
 * A queued job, or a running one whose worker has stopped writing its heartbeat for longer than `staleAfterMs`
 * (it died, or lost the database for that long). A running job with a fresh heartbeat belongs to a live worker
 * and is not handed out again, even when Redis forgot it and queued it a second time.
 */
const unattended = (staleAfterMs: number): Guard => ({
  where: `(status = :queued OR heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => :staleSeconds))`,
  params: { queued: JobStatus.Queued, staleSeconds: staleAfterMs / 1000 },
});

/**
 * Every change of a job's state, each a conditional UPDATE so that a cancelled job, a deleted one or one
 * that a newer attempt has taken over cannot be overwritten by a stale worker. The dataset's status
 * follows its import job in the same transaction.
 */
@Injectable()
export class JobStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private async transition(
    manager: EntityManager,
    jobId: string,
    from: JobStatus[],
    patch: Patch,
    guard?: Guard,
  ): Promise<JobEntity | null> {
    const query = manager
      .createQueryBuilder()
      .update(JobEntity)
      // TypeORM's deep-partial type rejects jsonb columns typed Record<string, unknown>.
      // A stored failure is shown to every user of the dataset: whatever a Hub echoed of our credentials goes.
      .set((patch.error ? { ...patch, error: redactValue(patch.error) } : patch) as QueryDeepPartialEntity<JobEntity>)
      .where('id = :jobId AND status IN (:...from)', { jobId, from });
    if (guard) query.andWhere(guard.where, guard.params);
    const { raw } = await query.returning('id').execute();
    if ((raw as unknown[]).length === 0) return null;
    const job = await manager.findOneByOrFail(JobEntity, { id: jobId });
    if (job.type === JobType.MetadataExtraction && patch.status) {
      // The dataset shows its import; once it has metadata, a later re-extraction can only refresh it.
      await manager
        .createQueryBuilder()
        .update(DatasetEntity)
        .set({ status: job.status })
        .where('id = :id AND (metadata IS NULL OR :status = :completed)', { id: job.datasetId, status: job.status, completed: JobStatus.Completed })
        .execute();
    }
    return job;
  }

  /**
   * Takes a queued job, or a running one whose worker is gone, for a new attempt; null when it was cancelled
   * or deleted, or a live worker runs it.
   */
  claim(jobId: string, staleAfterMs: number): Promise<JobEntity | null> {
    return this.dataSource.transaction((manager) =>
      this.transition(
        manager,
        jobId,
        [JobStatus.Queued, JobStatus.Running],
        { status: JobStatus.Running, progress: 0, attempts: () => 'attempts + 1', startedAt: () => 'now()', heartbeatAt: () => 'now()', finishedAt: null },
        unattended(staleAfterMs),
      ),
    );
  }

  /** Whether a worker that is alive (a heartbeat within `staleAfterMs`) runs the job: running, and not unattended. */
  async isHeldByLiveWorker(jobId: string, staleAfterMs: number): Promise<boolean> {
    const { where, params } = unattended(staleAfterMs);
    const held = await this.dataSource
      .getRepository(JobEntity)
      .createQueryBuilder()
      .where('id = :jobId AND status = :running', { jobId, running: JobStatus.Running })
      .andWhere(`NOT ${where}`, params)
      .getCount();
    return held > 0;
  }

  /**
   * Records that the attempt's worker is alive, with its progress when given; false when this attempt no
   * longer owns the job (cancelled, deleted, superseded).
   */
  async reportProgress(jobId: string, attempt: number, progress?: number): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(JobEntity)
      .set(progress === undefined ? { heartbeatAt: () => 'now()' } : { heartbeatAt: () => 'now()', progress })
      .where('id = :jobId AND status = :running AND attempts = :attempt', { jobId, running: JobStatus.Running, attempt })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  complete(
    jobId: string,
    attempt: number,
    outcome: { result: Record<string, unknown>; summary: Record<string, unknown>; apply?(manager: EntityManager): Promise<void> },
  ): Promise<JobEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      const job = await this.transition(manager, jobId, [JobStatus.Running], {
        status: JobStatus.Completed,
        progress: 100,
        result: outcome.result,
        summary: outcome.summary,
        error: null,
        finishedAt: () => 'now()',
      }, ownedBy(attempt));
      if (job) await outcome.apply?.(manager);
      return job;
    });
  }

  /** Final failure of an attempt this worker owns. */
  fail(jobId: string, attempt: number, error: JobError): Promise<JobEntity | null> {
    return this.dataSource.transaction((manager) =>
      this.transition(manager, jobId, [JobStatus.Running], { status: JobStatus.Failed, error, finishedAt: () => 'now()' }, ownedBy(attempt)),
    );
  }

  /** A transient failure: the job waits for BullMQ's next attempt, showing why the last one failed. */
  requeue(jobId: string, attempt: number, error: JobError): Promise<JobEntity | null> {
    return this.dataSource.transaction((manager) =>
      this.transition(manager, jobId, [JobStatus.Running], { status: JobStatus.Queued, error }, ownedBy(attempt)),
    );
  }

  /** Failure noticed from outside the job (its workers died too often): whatever attempt holds it. */
  failStalled(jobId: string, error: JobError): Promise<JobEntity | null> {
    return this.dataSource.transaction((manager) =>
      this.transition(manager, jobId, [JobStatus.Running], { status: JobStatus.Failed, error, finishedAt: () => 'now()' }),
    );
  }

  cancel(jobId: string): Promise<JobEntity | null> {
    return this.dataSource.transaction((manager) =>
      this.transition(manager, jobId, [...ACTIVE_JOB_STATUSES], { status: JobStatus.Cancelled, finishedAt: () => 'now()' }),
    );
  }

  /** A user retry: the same job runs again, keeping its history of attempts. */
  reopen(jobId: string): Promise<JobEntity | null> {
    return this.dataSource.transaction((manager) =>
      this.transition(manager, jobId, [JobStatus.Failed, JobStatus.Cancelled], {
        status: JobStatus.Queued,
        progress: 0,
        error: null,
        result: null,
        summary: null,
        finishedAt: null,
      }),
    );
  }

  /** The jobs no live worker holds: what a reconciliation must make sure BullMQ still knows. */
  findUnattended(staleAfterMs: number): Promise<JobEntity[]> {
    const { where, params } = unattended(staleAfterMs);
    return this.dataSource
      .getRepository(JobEntity)
      .createQueryBuilder()
      .where('status IN (:...active)', { active: [JobStatus.Queued, JobStatus.Running] })
      .andWhere(where, params)
      .orderBy('created_at', 'ASC')
      .getMany();
  }
}
