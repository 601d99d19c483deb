import { MigrationInterface, QueryRunner } from 'typeorm';

export class JobHeartbeat1764160000000 implements MigrationInterface {
  name = 'JobHeartbeat1764160000000';

  // A running job's worker writes this while it is alive, so that after Redis lost its queue another worker
  // can tell a job whose worker died (take it over) from one that is still running elsewhere (leave it).
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE jobs ADD COLUMN heartbeat_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE jobs DROP COLUMN heartbeat_at`);
  }
}
