import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { ErrorCode } from '@robokit/api';
import type { Response } from 'express';
import { Repository } from 'typeorm';
import { CurrentUser, RequestUser } from '../auth/current-user';
import { ApiErrors } from '../common/api-errors.decorator';
import { DomainError } from '../common/domain-error';
import { findOwnedDataset } from '../datasets/dataset-lookup';
import { DatasetEntity } from '../datasets/dataset.entity';
import { isSafeRepoPath } from '../huggingface/hub-cache';
import { HubService } from '../huggingface/hub.service';

@ApiTags('episodes')
@Controller('datasets/:id/files')
export class FilesController {
  constructor(
    @InjectRepository(DatasetEntity) private readonly datasets: Repository<DatasetEntity>,
    private readonly hub: HubService,
  ) {}

  /** Range requests are what lets a <video> element seek (206 + Accept-Ranges); express's sendFile does them. */
  @Get('*path')
  @ApiOperation({ summary: 'A file of the dataset (videos for the episode viewer), from the cache, with HTTP Range support' })
  @ApiParam({ name: 'path', description: 'The path of the file in the repo, e.g. videos/chunk-000/observation.images.top/episode_000000.mp4' })
  @ApiOkResponse({
    description: 'The file, or the requested byte range (206 with Content-Range)',
    content: { 'video/mp4': { schema: { type: 'string', format: 'binary' } }, 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(ErrorCode.DatasetNotFound, ErrorCode.FileNotFound, ErrorCode.NotInLocalCache, ErrorCode.RangeNotSatisfiable, ErrorCode.HubUnavailable)
  async file(@CurrentUser() user: RequestUser, @Param('id') id: string, @Param('path') segments: string | string[], @Res() response: Response): Promise<void> {
    const dataset = await findOwnedDataset(this.datasets, user.ownerId, id);
    const path = Array.isArray(segments) ? segments.join('/') : segments;
    const file = isSafeRepoPath(path) ? (await this.hub.cachedListing(dataset.repoId, dataset.commitSha)).find((candidate) => candidate.path === path) : undefined;
    if (!file) throw new DomainError(ErrorCode.FileNotFound, `${path} is not a file of ${dataset.repoId} at ${dataset.commitSha}.`, { datasetId: id, path });
    const local = await this.hub.ensureLocal(dataset.repoId, dataset.commitSha, file);
    await new Promise<void>((resolve, reject) =>
      response.sendFile(local, { acceptRanges: true, dotfiles: 'allow', maxAge: '1h', immutable: true }, (error) => {
        if (!error || response.headersSent) return resolve();
        // send set the file's caching headers before it met the error (e.g. 416 for a Range past the end, which
        // keeps its Content-Range); an error answer must not be cached as the file.
        for (const header of ['Cache-Control', 'ETag', 'Last-Modified']) response.removeHeader(header);
        reject(error);
      }),
    );
  }
}
