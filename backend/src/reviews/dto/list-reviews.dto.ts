import { ApiPropertyOptional } from '@nestjs/swagger';
import { ReviewDecision } from '@robokit/api';
import { IsEnum, IsIn, IsOptional } from 'class-validator';
import { PageQueryDto, sortValues } from '../../common/pagination';

export const REVIEW_SORT_FIELDS = ['episodeIndex', 'updatedAt'] as const;
export type ReviewSortField = (typeof REVIEW_SORT_FIELDS)[number];

export class ListReviewsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ReviewDecision, enumName: 'ReviewDecision' })
  @IsOptional()
  @IsEnum(ReviewDecision)
  decision?: ReviewDecision;

  @ApiPropertyOptional({ enum: sortValues(REVIEW_SORT_FIELDS), default: 'episodeIndex' })
  @IsOptional()
  @IsIn(sortValues(REVIEW_SORT_FIELDS))
  sort?: string;
}
