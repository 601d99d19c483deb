import { MigrationInterface, QueryRunner } from 'typeorm';

export class Episodes1764110000000 implements MigrationInterface {
  name = 'Episodes1764110000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE episodes (
        dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        episode_index integer NOT NULL,
        length integer NOT NULL,
        duration_s double precision NOT NULL,
        tasks text[] NOT NULL,
        data_file text NOT NULL,
        videos jsonb NOT NULL,
        score double precision,
        verdict text,
        flags text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (dataset_id, episode_index)
      )`);
    await queryRunner.query(`CREATE INDEX episodes_dataset_score_idx ON episodes (dataset_id, score)`);
    await queryRunner.query(`CREATE INDEX episodes_dataset_verdict_idx ON episodes (dataset_id, verdict)`);
    await queryRunner.query(`CREATE INDEX episodes_flags_idx ON episodes USING gin (flags)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE episodes`);
  }
}
