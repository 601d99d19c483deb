import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EpisodeReviewEntity } from '../reviews/episode-review.entity';

export interface EpisodeVideoRange {
  file: string;
  fromTimestamp: number;
  toTimestamp: number | null;
}

/** One episode of one dataset: written by metadata extraction, scored by the quality analysis. */
@Entity('episodes')
export class EpisodeEntity {
  @PrimaryColumn({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  @PrimaryColumn({ name: 'episode_index', type: 'integer' })
  episodeIndex: number;

  @Column({ type: 'integer' })
  length: number;

  @Column({ name: 'duration_s', type: 'double precision' })
  durationS: number;

  @Column({ type: 'text', array: true })
  tasks: string[];

  @Column({ name: 'data_file', type: 'text' })
  dataFile: string;

  @Column({ type: 'jsonb' })
  videos: Record<string, EpisodeVideoRange>;

  @Column({ type: 'double precision', nullable: true })
  score: number | null;

  @Column({ type: 'text', nullable: true })
  verdict: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  flags: string[];

  /** Not a column: set by the episodes list, which joins in the user's review (null when none). */
  review?: EpisodeReviewEntity | null;
}
