import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

// Rows per INSERT: keeps the bound parameters far under PostgreSQL's limit of 65,535 per statement.
const BATCH = 500;

/** Inserts any number of rows (none is fine) a statement-sized batch at a time. */
export async function insertInBatches<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: QueryDeepPartialEntity<T>[]): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    await manager.insert(target, rows.slice(start, start + BATCH));
  }
}
