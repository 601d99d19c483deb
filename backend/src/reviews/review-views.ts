import { EpisodeReviewDto, ReviewSummaryDto } from './dto/review.dto';
import { EpisodeReviewEntity } from './episode-review.entity';

export function reviewSummaryView(review: EpisodeReviewEntity): ReviewSummaryDto {
  return { decision: review.decision, note: review.note };
}

export function reviewView(review: EpisodeReviewEntity): EpisodeReviewDto {
  return { episodeIndex: review.episodeIndex, ...reviewSummaryView(review), updatedAt: review.updatedAt.toISOString() };
}
