import { QueryFailedError } from 'typeorm';

function sqlState(error: unknown): string | undefined {
  return error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
}

/** Two requests raced for the same row; the database's unique index let one through. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === '23505';
}

/** The row referred to was deleted meanwhile (e.g. a job asked for while its dataset is being deleted). */
export function isForeignKeyViolation(error: unknown): boolean {
  return sqlState(error) === '23503';
}
