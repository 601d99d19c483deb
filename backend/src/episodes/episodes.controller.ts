import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@robokit/api';
import { CurrentUser, RequestUser } from '../auth/current-user';
import { ApiErrors } from '../common/api-errors.decorator';
import { validationError } from '../common/validation';
import { EpisodePageDto, EpisodeSeriesDto, EpisodeSeriesQueryDto, ListEpisodesQueryDto } from './dto/episode.dto';
import { episodeView } from './episode-views';
import { EpisodesService } from './episodes.service';

const episodeIndex = new ParseIntPipe({
  exceptionFactory: () => validationError([{ field: 'index', problems: ['must be a whole number'] }]),
});

@ApiTags('episodes')
@Controller('datasets/:id/episodes')
export class EpisodesController {
  constructor(private readonly episodes: EpisodesService) {}

  @Get()
  @ApiOperation({ summary: "A dataset's episodes, paged, sortable and filterable (scores once a quality analysis ran)" })
  @ApiOkResponse({ type: EpisodePageDto })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.DatasetNotFound)
  async list(@CurrentUser() user: RequestUser, @Param('id') id: string, @Query() query: ListEpisodesQueryDto): Promise<EpisodePageDto> {
    const page = await this.episodes.list(user.ownerId, id, query);
    return { ...page, items: page.items.map(episodeView) };
  }

  @Get(':index')
  @ApiOperation({ summary: "An episode's time series for plotting (min/max-decimated to `points`), with its video links" })
  @ApiOkResponse({ type: EpisodeSeriesDto })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.DatasetNotFound, ErrorCode.EpisodeNotFound, ErrorCode.NotInLocalCache, ErrorCode.HubUnavailable)
  series(
    @CurrentUser() user: RequestUser,
    @Param('id') id: string,
    @Param('index', episodeIndex) index: number,
    @Query() query: EpisodeSeriesQueryDto,
  ): Promise<EpisodeSeriesDto> {
    return this.episodes.series(user.ownerId, id, index, query.points);
  }
}
