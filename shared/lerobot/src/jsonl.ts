import { ErrorCode } from '@robokit/api';
import { LeRobotFormatError } from './format-error';

/** Parses a .jsonl file; a broken line fails with its file and line number. */
export function parseJsonLines<T>(path: string, text: string): T[] {
  const rows: T[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      rows.push(JSON.parse(line) as T);
    } catch (error) {
      throw new LeRobotFormatError(ErrorCode.MetadataInvalid, `${path} line ${index + 1} is not valid JSON (${(error as Error).message}).`, { path, line: index + 1 });
    }
  });
  return rows;
}
