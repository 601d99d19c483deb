import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REVIEW_NOTE_MAX_LENGTH, ReviewDecision, ReviewExport } from '@robokit/api';
import { IsEnum, IsString, MaxLength, ValidateIf } from 'class-validator';
import { PageOf } from '../../common/pagination';

export class ReviewEpisodeDto {
  @ApiProperty({ enum: ReviewDecision, enumName: 'ReviewDecision' })
  @IsEnum(ReviewDecision)
  decision: ReviewDecision;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: REVIEW_NOTE_MAX_LENGTH, description: 'Why; absent, null or blank means no note' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(REVIEW_NOTE_MAX_LENGTH)
  note?: string | null;
}

/** A review as an episode in the episodes list carries it. */
export class ReviewSummaryDto {
  @ApiProperty({ enum: ReviewDecision, enumName: 'ReviewDecision' }) decision: ReviewDecision;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export class EpisodeReviewDto extends ReviewSummaryDto {
  @ApiProperty() episodeIndex: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class EpisodeReviewPageDto extends PageOf(EpisodeReviewDto) {}

export class ReviewExportDto implements ReviewExport {
  @ApiProperty({ format: 'uuid' }) datasetId: string;
  @ApiProperty({ example: 'lerobot/pusht' }) repoId: string;
  @ApiProperty({ description: 'The commit the episode indices refer to' }) commitSha: string;
  @ApiProperty({ type: [Number], description: 'Episodes marked exclude, ascending' }) excluded: number[];
  @ApiProperty({ type: [Number], description: "Every other episode (kept or not reviewed), ascending: the value for LeRobot's --episodes" }) episodes: number[];
}
