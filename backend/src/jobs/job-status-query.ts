import { ACTIVE_JOB_STATUSES, JobType } from '@robokit/api';
import { EntityManager } from 'typeorm';
import { isUuid } from '../datasets/dataset-lookup';
import type { DatasetEntity } from '../datasets/dataset.entity';
import { JobEntity } from './job.entity';

/**
 * The columns a job's summary view needs: not `result`, which can be tens of kilobytes (a quality report)
 * and which a status poll would otherwise read, parse and throw away each time.
 */
const SUMMARY_COLUMNS = [
  'id',
  'owner_id',
  'dataset_id',
  'type',
  'status',
  'progress',
  'parameters',
  'commit_sha',
  'dedup_key',
  'attempts',
  'summary',
  'error',
  'created_at',
  'started_at',
  'finished_at',
  'updated_at',
]
  .map((column) => `j.${column}`)
  .join(', ');

// Literals, not a parameter, so the planner can match jobs_status_idx's predicate; they are our own enum values.
const ACTIVE_LIST = ACTIVE_JOB_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * The owned dataset's status, its latest import job and its active jobs, in one round trip: the status
 * endpoint is what every open dashboard polls while work runs. Both job lookups are index scans that stay
 * short however long the dataset's job history grows (jobs_dataset_type_created_idx, jobs_status_idx).
 */
const STATUS_SQL = `
  WITH owned AS (SELECT id, status FROM datasets WHERE id = $1 AND owner_id = $2)
  SELECT owned.status AS dataset_status, TRUE AS is_import, latest.*
    FROM owned CROSS JOIN LATERAL (
      SELECT ${SUMMARY_COLUMNS} FROM jobs j WHERE j.dataset_id = owned.id AND j.type = $3 ORDER BY j.created_at DESC LIMIT 1
    ) latest
  UNION ALL
  SELECT owned.status, FALSE, ${SUMMARY_COLUMNS}
    FROM owned JOIN jobs j ON j.dataset_id = owned.id AND j.status IN (${ACTIVE_LIST})`;

interface StatusRow {
  dataset_status: DatasetEntity['status'];
  is_import: boolean;
  [column: string]: unknown;
}

/** A job row as the entity; `result` only when the query selected it. */
function jobFromRow(row: Record<string, unknown>): JobEntity {
  return Object.assign(new JobEntity(), {
    id: row.id,
    ownerId: row.owner_id,
    datasetId: row.dataset_id,
    type: row.type,
    status: row.status,
    progress: row.progress,
    parameters: row.parameters,
    commitSha: row.commit_sha,
    dedupKey: row.dedup_key,
    attempts: row.attempts,
    result: row.result ?? null,
    summary: row.summary,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
  });
}

export interface DatasetJobStatus {
  datasetStatus: DatasetEntity['status'];
  /** Without `result`. */
  importJob: JobEntity;
  /** Queued and running jobs, oldest first, without `result`; the import job too while it is active. */
  active: JobEntity[];
}

/**
 * One owned job with its result. Plain SQL rather than the query builder: a job page polls it, and building
 * the statement each time was a third of what a poll allocated.
 */
const JOB_SQL = `
  SELECT ${SUMMARY_COLUMNS}, j.result
    FROM jobs j JOIN datasets d ON d.id = j.dataset_id AND d.owner_id = $3
   WHERE j.id = $1 AND j.dataset_id = $2`;

/** Null when the job does not exist in that dataset or the dataset belongs to another owner. */
export async function ownedJob(manager: EntityManager, ownerId: string, datasetId: string, jobId: string): Promise<JobEntity | null> {
  if (!isUuid(jobId) || !isUuid(datasetId)) return null;
  const rows: Record<string, unknown>[] = await manager.query(JOB_SQL, [jobId, datasetId, ownerId]);
  return rows.length > 0 ? jobFromRow(rows[0]) : null;
}

/** Null when the dataset does not exist or belongs to another owner (every dataset has an import job). */
export async function datasetJobStatus(manager: EntityManager, ownerId: string, datasetId: string): Promise<DatasetJobStatus | null> {
  if (!isUuid(datasetId)) return null;
  const rows: StatusRow[] = await manager.query(STATUS_SQL, [datasetId, ownerId, JobType.MetadataExtraction]);
  const importRow = rows.find((row) => row.is_import);
  if (!importRow) return null;
  const active = rows.filter((row) => !row.is_import).map(jobFromRow);
  // A UNION ALL promises no order, and these are a handful of rows.
  active.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return { datasetStatus: importRow.dataset_status, importJob: jobFromRow(importRow), active };
}
