import { MigrationInterface, QueryRunner } from 'typeorm';

export class ValidationFindingsOfflineFacts1764100000000 implements MigrationInterface {
  name = 'ValidationFindingsOfflineFacts1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Offline imports know nothing of the Hub's view of a repo; null says so instead of invented zeros.
    await queryRunner.query(`ALTER TABLE datasets ALTER COLUMN hub_info DROP NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE validation_findings (
        id bigserial PRIMARY KEY,
        job_id uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        position integer NOT NULL,
        code text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
        message text NOT NULL,
        occurrences integer NOT NULL,
        locations jsonb NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX validation_findings_job_idx ON validation_findings (job_id, position)`);
    await queryRunner.query(`CREATE INDEX validation_findings_dataset_idx ON validation_findings (dataset_id, severity, code)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE validation_findings`);
    await queryRunner.query(`UPDATE datasets SET hub_info = '{}' WHERE hub_info IS NULL`);
    await queryRunner.query(`ALTER TABLE datasets ALTER COLUMN hub_info SET NOT NULL`);
  }
}
