import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { HubSort } from '../hub-catalog.service';

const SORTS: HubSort[] = ['downloads', 'likes', 'lastModified', 'createdAt', 'trendingScore'];

export class HubSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Text the repo id must contain', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Only repos of this user or organisation', maxLength: 96 })
  @IsOptional()
  @IsString()
  @MaxLength(96)
  author?: string;

  @ApiPropertyOptional({ description: 'Only robotics datasets (Hub tag task_categories:robotics)', default: true })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  @IsBoolean()
  robotics: boolean = true;

  @ApiPropertyOptional({ enum: SORTS, default: 'downloads', description: 'Always descending, as on the Hub' })
  @IsOptional()
  @IsIn(SORTS)
  sort: HubSort = 'downloads';
}

export class HubDatasetSummaryDto {
  @ApiProperty({ example: 'lerobot/pusht' }) repoId: string;
  @ApiProperty({ type: String, nullable: true }) author: string | null;
  @ApiProperty() downloads: number;
  @ApiProperty() likes: number;
  @ApiProperty({ oneOf: [{ type: 'boolean', enum: [false] }, { type: 'string', enum: ['auto', 'manual'] }] }) gated: false | 'auto' | 'manual';
  @ApiProperty() private: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastModified: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
}

export class HubSearchPageDto {
  @ApiProperty({ type: [HubDatasetSummaryDto] }) items: HubDatasetSummaryDto[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ description: 'The Hub pages by cursor and gives no total; this says whether a next page exists' }) hasMore: boolean;
}

export class HubRefDto {
  @ApiProperty({ example: 'main' }) name: string;
  @ApiProperty({ example: 'refs/heads/main' }) ref: string;
  @ApiProperty({ example: '0123456789abcdef0123456789abcdef01234567' }) targetCommit: string;
}

export class HubRefsDto {
  @ApiProperty({ type: [HubRefDto] }) branches: HubRefDto[];
  @ApiProperty({ type: [HubRefDto] }) tags: HubRefDto[];
  @ApiProperty({ type: [HubRefDto] }) converts: HubRefDto[];
}
