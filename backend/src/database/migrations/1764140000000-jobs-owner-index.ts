import { MigrationInterface, QueryRunner } from 'typeorm';

export class JobsOwnerIndex1764140000000 implements MigrationInterface {
  name = 'JobsOwnerIndex1764140000000';

  // The list of jobs across datasets and the dashboard's counts start from the owner, not a dataset.
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX jobs_owner_created_idx ON jobs (owner_id, created_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX jobs_owner_created_idx`);
  }
}
