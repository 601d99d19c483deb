import { FindingLocation, Severity } from '@robokit/api';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One problem of one validation run: a row per code, its first locations and its count (never a row per frame). */
@Entity('validation_findings')
export class ValidationFindingEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  /** Order in the report: errors first, then by occurrences. */
  @Column({ type: 'integer' })
  position: number;

  @Column()
  code: string;

  @Column({ type: 'text' })
  severity: Severity;

  @Column()
  message: string;

  @Column({ type: 'integer' })
  occurrences: number;

  @Column({ type: 'jsonb' })
  locations: FindingLocation[];
}
