import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { JobStatus } from '@robokit/api';
import { Repository } from 'typeorm';
import { DatasetEntity } from '../datasets/dataset.entity';
import { JobEntity } from '../jobs/job.entity';
import { OverviewDto } from './dto/overview.dto';

const FAILURE_WINDOW_HOURS = 24;

/** The dashboard's counts: two aggregates, however many datasets and jobs there are. */
@Injectable()
export class OverviewService {
  constructor(
    @InjectRepository(DatasetEntity) private readonly datasets: Repository<DatasetEntity>,
    @InjectRepository(JobEntity) private readonly jobs: Repository<JobEntity>,
  ) {}

  async overview(ownerId: string): Promise<OverviewDto> {
    const [datasetRows, jobCounts] = await Promise.all([
      this.datasets
        .createQueryBuilder('d')
        .select('d.status', 'status')
        .addSelect('count(*)::int', 'count')
        .where('d.ownerId = :ownerId', { ownerId })
        .groupBy('d.status')
        .getRawMany<{ status: JobStatus; count: number }>(),
      this.jobs
        .createQueryBuilder('j')
        .select('count(*) FILTER (WHERE j.status = :queued)::int', 'queued')
        .addSelect('count(*) FILTER (WHERE j.status = :running)::int', 'running')
        .addSelect(`count(*) FILTER (WHERE j.status = :failed AND j.finishedAt > now() - make_interval(hours => :hours))::int`, 'failedLast24h')
        .where('j.ownerId = :ownerId', { ownerId })
        .setParameters({ queued: JobStatus.Queued, running: JobStatus.Running, failed: JobStatus.Failed, hours: FAILURE_WINDOW_HOURS })
        .getRawOne<{ queued: number; running: number; failedLast24h: number }>(),
    ]);
    const byStatus = Object.fromEntries(Object.values(JobStatus).map((status) => [status, 0])) as Record<JobStatus, number>;
    for (const row of datasetRows) byStatus[row.status] = row.count;
    const { queued, running, failedLast24h } = jobCounts ?? { queued: 0, running: 0, failedLast24h: 0 };
    return {
      datasets: { total: datasetRows.reduce((sum, row) => sum + row.count, 0), byStatus },
      jobs: { active: queued + running, queued, running, failedLast24h },
    };
  }
}
