import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode, JobStatus } from '@robokit/api';
import { CurrentUser, RequestUser } from '../auth/current-user';
import { ApiErrors, BODY_ERRORS } from '../common/api-errors.decorator';
import { DatasetStatusDto } from '../jobs/dto/job.dto';
import { jobView } from '../jobs/job-views';
import { JobsService } from '../jobs/jobs.service';
import { datasetSummaryView, datasetView } from './dataset-views';
import { DatasetsService } from './datasets.service';
import { CreateDatasetDto } from './dto/create-dataset.dto';
import { DatasetDto, DatasetPageDto } from './dto/dataset.dto';
import { ListDatasetsQueryDto } from './dto/list-datasets.dto';
import { UpdateDatasetDto } from './dto/update-dataset.dto';

@ApiTags('datasets')
@Controller('datasets')
export class DatasetsController {
  constructor(
    private readonly datasets: DatasetsService,
    private readonly jobs: JobsService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Import a dataset from the Hub; its metadata is extracted by a background job' })
  @ApiCreatedResponse({ type: DatasetDto })
  @ApiErrors(
    ...BODY_ERRORS,
    ErrorCode.RepoNotFound,
    ErrorCode.RevisionNotFound,
    ErrorCode.NotInLocalCache,
    ErrorCode.RepoGated,
    ErrorCode.HubUnauthorized,
    ErrorCode.DatasetExists,
    ErrorCode.MetadataMissing,
    ErrorCode.MetadataInvalid,
    ErrorCode.UnsupportedVersion,
    ErrorCode.UnsupportedFormat,
    ErrorCode.RateLimited,
    ErrorCode.HubUnavailable,
    ErrorCode.HubBadResponse,
  )
  async create(@CurrentUser() user: RequestUser, @Body() body: CreateDatasetDto): Promise<DatasetDto> {
    return datasetView(await this.datasets.create(user.ownerId, body), this.datasets.hubUrl);
  }

  @Get()
  @ApiOperation({ summary: 'Datasets, paged, filtered and sorted' })
  @ApiOkResponse({ type: DatasetPageDto })
  @ApiErrors(ErrorCode.ValidationFailed)
  async list(@CurrentUser() user: RequestUser, @Query() query: ListDatasetsQueryDto): Promise<DatasetPageDto> {
    const page = await this.datasets.list(user.ownerId, query);
    return { ...page, items: page.items.map((dataset) => datasetSummaryView(dataset, this.datasets.hubUrl)) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One dataset, with its metadata once extracted' })
  @ApiOkResponse({ type: DatasetDto })
  @ApiErrors(ErrorCode.DatasetNotFound)
  async get(@CurrentUser() user: RequestUser, @Param('id') id: string): Promise<DatasetDto> {
    return datasetView(await this.datasets.get(user.ownerId, id), this.datasets.hubUrl);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change display name, description or tags' })
  @ApiOkResponse({ type: DatasetDto })
  @ApiErrors(...BODY_ERRORS, ErrorCode.DatasetNotFound)
  async update(@CurrentUser() user: RequestUser, @Param('id') id: string, @Body() body: UpdateDatasetDto): Promise<DatasetDto> {
    return datasetView(await this.datasets.update(user.ownerId, id, body), this.datasets.hubUrl);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a dataset; its active jobs are cancelled' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(ErrorCode.DatasetNotFound)
  async remove(@CurrentUser() user: RequestUser, @Param('id') id: string): Promise<void> {
    await this.datasets.remove(user.ownerId, id);
  }

  @Get(':id/status')
  @ApiOperation({ summary: 'Import state and progress, and the active jobs; poll this while a job runs' })
  @ApiOkResponse({ type: DatasetStatusDto })
  @ApiErrors(ErrorCode.DatasetNotFound)
  async status(@CurrentUser() user: RequestUser, @Param('id') id: string): Promise<DatasetStatusDto> {
    const { datasetStatus, importJob, active } = await this.jobs.status(user.ownerId, id);
    return {
      datasetId: id,
      status: datasetStatus,
      progress: datasetStatus === JobStatus.Completed ? 100 : importJob.progress,
      importJob: jobView(importJob),
      activeJobs: active.map(jobView),
    };
  }
}
