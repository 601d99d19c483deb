import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764086400000 implements MigrationInterface {
  name = 'InitialSchema1764086400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE datasets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id text NOT NULL,
        source_type text NOT NULL,
        repo_id text NOT NULL,
        revision text NOT NULL,
        commit_sha char(40) NOT NULL,
        format_type text NOT NULL,
        status text NOT NULL,
        display_name text,
        description text,
        tags text[] NOT NULL DEFAULT '{}',
        hub_info jsonb NOT NULL,
        metadata jsonb,
        codebase_version text,
        robot_type text,
        total_episodes integer,
        total_frames bigint,
        size_bytes bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX datasets_owner_source_uq ON datasets (owner_id, repo_id, commit_sha)`);
    await queryRunner.query(`CREATE INDEX datasets_owner_created_idx ON datasets (owner_id, created_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id text NOT NULL,
        dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        type text NOT NULL,
        status text NOT NULL,
        progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        parameters jsonb NOT NULL DEFAULT '{}',
        commit_sha char(40) NOT NULL,
        dedup_key text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        result jsonb,
        summary jsonb,
        error jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX jobs_active_dedup_uq ON jobs (dedup_key) WHERE status IN ('queued', 'running')`,
    );
    await queryRunner.query(`CREATE INDEX jobs_dataset_created_idx ON jobs (dataset_id, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX jobs_status_idx ON jobs (status) WHERE status IN ('queued', 'running')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE jobs`);
    await queryRunner.query(`DROP TABLE datasets`);
  }
}
