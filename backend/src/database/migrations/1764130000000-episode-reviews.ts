import { MigrationInterface, QueryRunner } from 'typeorm';

export class EpisodeReviews1764130000000 implements MigrationInterface {
  name = 'EpisodeReviews1764130000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // No foreign key to episodes: their rows are replaced on every metadata extraction, reviews stay.
    await queryRunner.query(`
      CREATE TABLE episode_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        episode_index integer NOT NULL,
        decision text NOT NULL CHECK (decision IN ('keep', 'exclude')),
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT episode_reviews_dataset_episode_uq UNIQUE (dataset_id, episode_index)
      )`);
    await queryRunner.query(`CREATE INDEX episode_reviews_dataset_decision_idx ON episode_reviews (dataset_id, decision, episode_index)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE episode_reviews`);
  }
}
