import { DatasetMetadata, FormatType, JobStatus, SourceType } from '@robokit/api';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintAsNumber } from '../database/numeric-transformer';

/** What the Hub said about the repo when it was imported (shown in the dashboard, never trusted for logic). */
export interface HubRepoFacts {
  gated: false | 'auto' | 'manual';
  private: boolean;
  tags: string[];
  lastModified: string | null;
  downloads: number;
  likes: number;
}

@Entity('datasets')
export class DatasetEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id' })
  ownerId: string;

  @Column({ name: 'source_type', type: 'text' })
  sourceType: SourceType;

  @Column({ name: 'repo_id' })
  repoId: string;

  @Column()
  revision: string;

  @Column({ name: 'commit_sha' })
  commitSha: string;

  @Column({ name: 'format_type', type: 'text' })
  formatType: FormatType;

  /** The state of the dataset's import, i.e. of its latest metadata_extraction job. */
  @Column({ type: 'text' })
  status: JobStatus;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  /** null when imported offline (ROBOKIT_HF_LOCAL_ONLY): the cache keeps no such facts. */
  @Column({ name: 'hub_info', type: 'jsonb', nullable: true })
  hubInfo: HubRepoFacts | null;

  @Column({ type: 'jsonb', nullable: true })
  metadata: DatasetMetadata | null;

  @Column({ name: 'codebase_version', type: 'text', nullable: true })
  codebaseVersion: string | null;

  @Column({ name: 'robot_type', type: 'text', nullable: true })
  robotType: string | null;

  @Column({ name: 'total_episodes', type: 'integer', nullable: true })
  totalEpisodes: number | null;

  @Column({ name: 'total_frames', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  totalFrames: number | null;

  @Column({ name: 'size_bytes', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  sizeBytes: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
