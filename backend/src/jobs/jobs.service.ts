import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ACTIVE_JOB_STATUSES, ErrorCode, JobStatus, JobType } from '@robokit/api';
import { EntityManager, In, Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Page, parseSort } from '../common/pagination';
import { datasetNotFound, findOwnedDataset } from '../datasets/dataset-lookup';
import { DatasetEntity } from '../datasets/dataset.entity';
import { isForeignKeyViolation, isUniqueViolation } from '../database/constraint-violations';
import { JobSortField, ListJobsQueryDto } from './dto/list-jobs.dto';
import { JOB_DEFINITIONS, resolveParameters } from './job-definitions';
import { JobQueue } from './job-queue';
import { JobStore } from './job-store';
import { JobEntity } from './job.entity';
import { datasetJobStatus, DatasetJobStatus, ownedJob } from './job-status-query';

/** A job with its dataset's name joined in. */
export type JobWithDataset = JobEntity & Required<Pick<JobEntity, 'dataset'>>;

/** The same work is the same (type, dataset, commit, parameters); keys are stable across key order. */
export function dedupKeyOf(type: JobType, datasetId: string, commitSha: string, parameters: Record<string, unknown>): string {
  const sorted = Object.fromEntries(Object.entries(parameters).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHash('sha256').update(JSON.stringify([type, datasetId, commitSha, sorted])).digest('hex');
}

@Injectable()
export class JobsService {
  constructor(
    @InjectRepository(JobEntity) private readonly jobs: Repository<JobEntity>,
    @InjectRepository(DatasetEntity) private readonly datasets: Repository<DatasetEntity>,
    private readonly store: JobStore,
    private readonly queue: JobQueue,
  ) {}

  private definitionOf(type: JobType) {
    const definition = JOB_DEFINITIONS[type];
    if (!definition) {
      throw new DomainError(ErrorCode.JobTypeNotAvailable, `Job type ${type} cannot run in this version of RoboKit yet.`, { type });
    }
    return definition;
  }

  /** The parameters a request would run with: defaults filled in, or a 400 naming what is wrong. */
  parametersFor(type: JobType, given?: Record<string, unknown>): Record<string, unknown> {
    return resolveParameters(this.definitionOf(type), given);
  }

  /** Inserts a queued job inside the caller's transaction; the caller enqueues it after the commit. */
  insert(manager: EntityManager, dataset: DatasetEntity, type: JobType, parameters: Record<string, unknown>): Promise<JobEntity> {
    return manager.save(
      manager.create(JobEntity, {
        ownerId: dataset.ownerId,
        datasetId: dataset.id,
        type,
        status: JobStatus.Queued,
        progress: 0,
        parameters,
        commitSha: dataset.commitSha,
        dedupKey: dedupKeyOf(type, dataset.id, dataset.commitSha, parameters),
      }),
    );
  }

  /** Asks for work: the job already queued or running for the same key, or a new one. */
  async request(ownerId: string, datasetId: string, type: JobType, given?: Record<string, unknown>): Promise<{ job: JobEntity; created: boolean }> {
    const dataset = await findOwnedDataset(this.datasets, ownerId, datasetId);
    const parameters = this.parametersFor(type, given);
    const dedupKey = dedupKeyOf(type, dataset.id, dataset.commitSha, parameters);
    const active = () => this.jobs.findOneBy({ dedupKey, status: In([...ACTIVE_JOB_STATUSES]) });
    const existing = await active();
    if (existing) return { job: existing, created: false };
    try {
      const job = await this.insert(this.jobs.manager, dataset, type, parameters);
      await this.queue.enqueueOrDefer(job.id, job.type);
      return { job, created: true };
    } catch (error) {
      // Two identical requests raced; the partial unique index let one through.
      const winner = isUniqueViolation(error) ? await active() : null;
      if (winner) return { job: winner, created: false };
      if (isForeignKeyViolation(error)) throw datasetNotFound(datasetId);
      throw error;
    }
  }

  async list(ownerId: string, datasetId: string, page: number, pageSize: number): Promise<Page<JobEntity>> {
    await findOwnedDataset(this.datasets, ownerId, datasetId);
    const [items, total] = await this.jobs.findAndCount({
      where: { datasetId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total, page, pageSize };
  }

  /** Jobs of all the owner's datasets, each with its dataset's name, in one query (and its count). */
  async listAll(ownerId: string, query: ListJobsQueryDto): Promise<Page<JobWithDataset>> {
    const builder = this.jobs
      .createQueryBuilder('j')
      .innerJoinAndMapOne('j.dataset', DatasetEntity, 'd', 'd.id = j.datasetId')
      .select('j')
      .addSelect(['d.id', 'd.repoId', 'd.displayName'])
      .where('j.ownerId = :ownerId', { ownerId });
    if (query.status?.length) builder.andWhere('j.status IN (:...statuses)', { statuses: query.status });
    if (query.type) builder.andWhere('j.type = :type', { type: query.type });
    const { field, direction } = parseSort<JobSortField>(query.sort, { field: 'createdAt', direction: 'DESC' });
    const [items, total] = await builder
      .orderBy(`j.${field}`, direction, direction === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST')
      .addOrderBy('j.id', direction)
      // Each job joins exactly one dataset, so plain OFFSET/LIMIT pages correctly; skip/take would add
      // TypeORM's distinct-ids query meant for joins that multiply rows.
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getManyAndCount();
    return { items: items as JobWithDataset[], total, page: query.page, pageSize: query.pageSize };
  }

  async get(ownerId: string, datasetId: string, jobId: string): Promise<JobEntity> {
    // One query when the job is there, as it is for every poll; which 404 to answer is worked out only on a miss.
    const job = await ownedJob(this.jobs.manager, ownerId, datasetId, jobId);
    if (job) return job;
    await findOwnedDataset(this.datasets, ownerId, datasetId);
    throw new DomainError(ErrorCode.JobNotFound, `Job ${jobId} was not found in dataset ${datasetId}.`, { datasetId, jobId });
  }

  async retry(ownerId: string, datasetId: string, jobId: string): Promise<JobEntity> {
    const job = await this.get(ownerId, datasetId, jobId);
    if (job.status !== JobStatus.Failed && job.status !== JobStatus.Cancelled) {
      throw this.stateConflict(job, 'retried', 'only failed or cancelled jobs can be retried');
    }
    if (!(await this.queue.remove(job.id))) {
      throw new DomainError(ErrorCode.JobStateConflict, `Job ${job.id} is still stopping; retry it in a few seconds.`, { jobId: job.id, status: job.status }, true, 5);
    }
    let reopened: JobEntity | null;
    try {
      reopened = await this.store.reopen(job.id);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new DomainError(ErrorCode.JobStateConflict, 'The same work is already queued or running for this dataset.', { jobId: job.id });
    }
    if (!reopened) throw this.stateConflict(await this.get(ownerId, datasetId, jobId), 'retried', 'its state changed meanwhile');
    await this.queue.enqueueOrDefer(reopened.id, reopened.type);
    return reopened;
  }

  async cancel(ownerId: string, datasetId: string, jobId: string): Promise<JobEntity> {
    const job = await this.get(ownerId, datasetId, jobId);
    const cancelled = await this.store.cancel(job.id);
    if (!cancelled) throw this.stateConflict(job, 'cancelled', 'only queued or running jobs can be cancelled');
    // A running job stops at its next progress report; a waiting one is taken out of the queue now.
    await this.queue.removeOrLog(job.id);
    return cancelled;
  }

  /** Stops every active job of a dataset (before it is deleted). */
  async cancelAll(datasetId: string): Promise<void> {
    const active = await this.jobs.findBy({ datasetId, status: In([...ACTIVE_JOB_STATUSES]) });
    for (const job of active) {
      await this.store.cancel(job.id);
      await this.queue.removeOrLog(job.id);
    }
  }

  async analyses(ownerId: string, datasetId: string, type: JobType, page: number, pageSize: number): Promise<Page<JobEntity>> {
    await findOwnedDataset(this.datasets, ownerId, datasetId);
    const [items, total] = await this.jobs.findAndCount({
      where: { datasetId, type, status: JobStatus.Completed },
      order: { finishedAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total, page, pageSize };
  }

  async latestAnalysis(ownerId: string, datasetId: string, type: JobType): Promise<JobEntity> {
    const { items } = await this.analyses(ownerId, datasetId, type, 1, 1);
    if (items.length === 0) {
      throw new DomainError(ErrorCode.AnalysisNotFound, `Dataset ${datasetId} has no completed ${type} yet.`, { datasetId, type });
    }
    return items[0];
  }

  /** The import job (latest metadata_extraction) and everything active, for the status endpoint; jobs come without `result`. */
  async status(ownerId: string, datasetId: string): Promise<DatasetJobStatus> {
    const status = await datasetJobStatus(this.jobs.manager, ownerId, datasetId);
    if (!status) throw datasetNotFound(datasetId);
    return status;
  }

  private stateConflict(job: JobEntity, verb: string, rule: string): DomainError {
    return new DomainError(ErrorCode.JobStateConflict, `Job ${job.id} is ${job.status} and cannot be ${verb}: ${rule}.`, { jobId: job.id, status: job.status });
  }
}
