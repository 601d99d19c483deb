import { Injectable } from '@nestjs/common';
import { DatasetMetadata, JobType, MetadataSummary } from '@robokit/api';
import { describeDataset, directoryFiles, openDataset } from '@robokit/lerobot';
import { DatasetEntity } from '../../datasets/dataset.entity';
import { RepoFile } from '../../huggingface/hub-cache';
import { HubService } from '../../huggingface/hub.service';
import { HandlesJob, JobContext, JobHandler, JobOutcome } from '../job-handler';

// Meta files and frame data make a dataset usable offline; videos only on request (they dominate size).
const ALWAYS_DOWNLOADED = /^(meta|data)\//;
const VIDEOS = /^videos\//;
const PARALLEL_DOWNLOADS = 4;

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
  constructor(private readonly hub: HubService) {}

  async run({ job, dataset, progress }: JobContext): Promise<JobOutcome> {
    const { repoId, commitSha } = dataset;
    const files = await this.hub.listFiles(repoId, commitSha);
    await progress(2);
    const wanted = files.filter((file) => ALWAYS_DOWNLOADED.test(file.path) || (job.parameters.include_videos === true && VIDEOS.test(file.path)));
    await this.download(repoId, commitSha, wanted, (fraction) => progress(2 + fraction * 88));
    const lerobot = await openDataset(directoryFiles(this.hub.snapshotDir(repoId, commitSha), files.map((file) => file.path)));
    const metadata = describeDataset(lerobot, files.map((file) => ({ path: file.path, size: file.size, lfs: file.lfsSha256 !== undefined })));
    await progress(95);
    return {
      result: metadata as unknown as Record<string, unknown>,
      summary: summaryOf(metadata) as unknown as Record<string, unknown>,
      apply: (manager) =>
        manager.update(DatasetEntity, { id: dataset.id }, {
          metadata,
          codebaseVersion: metadata.codebaseVersion,
          robotType: metadata.robotType,
          totalEpisodes: metadata.totalEpisodes,
          totalFrames: metadata.totalFrames,
          sizeBytes: metadata.sizeBytes,
        }).then(() => undefined),
    };
  }

  /** Downloads a few files at a time into the snapshot folder and reports the share of bytes done. */
  private async download(repoId: string, commitSha: string, files: RepoFile[], report: (fraction: number) => Promise<void>): Promise<void> {
    const total = files.reduce((sum, file) => sum + file.size, 0) || 1;
    let done = 0;
    const pending = [...files];
    const lane = async () => {
      try {
        for (let file = pending.shift(); file; file = pending.shift()) {
          await this.hub.ensureLocal(repoId, commitSha, file, (bytes) => (done += bytes));
          await report(done / total);
        }
      } catch (error) {
        pending.length = 0; // the other lanes stop after their current file
        throw error;
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, lane));
  }
}
