import { ApiPropertyOptional } from '@nestjs/swagger';
import { JobStatus, JobType } from '@robokit/api';
import { IsEnum, IsIn, IsOptional } from 'class-validator';
import { PageQueryDto, sortValues } from '../../common/pagination';
import { QueryList } from '../../common/query-list';

export const JOB_SORT_FIELDS = ['createdAt', 'finishedAt'] as const;
export type JobSortField = (typeof JOB_SORT_FIELDS)[number];

export class ListJobsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: JobStatus,
    enumName: 'JobStatus',
    isArray: true,
    description: 'Jobs in any of these states; repeat the parameter or give a comma list (`queued,running` = the active ones)',
  })
  @IsOptional()
  @QueryList()
  @IsEnum(JobStatus, { each: true })
  status?: JobStatus[];

  @ApiPropertyOptional({ enum: JobType, enumName: 'JobType' })
  @IsOptional()
  @IsEnum(JobType)
  type?: JobType;

  @ApiPropertyOptional({ enum: sortValues(JOB_SORT_FIELDS), default: '-createdAt', description: 'A job not finished yet has no finishedAt: it sorts last with -finishedAt, first with finishedAt' })
  @IsOptional()
  @IsIn(sortValues(JOB_SORT_FIELDS))
  sort?: string;
}
