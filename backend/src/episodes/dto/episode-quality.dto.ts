import { ApiProperty } from '@nestjs/swagger';
import { EvidenceLevel, QualityFinding } from '@robokit/api';

export class QualityFindingDto implements QualityFinding {
  @ApiProperty({ example: 'stale_state' }) metric: string;
  @ApiProperty({ enum: EvidenceLevel, enumName: 'EvidenceLevel' }) level: EvidenceLevel;
  @ApiProperty() value: number;
  @ApiProperty({ type: Number, nullable: true }) threshold: number | null;
  @ApiProperty({ type: String, nullable: true }) feature: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Joint name when the feature names one' }) dimension: string | null;
  @ApiProperty({ type: [Number], nullable: true, minItems: 2, maxItems: 2, description: 'First and last frame' }) frames: [number, number] | null;
  @ApiProperty() message: string;
  @ApiProperty({ description: 'How much it lowered the score' }) severity: number;
}

export class EpisodeQualityDto {
  @ApiProperty({ format: 'uuid', description: 'The quality job this comes from' }) jobId: string;
  @ApiProperty() episodeIndex: number;
  @ApiProperty() score: number;
  @ApiProperty({ enum: ['PASS', 'REVIEW', 'EXCLUDE'] }) verdict: string;
  @ApiProperty({ type: [String] }) flags: string[];
  @ApiProperty({ type: [QualityFindingDto], description: 'What lowered the score, worst first' }) reasons: QualityFindingDto[];
  @ApiProperty({ type: [QualityFindingDto], description: 'Shown, never flags' }) notes: QualityFindingDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', nullable: true }, description: 'Each metric; null = not measurable (see notApplicable)' })
  metrics: Record<string, number | null>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) notApplicable: Record<string, string>;
}
