import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FindingLocation, Severity, ValidationFinding, ValidationSummary } from '@robokit/api';
import { IsEnum, IsOptional, IsString, Matches } from 'class-validator';

export class FindingLocationDto implements FindingLocation {
  @ApiPropertyOptional({ example: 'data/chunk-000/episode_000003.parquet' }) file?: string;
  @ApiPropertyOptional() episode?: number;
  @ApiPropertyOptional({ type: [Number], minItems: 2, maxItems: 2, description: 'First and last frame index, inclusive' }) frames?: [number, number];
  @ApiPropertyOptional({ example: 'observation.state' }) feature?: string;
}

export class ValidationFindingDto implements ValidationFinding {
  @ApiProperty({ example: 'VIDEO_MISSING' }) code: string;
  @ApiProperty({ enum: Severity, enumName: 'Severity' }) severity: Severity;
  @ApiProperty() message: string;
  @ApiProperty({ description: 'How many times the problem occurs' }) occurrences: number;
  @ApiProperty({ type: [FindingLocationDto], description: 'The first occurrences (at most 20)' }) locations: FindingLocationDto[];
}

export class ValidationSummaryDto implements ValidationSummary {
  @ApiProperty() codebaseVersion: string;
  @ApiProperty() errors: number;
  @ApiProperty() warnings: number;
  @ApiProperty() infos: number;
  @ApiProperty({ description: 'Distinct problems' }) findings: number;
  @ApiProperty({ description: 'No error-level finding' }) valid: boolean;
}

export class ValidationReportDto {
  @ApiProperty({ format: 'uuid' }) jobId: string;
  @ApiProperty() commitSha: string;
  @ApiProperty({ format: 'date-time' }) completedAt: string;
  @ApiProperty({ type: ValidationSummaryDto }) summary: ValidationSummaryDto;
  @ApiProperty({ type: [ValidationFindingDto], description: 'Errors first, then warnings and infos; filtered by the query' }) findings: ValidationFindingDto[];
}

export class ValidationQueryDto {
  @ApiPropertyOptional({ enum: Severity, enumName: 'Severity' })
  @IsOptional()
  @IsEnum(Severity)
  severity?: Severity;

  @ApiPropertyOptional({ example: 'VIDEO_MISSING', pattern: '^[A-Z0-9_]{1,64}$' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9_]{1,64}$/)
  code?: string;
}
