import { AnalysisDto, JobDetailDto, JobDto, JobWithDatasetDto } from './dto/job.dto';
import { JobEntity } from './job.entity';
import type { JobWithDataset } from './jobs.service';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function jobView(job: JobEntity): JobDto {
  return {
    id: job.id,
    datasetId: job.datasetId,
    type: job.type,
    status: job.status,
    progress: job.progress,
    parameters: job.parameters,
    commitSha: job.commitSha,
    attempts: job.attempts,
    summary: job.summary,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    updatedAt: job.updatedAt.toISOString(),
  };
}

export function jobWithDatasetView(job: JobWithDataset): JobWithDatasetDto {
  return { ...jobView(job), repoId: job.dataset.repoId, displayName: job.dataset.displayName };
}

export function jobDetailView(job: JobEntity): JobDetailDto {
  return { ...jobView(job), result: job.result };
}

export function analysisView(job: JobEntity): AnalysisDto {
  return {
    jobId: job.id,
    type: job.type,
    commitSha: job.commitSha,
    parameters: job.parameters,
    summary: job.summary,
    result: job.result ?? {},
    completedAt: (job.finishedAt ?? job.updatedAt).toISOString(),
  };
}
