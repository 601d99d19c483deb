import { reviewSummaryView } from '../reviews/review-views';
import { EpisodeDto } from './dto/episode.dto';
import { EpisodeEntity } from './episode.entity';

export function episodeView(episode: EpisodeEntity): EpisodeDto {
  return {
    index: episode.episodeIndex,
    length: episode.length,
    durationS: episode.durationS,
    task: episode.tasks[0] ?? null,
    tasks: episode.tasks,
    score: episode.score,
    verdict: episode.verdict,
    flags: episode.flags,
    review: episode.review ? reviewSummaryView(episode.review) : null,
  };
}
