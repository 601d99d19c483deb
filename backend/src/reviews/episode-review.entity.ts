import { ReviewDecision } from '@robokit/api';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A user's keep/exclude call on one episode. It refers to the dataset, not to the episode row: episode
 * rows are rewritten whenever metadata is extracted again, and a review must outlive that.
 */
@Entity('episode_reviews')
export class EpisodeReviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  @Column({ name: 'episode_index', type: 'integer' })
  episodeIndex: number;

  @Column({ type: 'text' })
  decision: ReviewDecision;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
