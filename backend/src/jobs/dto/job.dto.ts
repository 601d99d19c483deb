import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode, JobStatus, JobType } from '@robokit/api';
import { IsEnum, IsObject } from 'class-validator';
import { IsOptionalButNotNull } from '../../common/validation';
import { PageOf } from '../../common/pagination';

export class JobErrorDto {
  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode' }) code: ErrorCode;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) details?: Record<string, unknown>;
  @ApiProperty({ description: 'Whether retrying may help' }) retryable: boolean;
}

export class JobDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) datasetId: string;
  @ApiProperty({ enum: JobType, enumName: 'JobType' }) type: JobType;
  @ApiProperty({ enum: JobStatus, enumName: 'JobStatus' }) status: JobStatus;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Validated parameters, defaults filled in' }) parameters: Record<string, unknown>;
  @ApiProperty({ description: 'The dataset commit the job works on' }) commitSha: string;
  @ApiProperty({ description: 'How many times the job has started running' }) attempts: number;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Small summary of the result' }) summary: Record<string, unknown> | null;
  @ApiProperty({ type: JobErrorDto, nullable: true, description: 'Why it failed (or why the last attempt failed, while a retry is queued)' }) error: JobErrorDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class JobDetailDto extends JobDto {
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The full result, once completed' }) result: Record<string, unknown> | null;
}

export class JobPageDto extends PageOf(JobDto) {}

/** A job in the list across all datasets: enough of its dataset to name it without another request. */
export class JobWithDatasetDto extends JobDto {
  @ApiProperty({ example: 'lerobot/pusht' }) repoId: string;
  @ApiProperty({ type: String, nullable: true }) displayName: string | null;
}

export class JobWithDatasetPageDto extends PageOf(JobWithDatasetDto) {}

export class CreateJobDto {
  @ApiProperty({ enum: JobType, enumName: 'JobType' })
  @IsEnum(JobType)
  type: JobType;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'See GET /jobs/parameter-schemas' })
  @IsOptionalButNotNull()
  @IsObject()
  parameters?: Record<string, unknown>;
}

export class AnalysisDto {
  @ApiProperty({ format: 'uuid' }) jobId: string;
  @ApiProperty({ enum: JobType, enumName: 'JobType' }) type: JobType;
  @ApiProperty() commitSha: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) parameters: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) summary: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) result: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) completedAt: string;
}

export class AnalysisPageDto extends PageOf(AnalysisDto) {}

export class DatasetStatusDto {
  @ApiProperty({ format: 'uuid' }) datasetId: string;
  @ApiProperty({ enum: JobStatus, enumName: 'JobStatus', description: 'State of the import: completed once metadata was extracted (later re-runs only refresh it)' }) status: JobStatus;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Progress of the import' }) progress: number;
  @ApiProperty({ type: JobDto, description: 'The latest metadata_extraction job' }) importJob: JobDto;
  @ApiProperty({ type: [JobDto], description: 'Every queued or running job of the dataset' }) activeJobs: JobDto[];
}

export class ParameterSchemaDto {
  @ApiProperty({ enum: JobType, enumName: 'JobType' }) type: JobType;
  @ApiProperty({ description: 'False for job types this version cannot run yet' }) available: boolean;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'JSON Schema (draft 2020-12) of the parameters' }) schema: Record<string, unknown>;
}

export class ParameterSchemasDto {
  @ApiProperty({ type: [ParameterSchemaDto] }) items: ParameterSchemaDto[];
}
