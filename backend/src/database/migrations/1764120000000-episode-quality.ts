import { MigrationInterface, QueryRunner } from 'typeorm';

export class EpisodeQuality1764120000000 implements MigrationInterface {
  name = 'EpisodeQuality1764120000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE episode_quality (
        job_id uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        episode_index integer NOT NULL,
        dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        score double precision NOT NULL,
        verdict text NOT NULL,
        flags text[] NOT NULL,
        reasons jsonb NOT NULL,
        notes jsonb NOT NULL,
        metrics jsonb NOT NULL,
        not_applicable jsonb NOT NULL,
        PRIMARY KEY (job_id, episode_index)
      )`);
    await queryRunner.query(`CREATE INDEX episode_quality_dataset_idx ON episode_quality (dataset_id, episode_index)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE episode_quality`);
  }
}
