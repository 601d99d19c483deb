import { QualityFinding } from '@robokit/api';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One episode's quality in one analysis: its score, verdict and the reasons behind them. */
@Entity('episode_quality')
export class EpisodeQualityEntity {
  @PrimaryColumn({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @PrimaryColumn({ name: 'episode_index', type: 'integer' })
  episodeIndex: number;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  @Column({ type: 'double precision' })
  score: number;

  @Column({ type: 'text' })
  verdict: string;

  @Column({ type: 'text', array: true })
  flags: string[];

  @Column({ type: 'jsonb' })
  reasons: QualityFinding[];

  @Column({ type: 'jsonb' })
  notes: QualityFinding[];

  @Column({ type: 'jsonb' })
  metrics: Record<string, number | null>;

  @Column({ name: 'not_applicable', type: 'jsonb' })
  notApplicable: Record<string, string>;
}
