import { readFile } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { ErrorCode, JobStatus, JobType, READABLE_FORMATS, SourceType } from '@robokit/api';
import { checkInfo, guessLayout, INFO_PATH, LeRobotFormatError, unsupportedVersionAdvice, V1_INFO_PATH, v1VersionOf } from '@robokit/lerobot';
import { DataSource, Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Page, parseSort } from '../common/pagination';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { isUniqueViolation } from '../database/constraint-violations';
import { HubService } from '../huggingface/hub.service';
import { JobQueue } from '../jobs/job-queue';
import { JobsService } from '../jobs/jobs.service';
import { findOwnedDataset } from './dataset-lookup';
import { DatasetEntity } from './dataset.entity';
import { CreateDatasetDto } from './dto/create-dataset.dto';
import { DatasetSortField, ListDatasetsQueryDto } from './dto/list-datasets.dto';
import { UpdateDatasetDto } from './dto/update-dataset.dto';

// info.json is a few kB; anything this large is not one, and is not read into memory.
const MAX_INFO_BYTES = 10 * 1024 * 1024;

@Injectable()
export class DatasetsService {
  constructor(
    @InjectRepository(DatasetEntity) private readonly datasets: Repository<DatasetEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly hub: HubService,
    private readonly jobs: JobsService,
    private readonly queue: JobQueue,
  ) {}

