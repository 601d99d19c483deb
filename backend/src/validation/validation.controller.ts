import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { ErrorCode, JobType, ValidationSummary } from '@robokit/api';
import { Repository } from 'typeorm';
import { CurrentUser, RequestUser } from '../auth/current-user';
import { ApiErrors } from '../common/api-errors.decorator';
import { JobsService } from '../jobs/jobs.service';
import { ValidationQueryDto, ValidationReportDto } from './dto/validation-report.dto';
import { ValidationFindingEntity } from './validation-finding.entity';

@ApiTags('datasets')
@Controller('datasets/:id/validation')
export class ValidationController {
  constructor(
    private readonly jobs: JobsService,
    @InjectRepository(ValidationFindingEntity) private readonly findings: Repository<ValidationFindingEntity>,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The latest validation report: every problem once, with its first locations' })
  @ApiOkResponse({ type: ValidationReportDto })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.DatasetNotFound, ErrorCode.AnalysisNotFound)
  async latest(@CurrentUser() user: RequestUser, @Param('id') id: string, @Query() query: ValidationQueryDto): Promise<ValidationReportDto> {
    const job = await this.jobs.latestAnalysis(user.ownerId, id, JobType.Validation);
    const rows = await this.findings.find({
      where: { jobId: job.id, ...(query.severity ? { severity: query.severity } : {}), ...(query.code ? { code: query.code } : {}) },
      order: { position: 'ASC' },
    });
    return {
      jobId: job.id,
      commitSha: job.commitSha,
      completedAt: (job.finishedAt ?? job.updatedAt).toISOString(),
      summary: (job.result as { summary: ValidationSummary }).summary,
      findings: rows.map(({ code, severity, message, occurrences, locations }) => ({ code, severity, message, occurrences, locations })),
    };
  }
}
