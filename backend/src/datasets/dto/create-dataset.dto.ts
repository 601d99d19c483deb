import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsEnum, IsObject, ValidateNested } from 'class-validator';
import { FormatType, REPO_ID_MAX_LENGTH, REVISION_MAX_LENGTH, SourceType } from '@robokit/api';
import { IsRepoId, IsRevision } from '../../common/hub-validators';
import { IsOptionalButNotNull } from '../../common/validation';

export class DatasetSourceDto {
  @ApiProperty({ enum: SourceType, enumName: 'SourceType', example: SourceType.HuggingFace })
  @IsEnum(SourceType)
  type: SourceType;

  @ApiProperty({ example: 'lerobot/pusht', maxLength: REPO_ID_MAX_LENGTH, description: 'Hub dataset repo id, owner/name' })
  @IsRepoId()
  repo_id: string;

  @ApiPropertyOptional({ example: 'main', default: 'main', maxLength: REVISION_MAX_LENGTH, description: 'Branch, tag or commit sha' })
  @IsOptionalButNotNull()
  @IsRevision()
  revision: string = 'main';
}

export class CreateDatasetDto {
  @ApiProperty({ type: DatasetSourceDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DatasetSourceDto)
  source: DatasetSourceDto;

  @ApiPropertyOptional({ enum: FormatType, enumName: 'FormatType', default: FormatType.LeRobot })
  @IsOptionalButNotNull()
  @IsEnum(FormatType)
  format_type: FormatType = FormatType.LeRobot;
}
