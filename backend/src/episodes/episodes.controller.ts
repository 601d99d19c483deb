import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@robokit/api';
import { CurrentUser, RequestUser } from '../auth/current-user';
import { ApiErrors } from '../common/api-errors.decorator';
import { EpisodePageDto, EpisodeSeriesDto, EpisodeSeriesQueryDto, ListEpisodesQueryDto } from './dto/episode.dto';
import { EpisodeQualityDto } from './dto/episode-quality.dto';
import { episodeIndexPipe } from './episode-index.pipe';
import { episodeView } from './episode-views';
import { EpisodesService } from './episodes.service';

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

  @Get(':index/quality')
  @ApiOperation({ summary: 'Why the latest quality analysis scored the episode as it did: reasons worst first, each with metric, value, threshold, joint and frames' })
  @ApiOkResponse({ type: EpisodeQualityDto })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.DatasetNotFound, ErrorCode.AnalysisNotFound, ErrorCode.EpisodeNotFound)
  async quality(@CurrentUser() user: RequestUser, @Param('id') id: string, @Param('index', episodeIndexPipe) index: number): Promise<EpisodeQualityDto> {
    const { jobId, episodeIndex: episode, score, verdict, flags, reasons, notes, metrics, notApplicable } = await this.episodes.quality(user.ownerId, id, index);
    return { jobId, episodeIndex: episode, score, verdict, flags, reasons, notes, metrics, notApplicable };
  }

  @Get(':index')
  @ApiOperation({ summary: "An episode's time series for plotting (min/max-decimated to `points`), with its video links" })
  @ApiOkResponse({ type: EpisodeSeriesDto })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.DatasetNotFound, ErrorCode.EpisodeNotFound, ErrorCode.NotInLocalCache, ErrorCode.HubUnavailable)
  series(
    @CurrentUser() user: RequestUser,
    @Param('id') id: string,
    @Param('index', episodeIndexPipe) index: number,
    @Query() query: EpisodeSeriesQueryDto,
  ): Promise<EpisodeSeriesDto> {
    return this.episodes.series(user.ownerId, id, index, query.points);
  }
}
