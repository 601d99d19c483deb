import { MigrationInterface, QueryRunner } from 'typeorm';

export class JobStatusIndexes1764150000000 implements MigrationInterface {
  name = 'JobStatusIndexes1764150000000';

  // The status endpoint, polled by every open dashboard while work runs, looks up a dataset's latest import
  // job. With only (dataset_id, created_at) that walked past every newer job of the dataset, and each
  // analysis run adds one (0.46 ms with 5,000 of them, growing); with the type in the index it is one entry.
  // Active jobs need nothing new: jobs_status_idx holds only queued and running jobs.
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX jobs_dataset_type_created_idx ON jobs (dataset_id, type, created_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX jobs_dataset_type_created_idx`);
  }
}