  /**
   * Resolves the revision and checks meta/info.json on the Hub before anything is stored, then stores
   * the dataset and its metadata_extraction job in one transaction and enqueues the job.
   */
  async create(ownerId: string, body: CreateDatasetDto): Promise<DatasetEntity> {
    if (!READABLE_FORMATS.includes(body.format_type)) {
      throw new DomainError(ErrorCode.UnsupportedFormat, `RoboKit cannot read ${body.format_type} datasets yet; it reads: ${READABLE_FORMATS.join(', ')}.`, { formatType: body.format_type });
    }
    const { revision } = body.source;
    const { repoId, commitSha, facts } = await this.hub.resolveRevision(body.source.repo_id, revision);
    await this.assertNotImported(ownerId, repoId, commitSha);
    await this.checkReadable(repoId, commitSha);
    let created: { datasetId: string; jobId: string };
    try {
      created = await this.dataSource.transaction(async (manager) => {
        const dataset = await manager.save(
          manager.create(DatasetEntity, {
            ownerId,
            sourceType: SourceType.HuggingFace,
            repoId,
            revision,
            commitSha,
            formatType: body.format_type,
            status: JobStatus.Queued,
            hubInfo: facts,
            tags: [],
          }),
        );
        const job = await this.jobs.insert(manager, dataset, JobType.MetadataExtraction, this.jobs.parametersFor(JobType.MetadataExtraction));
        return { datasetId: dataset.id, jobId: job.id };
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        await this.assertNotImported(ownerId, repoId, commitSha);
      }
      throw error;
    }
    await this.queue.enqueueOrDefer(created.jobId, JobType.MetadataExtraction);
    return this.datasets.findOneByOrFail({ id: created.datasetId });
  }

  private async assertNotImported(ownerId: string, repoId: string, commitSha: string): Promise<void> {
    const existing = await this.datasets.findOneBy({ ownerId, repoId, commitSha });
    if (existing) {
      throw new DomainError(ErrorCode.DatasetExists, `${repoId} at commit ${commitSha} is already imported as dataset ${existing.id}.`, { datasetId: existing.id, repoId, commitSha });
    }
  }

  private async checkReadable(repoId: string, commitSha: string): Promise<void> {
    const text = await this.readSmallFile(repoId, commitSha, INFO_PATH);
    if (text === null) throw await this.notLeRobot(repoId, commitSha);
    try {
      checkInfo(text);
    } catch (error) {
      if (!(error instanceof LeRobotFormatError)) throw error;
      // A broken info.json rarely comes alone (exports that wrote empty meta files): name all of them.
      const emptyMetaFiles = error.code === ErrorCode.MetadataInvalid ? await this.emptyMetaFiles(repoId, commitSha) : undefined;
      throw new DomainError(error.code, error.message, { repoId, commitSha, ...error.details, ...(emptyMetaFiles?.length ? { emptyMetaFiles } : {}) });
    }
  }

  private async emptyMetaFiles(repoId: string, commitSha: string): Promise<string[]> {
    return (await this.hub.listFiles(repoId, commitSha)).filter((file) => file.path.startsWith('meta/') && file.size === 0).map((file) => file.path);
  }

  /** Without meta/info.json: one tree listing says what the repo is instead (v1.x, plain parquet, other). */
  private async notLeRobot(repoId: string, commitSha: string): Promise<DomainError> {
    const paths = (await this.hub.listFiles(repoId, commitSha)).map((file) => file.path);
    const layout = guessLayout(paths);
    const details = { repoId, commitSha, path: INFO_PATH, layout: layout.description };
    if (layout.kind === 'v1') {
      const version = v1VersionOf(await this.readSmallFile(repoId, commitSha, V1_INFO_PATH));
      return new DomainError(ErrorCode.UnsupportedVersion, `${repoId} is a LeRobot ${version} dataset. ${unsupportedVersionAdvice(version)}`, { ...details, codebaseVersion: version });
    }
    return new DomainError(ErrorCode.MetadataMissing, `${repoId} has no ${INFO_PATH} at ${commitSha}, so it is not a LeRobot v2/v3 dataset; it holds ${layout.description}.`, details);
  }

  /** A small metadata file's text, or null when the repo has no such file. */
  private async readSmallFile(repoId: string, commitSha: string, path: string): Promise<string | null> {
    const file = await this.hub.statFile(repoId, commitSha, path);
    if (!file) return null;
    if (file.size > MAX_INFO_BYTES) {
      throw new DomainError(ErrorCode.MetadataInvalid, `${path} of ${repoId} is ${file.size} bytes, far too large to be a LeRobot metadata file.`, { repoId, path });
    }
    return readFile(await this.hub.ensureLocal(repoId, commitSha, file), 'utf8');
  }

  async list(ownerId: string, query: ListDatasetsQueryDto): Promise<Page<DatasetEntity>> {
    const builder = this.datasets.createQueryBuilder('d').where('d.ownerId = :ownerId', { ownerId });
    if (query.status) builder.andWhere('d.status = :status', { status: query.status });
    if (query.robotType) builder.andWhere('d.robotType = :robotType', { robotType: query.robotType });
    if (query.codebaseVersion) builder.andWhere('d.codebaseVersion = :version', { version: query.codebaseVersion });
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      builder.andWhere('(d.repoId ILIKE :pattern OR d.displayName ILIKE :pattern OR :q = ANY(d.tags))', { pattern, q: query.q });
    }
    const { field, direction } = parseSort<DatasetSortField>(query.sort, { field: 'createdAt', direction: 'DESC' });
    const [items, total] = await builder
      .orderBy(`d.${field}`, direction, direction === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST')
      .addOrderBy('d.id', direction)
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  get(ownerId: string, id: string): Promise<DatasetEntity> {
    return findOwnedDataset(this.datasets, ownerId, id);
  }

  async update(ownerId: string, id: string, body: UpdateDatasetDto): Promise<DatasetEntity> {
    const dataset = await findOwnedDataset(this.datasets, ownerId, id);
    if (body.displayName !== undefined) dataset.displayName = body.displayName;
    if (body.description !== undefined) dataset.description = body.description;
    if (body.tags !== undefined) dataset.tags = [...new Set(body.tags)];
    return this.datasets.save(dataset);
  }

  /** Cancels the dataset's active jobs, then removes it with its jobs; the same source can be imported again. */
  async remove(ownerId: string, id: string): Promise<void> {
    const dataset = await findOwnedDataset(this.datasets, ownerId, id);
    await this.jobs.cancelAll(dataset.id);
    await this.datasets.delete({ id: dataset.id });
  }

  get hubUrl(): string {
    return this.config.hubUrl;
  }
}
