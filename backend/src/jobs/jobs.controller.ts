import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ErrorCode, JobType } from '@robokit/api';
import type { Response } from 'express';
import { CurrentUser, RequestUser } from '../auth/current-user';
import { ApiErrors, BODY_ERRORS } from '../common/api-errors.decorator';
import { PageQueryDto } from '../common/pagination';
import { validationError } from '../common/validation';
import { AnalysisDto, AnalysisPageDto, CreateJobDto, JobDetailDto, JobDto, JobPageDto, JobWithDatasetPageDto, ParameterSchemasDto } from './dto/job.dto';
import { ListJobsQueryDto } from './dto/list-jobs.dto';
import { JOB_DEFINITIONS, jsonSchemaOf } from './job-definitions';
import { analysisView, jobDetailView, jobView, jobWithDatasetView } from './job-views';
import { JobsService } from './jobs.service';

function jobTypeOf(value: string): JobType {
  if (!(Object.values(JobType) as string[]).includes(value)) {
    throw validationError([{ field: 'jobType', problems: [`must be one of ${Object.values(JobType).join(', ')}`] }]);
  }
  return value as JobType;
}

@ApiTags('jobs')
@Controller()
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get('jobs/parameter-schemas')
  @ApiOperation({ summary: 'JSON Schema of the parameters of every job type, to build forms from' })
  @ApiOkResponse({ type: ParameterSchemasDto })
  @ApiErrors()
  parameterSchemas(): ParameterSchemasDto {
    return {
      items: (Object.keys(JOB_DEFINITIONS) as JobType[]).map((type) => {
        const definition = JOB_DEFINITIONS[type];
        return {
          type,
          available: definition !== null,
          title: definition?.title ?? type,
          description: definition?.description ?? 'Not available in this version yet.',
          schema: jsonSchemaOf(definition),
        };
      }),
    };
  }

  @Get('jobs')
  @ApiOperation({ summary: 'Jobs of every dataset, newest first unless sorted otherwise, each naming its dataset; filter by status and type' })
  @ApiOkResponse({ type: JobWithDatasetPageDto })
  @ApiErrors(ErrorCode.ValidationFailed)
  async listAll(@CurrentUser() user: RequestUser, @Query() query: ListJobsQueryDto): Promise<JobWithDatasetPageDto> {
    const page = await this.jobs.listAll(user.ownerId, query);
    return { ...page, items: page.items.map(jobWithDatasetView) };
  }

  @Get('datasets/:id/jobs')
  @ApiOperation({ summary: "A dataset's jobs, newest first" })
  @ApiOkResponse({ type: JobPageDto })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.DatasetNotFound)
  async list(@CurrentUser() user: RequestUser, @Param('id') id: string, @Query() query: PageQueryDto): Promise<JobPageDto> {
    const page = await this.jobs.list(user.ownerId, id, query.page, query.pageSize);
    return { ...page, items: page.items.map(jobView) };
  }

  @Post('datasets/:id/jobs')
  @ApiOperation({ summary: 'Start a job; the same work already queued or running is answered with 200 and that job' })
  @ApiCreatedResponse({ type: JobDto, description: 'A new job was queued' })
  @ApiOkResponse({ type: JobDto, description: 'The same work was already queued or running' })
  @ApiErrors(...BODY_ERRORS, ErrorCode.DatasetNotFound, ErrorCode.JobTypeNotAvailable, ErrorCode.RateLimited)
  async create(
    @CurrentUser() user: RequestUser,
    @Param('id') id: string,
    @Body() body: CreateJobDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<JobDto> {
    const { job, created } = await this.jobs.request(user.ownerId, id, body.type, body.parameters);
    response.status(created ? 201 : 200);
    return jobView(job);
  }

  @Get('datasets/:id/jobs/:jobId')
  @ApiOperation({ summary: 'One job, with its full result' })
  @ApiOkResponse({ type: JobDetailDto })
  @ApiErrors(ErrorCode.DatasetNotFound, ErrorCode.JobNotFound)
  async get(@CurrentUser() user: RequestUser, @Param('id') id: string, @Param('jobId') jobId: string): Promise<JobDetailDto> {
    return jobDetailView(await this.jobs.get(user.ownerId, id, jobId));
  }

  @Post('datasets/:id/jobs/:jobId/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run a failed or cancelled job again (attempts + 1)' })
  @ApiOkResponse({ type: JobDto })
  @ApiErrors(ErrorCode.DatasetNotFound, ErrorCode.JobNotFound, ErrorCode.JobStateConflict)
  async retry(@CurrentUser() user: RequestUser, @Param('id') id: string, @Param('jobId') jobId: string): Promise<JobDto> {
    return jobView(await this.jobs.retry(user.ownerId, id, jobId));
  }

  @Post('datasets/:id/jobs/:jobId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a queued or running job' })
  @ApiOkResponse({ type: JobDto })
  @ApiErrors(ErrorCode.DatasetNotFound, ErrorCode.JobNotFound, ErrorCode.JobStateConflict)
  async cancel(@CurrentUser() user: RequestUser, @Param('id') id: string, @Param('jobId') jobId: string): Promise<JobDto> {
    return jobView(await this.jobs.cancel(user.ownerId, id, jobId));
  }

  @Get('datasets/:id/analyses/:jobType')
  @ApiOperation({ summary: 'Completed results of one job type, newest first' })
  @ApiParam({ name: 'jobType', enum: JobType, enumName: 'JobType' })
  @ApiOkResponse({ type: AnalysisPageDto })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.DatasetNotFound)
  async analyses(
    @CurrentUser() user: RequestUser,
    @Param('id') id: string,
    @Param('jobType') jobType: string,
    @Query() query: PageQueryDto,
  ): Promise<AnalysisPageDto> {
    const page = await this.jobs.analyses(user.ownerId, id, jobTypeOf(jobType), query.page, query.pageSize);
    return { ...page, items: page.items.map(analysisView) };
  }

  @Get('datasets/:id/analyses/:jobType/latest')
  @ApiOperation({ summary: 'The latest completed result of one job type' })
  @ApiParam({ name: 'jobType', enum: JobType, enumName: 'JobType' })
  @ApiOkResponse({ type: AnalysisDto })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.DatasetNotFound, ErrorCode.AnalysisNotFound)
  async latest(@CurrentUser() user: RequestUser, @Param('id') id: string, @Param('jobType') jobType: string): Promise<AnalysisDto> {
    return analysisView(await this.jobs.latestAnalysis(user.ownerId, id, jobTypeOf(jobType)));
  }
}
