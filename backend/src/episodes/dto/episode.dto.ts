import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EpisodeSeries, EpisodeSeriesLine, EpisodeVideoLink, ReviewDecision } from '@robokit/api';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageOf, PageQueryDto, sortValues } from '../../common/pagination';
import { ReviewSummaryDto } from '../../reviews/dto/review.dto';

export const EPISODE_SORT_FIELDS = ['index', 'length', 'durationS', 'score'] as const;
export type EpisodeSortField = (typeof EPISODE_SORT_FIELDS)[number];
export const VERDICTS = ['PASS', 'REVIEW', 'EXCLUDE'] as const;
/** `none`: episodes nobody has reviewed yet. */
export const REVIEW_FILTERS = [...Object.values(ReviewDecision), 'none'] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];

export class ListEpisodesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: sortValues(EPISODE_SORT_FIELDS), default: 'index' })
  @IsOptional()
  @IsIn(sortValues(EPISODE_SORT_FIELDS))
  sort?: string;

  @ApiPropertyOptional({ enum: VERDICTS, description: 'Once a quality analysis has run' })
  @IsOptional()
  @IsIn(VERDICTS)
  verdict?: string;

  @ApiPropertyOptional({ example: 'stale_state', pattern: '^[a-z0-9_]{1,64}$', description: 'Episodes flagged with this metric code' })
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,64}$/)
  flag?: string;

  @ApiPropertyOptional({ description: 'Episodes with exactly this task text', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  task?: string;

  @ApiPropertyOptional({ enum: REVIEW_FILTERS, description: 'Episodes marked keep, marked exclude, or not reviewed (none)' })
  @IsOptional()
  @IsIn(REVIEW_FILTERS)
  review?: ReviewFilter;
}

export class EpisodeDto {
  @ApiProperty() index: number;
  @ApiProperty({ description: 'Frames' }) length: number;
  @ApiProperty() durationS: number;
  @ApiProperty({ type: String, nullable: true, description: 'The first task of the episode' }) task: string | null;
  @ApiProperty({ type: [String] }) tasks: string[];
  @ApiProperty({ type: Number, nullable: true, description: '0-100 once a quality analysis has run' }) score: number | null;
  @ApiProperty({ type: String, nullable: true, enum: VERDICTS }) verdict: string | null;
  @ApiProperty({ type: [String], description: 'Metric codes that flagged the episode' }) flags: string[];
  @ApiProperty({ type: ReviewSummaryDto, nullable: true, description: "A user's keep/exclude call; null when not reviewed" }) review: ReviewSummaryDto | null;
}

export class EpisodePageDto extends PageOf(EpisodeDto) {}

export class EpisodeSeriesQueryDto {
  @ApiPropertyOptional({ minimum: 2, maximum: 100000, default: 2000, description: 'Most points per line (full resolution when the episode is shorter)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(100000)
  points: number = 2000;
}

export class EpisodeSeriesLineDto implements EpisodeSeriesLine {
  @ApiProperty({ example: 'observation.state' }) feature: string;
  @ApiProperty() dimension: number;
  @ApiProperty({ example: 'shoulder_pan' }) name: string;
  @ApiProperty({ type: [Number], description: 'One value per point; null where the data holds NaN' }) values: number[];
}

export class EpisodeVideoLinkDto implements EpisodeVideoLink {
  @ApiProperty({ example: 'observation.images.top' }) camera: string;
  @ApiProperty({ example: '/api/v1/datasets/…/files/videos/chunk-000/observation.images.top/episode_000000.mp4' }) url: string;
  @ApiProperty() startS: number;
  @ApiProperty() endS: number;
}

export class EpisodeSeriesDto implements EpisodeSeries {
  @ApiProperty() episodeIndex: number;
  @ApiProperty() length: number;
  @ApiProperty() fps: number;
  @ApiProperty() durationS: number;
  @ApiProperty({ type: [String] }) tasks: string[];
  @ApiProperty({ enum: ['none', 'minmax'] }) decimation: 'none' | 'minmax';
  @ApiProperty({ type: [Number] }) frames: number[];
  @ApiProperty({ type: [Number] }) times: number[];
  @ApiProperty({ type: [EpisodeSeriesLineDto] }) lines: EpisodeSeriesLineDto[];
  @ApiProperty({ type: [EpisodeVideoLinkDto] }) videos: EpisodeVideoLinkDto[];
}
