import { QueryFailedError } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

/** Two requests raced for the same row; the database's unique index let one through. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION;
}
