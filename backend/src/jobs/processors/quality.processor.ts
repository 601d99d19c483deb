import { Injectable } from '@nestjs/common';
import { JobType } from '@robokit/api';
import { evaluateQuality, openDataset, qualityInputs } from '@robokit/lerobot';
import { insertInBatches } from '../../database/insert-in-batches';
import { EpisodeEntity } from '../../episodes/episode.entity';
import { DatasetSnapshot } from '../../huggingface/dataset-snapshot';
import { EpisodeQualityEntity } from '../../quality/episode-quality.entity';
import { HandlesJob, JobContext, JobHandler, JobOutcome } from '../job-handler';

@Injectable()
@HandlesJob(JobType.EvaluateQualityHeuristics)
export class QualityProcessor implements JobHandler {
  constructor(private readonly snapshot: DatasetSnapshot) {}

  async run({ job, dataset, progress, signal }: JobContext): Promise<JobOutcome> {
    const snapshot = await this.snapshot.prepareMeta(dataset.repoId, dataset.commitSha);
    const opened = await openDataset(snapshot.files);
    // Only the files of the episodes analysed: an episode_sample of a large dataset downloads a sample of it.
    await snapshot.fetch(qualityInputs(opened, job.parameters), (fraction) => progress(fraction * 30));
    const report = await evaluateQuality(opened, snapshot.files, job.parameters, { report: (fraction) => progress(30 + fraction * 69), signal });
    const { summary } = report;
    return {
      // Per-episode details go to their own table; the job keeps the dataset summary.
      result: { summary },
      summary: { score: summary.score, verdicts: summary.verdicts, episodesAnalysed: summary.episodesAnalysed, framesAnalysed: summary.framesAnalysed },
      apply: async (manager) => {
        const rows = report.episodes.map((episode) => ({
          jobId: job.id,
          datasetId: dataset.id,
          episodeIndex: episode.episodeIndex,
          score: episode.score,
          verdict: episode.verdict,
          flags: episode.flags,
          reasons: episode.reasons,
          notes: episode.notes,
          metrics: episode.metrics,
          notApplicable: episode.notApplicable,
        }));
        await insertInBatches(manager, EpisodeQualityEntity, rows);
        // The episode list shows the latest analysis: episodes left out of a sample lose older scores.
        await manager.update(EpisodeEntity, { datasetId: dataset.id }, { score: null, verdict: null, flags: [] });
        await manager.query(
          `UPDATE episodes e SET score = q.score, verdict = q.verdict, flags = q.flags
             FROM episode_quality q WHERE q.job_id = $1 AND e.dataset_id = q.dataset_id AND e.episode_index = q.episode_index`,
          [job.id],
        );
      },
    };
  }
}
