import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode, repoIdProblem } from '@robokit/api';
import { ApiErrors } from '../common/api-errors.decorator';
import { validationError } from '../common/validation';
import { HubRefsDto, HubSearchPageDto, HubSearchQueryDto } from './dto/hub-search.dto';
import { HubCatalogService, MAX_SEARCH_DEPTH } from './hub-catalog.service';

@ApiTags('huggingface')
@Controller('huggingface')
export class HuggingFaceController {
  constructor(private readonly catalog: HubCatalogService) {}

  @Get('search')
  @ApiOperation({ summary: 'Search Hub datasets (robotics datasets by default)' })
  @ApiOkResponse({ type: HubSearchPageDto })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.RateLimited, ErrorCode.HubUnavailable, ErrorCode.HubBadResponse)
  search(@Query() query: HubSearchQueryDto): Promise<HubSearchPageDto> {
    if (query.page * query.pageSize > MAX_SEARCH_DEPTH) {
      throw validationError([{ field: 'page', problems: [`page x pageSize must be at most ${MAX_SEARCH_DEPTH}; narrow the query instead`] }]);
    }
    return this.catalog.search(query);
  }

  @Get('datasets/:owner/:name/refs')
  @ApiOperation({ summary: 'Branches, tags and converted refs of a Hub dataset' })
  @ApiOkResponse({ type: HubRefsDto })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.RepoNotFound, ErrorCode.RepoGated, ErrorCode.RateLimited, ErrorCode.HubUnavailable, ErrorCode.HubBadResponse)
  refs(@Param('owner') owner: string, @Param('name') name: string): Promise<HubRefsDto> {
    const repoId = `${owner}/${name}`;
    const problem = repoIdProblem(repoId);
    if (problem) throw validationError([{ field: 'repo', problems: [problem] }]);
    return this.catalog.refs(repoId);
  }
}
