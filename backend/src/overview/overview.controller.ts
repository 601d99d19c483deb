import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequestUser } from '../auth/current-user';
import { ApiErrors } from '../common/api-errors.decorator';
import { OverviewDto } from './dto/overview.dto';
import { OverviewService } from './overview.service';

@ApiTags('overview')
@Controller('overview')
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  @Get()
  @ApiOperation({ summary: 'Counts for the dashboard: datasets by import state, active jobs, jobs failed in the last 24 hours' })
  @ApiOkResponse({ type: OverviewDto })
  @ApiErrors()
  get(@CurrentUser() user: RequestUser): Promise<OverviewDto> {
    return this.overview.overview(user.ownerId);
  }
}
