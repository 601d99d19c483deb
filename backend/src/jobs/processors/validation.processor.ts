import { Injectable } from '@nestjs/common';
import { JobType } from '@robokit/api';
import { openDataset, validateDataset } from '@robokit/lerobot';
import { insertInBatches } from '../../database/insert-in-batches';
import { ValidationFindingEntity } from '../../validation/validation-finding.entity';
import { DatasetSnapshot } from '../../huggingface/dataset-snapshot';
import { HandlesJob, JobContext, JobHandler, JobOutcome } from '../job-handler';

@Injectable()
@HandlesJob(JobType.Validation)
export class ValidationProcessor implements JobHandler {
  constructor(private readonly snapshot: DatasetSnapshot) {}

  async run({ job, dataset, progress }: JobContext): Promise<JobOutcome> {
    const checkVideos = job.parameters.check_videos === true;
    const { files, listing } = await this.snapshot.prepare(dataset.repoId, dataset.commitSha, { data: true, videos: checkVideos }, (fraction) => progress(fraction * 40));
    const report = await validateDataset(await openDataset(files), files, listing, (fraction) => progress(40 + fraction * 59), { checkVideos });
    return {
      // The findings go to their own table; the job keeps the counts.
      result: { summary: report.summary },
      summary: { ...report.summary },
      apply: (manager) =>
        insertInBatches(
          manager,
          ValidationFindingEntity,
          report.findings.map((finding, position) => ({ ...finding, position, jobId: job.id, datasetId: dataset.id })),
        ),
    };
  }
}
