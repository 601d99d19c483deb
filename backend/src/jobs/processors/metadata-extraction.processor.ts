import { Injectable } from '@nestjs/common';
import { DatasetMetadata, JobType, MetadataSummary } from '@robokit/api';
import { describeDataset, openDataset } from '@robokit/lerobot';
import { DatasetEntity } from '../../datasets/dataset.entity';
import { replaceEpisodes } from '../../episodes/episode-rows';
import { DatasetSnapshot } from '../../huggingface/dataset-snapshot';
import { HandlesJob, JobContext, JobHandler, JobOutcome } from '../job-handler';

export function summaryOf(metadata: DatasetMetadata): MetadataSummary {
  return {
    codebaseVersion: metadata.codebaseVersion,
    robotType: metadata.robotType,
    totalEpisodes: metadata.totalEpisodes,
    totalFrames: metadata.totalFrames,
    cameraCount: metadata.cameras.length,
    sizeBytes: metadata.sizeBytes,
  };
}

@Injectable()
@HandlesJob(JobType.MetadataExtraction)
export class MetadataExtractionProcessor implements JobHandler {
  constructor(private readonly snapshot: DatasetSnapshot) {}

  async run({ job, dataset, progress }: JobContext): Promise<JobOutcome> {
    const { files, listing } = await this.snapshot.prepare(dataset.repoId, dataset.commitSha, { data: job.parameters.include_data === true, videos: job.parameters.include_videos === true }, (fraction) =>
      progress(fraction * 90),
    );
    const lerobot = await openDataset(files);
    const metadata = describeDataset(lerobot, listing);
    await progress(95);
    return {
      result: metadata as unknown as Record<string, unknown>,
      summary: summaryOf(metadata) as unknown as Record<string, unknown>,
      apply: async (manager) => {
        await manager.update(DatasetEntity, { id: dataset.id }, {
          metadata,
          codebaseVersion: metadata.codebaseVersion,
          robotType: metadata.robotType,
          totalEpisodes: metadata.totalEpisodes,
          totalFrames: metadata.totalFrames,
          sizeBytes: metadata.sizeBytes,
        });
        await replaceEpisodes(manager, dataset.id, lerobot);
      },
    };
  }
}
