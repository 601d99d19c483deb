import { ApiProperty } from '@nestjs/swagger';
import { FormatType, JobStatus, SourceType } from '@robokit/api';
import { PageOf } from '../../common/pagination';
import { DatasetMetadataDto } from './dataset-metadata.dto';

export class DatasetSourceViewDto {
  @ApiProperty({ enum: SourceType, enumName: 'SourceType' }) type: SourceType;
  @ApiProperty({ example: 'lerobot/pusht' }) repoId: string;
  @ApiProperty({ example: 'main', description: 'The revision asked for' }) revision: string;
  @ApiProperty({ example: '0123456789abcdef0123456789abcdef01234567', description: 'The commit it resolved to at import' }) commitSha: string;
  @ApiProperty({ example: 'https://huggingface.co/datasets/lerobot/pusht/tree/0123…', description: 'The dataset at that exact commit on the Hub' }) url: string;
}

export class HubFactsDto {
  @ApiProperty({ oneOf: [{ type: 'boolean', enum: [false] }, { type: 'string', enum: ['auto', 'manual'] }] }) gated: false | 'auto' | 'manual';
  @ApiProperty() private: boolean;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastModified: string | null;
  @ApiProperty() downloads: number;
  @ApiProperty() likes: number;
}

/** A dataset as lists show it: everything but the full metadata (whose file list can be long). */
export class DatasetSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: DatasetSourceViewDto }) source: DatasetSourceViewDto;
  @ApiProperty({ enum: FormatType, enumName: 'FormatType' }) formatType: FormatType;
  @ApiProperty({ enum: JobStatus, enumName: 'JobStatus', description: 'State of the import (its metadata_extraction job)' }) status: JobStatus;
  @ApiProperty({ type: String, nullable: true }) displayName: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: HubFactsDto, nullable: true, description: 'What the Hub said at import time; null when imported offline' }) hub: HubFactsDto | null;
  @ApiProperty({ type: String, nullable: true, example: 'v2.1' }) codebaseVersion: string | null;
  @ApiProperty({ type: String, nullable: true }) robotType: string | null;
  @ApiProperty({ type: Number, nullable: true }) totalEpisodes: number | null;
  @ApiProperty({ type: Number, nullable: true }) totalFrames: number | null;
  @ApiProperty({ type: Number, nullable: true }) sizeBytes: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class DatasetDto extends DatasetSummaryDto {
  @ApiProperty({ type: DatasetMetadataDto, nullable: true, description: 'Set once metadata extraction has completed' }) metadata: DatasetMetadataDto | null;
}

export class DatasetPageDto extends PageOf(DatasetSummaryDto) {}
