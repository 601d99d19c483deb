import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { JobStatus } from '@robokit/api';
import { PageQueryDto, sortValues } from '../../common/pagination';

export const DATASET_SORT_FIELDS = ['createdAt', 'updatedAt', 'repoId', 'totalEpisodes', 'totalFrames', 'sizeBytes'] as const;
export type DatasetSortField = (typeof DATASET_SORT_FIELDS)[number];

export class ListDatasetsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Text in the repo id, display name or tags', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: JobStatus, enumName: 'JobStatus' })
  @IsOptional()
  @IsEnum(JobStatus)
  status?: JobStatus;

  @ApiPropertyOptional({ example: 'so100', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  robotType?: string;

  @ApiPropertyOptional({ example: 'v2.1', maxLength: 20 })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  codebaseVersion?: string;

  @ApiPropertyOptional({ enum: sortValues(DATASET_SORT_FIELDS), default: '-createdAt' })
  @IsOptional()
  @IsIn(sortValues(DATASET_SORT_FIELDS))
  sort?: string;
}
