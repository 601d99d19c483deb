import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@robokit/api';
import { CurrentUser, RequestUser } from '../auth/current-user';
import { ApiErrors, BODY_ERRORS } from '../common/api-errors.decorator';
import { episodeIndexPipe } from '../episodes/episode-index.pipe';
import { ListReviewsQueryDto } from './dto/list-reviews.dto';
import { EpisodeReviewDto, EpisodeReviewPageDto, ReviewEpisodeDto, ReviewExportDto } from './dto/review.dto';
import { reviewView } from './review-views';
import { ReviewsService } from './reviews.service';

@ApiTags('reviews')
@Controller('datasets/:id')
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Put('episodes/:index/review')
  @ApiOperation({ summary: 'Mark an episode keep or exclude, with an optional note; replaces its earlier review' })
  @ApiOkResponse({ type: EpisodeReviewDto })
  @ApiErrors(...BODY_ERRORS, ErrorCode.DatasetNotFound, ErrorCode.EpisodeNotFound)
  async put(
    @CurrentUser() user: RequestUser,
    @Param('id') id: string,
    @Param('index', episodeIndexPipe) index: number,
    @Body() body: ReviewEpisodeDto,
  ): Promise<EpisodeReviewDto> {
    return reviewView(await this.reviews.put(user.ownerId, id, index, body));
  }

  @Delete('episodes/:index/review')
  @HttpCode(204)
  @ApiOperation({ summary: "Clear an episode's review: it counts as not reviewed (kept) again" })
  @ApiNoContentResponse({ description: 'Cleared (or there was none)' })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.DatasetNotFound, ErrorCode.EpisodeNotFound)
  async clear(@CurrentUser() user: RequestUser, @Param('id') id: string, @Param('index', episodeIndexPipe) index: number): Promise<void> {
    await this.reviews.clear(user.ownerId, id, index);
  }

  @Get('reviews')
  @ApiOperation({ summary: "A dataset's episode reviews, paged, by episode index unless sorted otherwise" })
  @ApiOkResponse({ type: EpisodeReviewPageDto })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.DatasetNotFound)
  async list(@CurrentUser() user: RequestUser, @Param('id') id: string, @Query() query: ListReviewsQueryDto): Promise<EpisodeReviewPageDto> {
    const page = await this.reviews.list(user.ownerId, id, query);
    return { ...page, items: page.items.map(reviewView) };
  }

  @Get('reviews/export')
  @ApiOperation({ summary: "The episodes to keep (all but those marked exclude), as LeRobot's dataset tools take them for --episodes" })
  @ApiOkResponse({ type: ReviewExportDto })
  @ApiErrors(ErrorCode.DatasetNotFound, ErrorCode.AnalysisNotFound)
  export(@CurrentUser() user: RequestUser, @Param('id') id: string): Promise<ReviewExportDto> {
    return this.reviews.export(user.ownerId, id);
  }
}
