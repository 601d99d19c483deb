import { column, query as readParquet } from '@robokit/lerobot';

/**
 * Test support for the factory's specs: reads generated files back with the format core's own DuckDB
 * access, so the tests check what RoboKit's readers see rather than what the writer meant.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Row = Record<string, any>;

export const query = (sql: string): Promise<Row[]> => readParquet(sql) as Promise<Row[]>;

/** A SQL string literal (paths, file lists). */
export const sqlString = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** A list of files for read_parquet([...]), in the given order. */
export const sqlFiles = (paths: string[]): string => `[${paths.map(sqlString).join(', ')}]`;

/** A double-quoted column name (LeRobot columns contain dots and slashes). */
export const sqlColumn = column;
