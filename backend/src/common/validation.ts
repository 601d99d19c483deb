import { ArgumentMetadata, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import { ErrorCode } from '@robokit/api';
import { DomainError } from './domain-error';

export interface FieldProblem {
  field: string;
  problems: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export function validationError(fields: FieldProblem[]): DomainError {
  const summary = fields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join(' | ');
  return new DomainError(ErrorCode.ValidationFailed, `Invalid request: ${summary}`, { fields });
}

/** Unknown fields are rejected, not dropped, so a typo in a client never passes silently. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationError(flatten(errors)),
  });
}

const MAX_BODY_DEPTH = 16;

// class-validator looks fields up on a plain object, so a key such as "constructor" or "__proto__" passes
// as "known"; they are refused here, before validation, wherever they appear.
function isReservedKey(key: string): boolean {
  return key === '__proto__' || key === 'prototype' || key in Object.prototype;
}

function inputProblem(value: unknown, path: string, depth: number): FieldProblem | null {
  // PostgreSQL text cannot hold NUL; refused here rather than failing inside a query.
  if (typeof value === 'string') return value.includes('\0') ? { field: path || '(body)', problems: ['must not contain NUL characters'] } : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_BODY_DEPTH) return { field: path || '(body)', problems: [`nested deeper than ${MAX_BODY_DEPTH} levels`] };
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (isReservedKey(key)) return { field, problems: [`property ${key} should not exist`] };
    const problem = inputProblem((value as Record<string, unknown>)[key], field, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/**
 * Runs before the ValidationPipe on bodies and query strings: bounded nesting (class-transformer recurses
 * without a limit), no reserved keys, no NUL characters.
 */
export class InputShapePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query') return value;
    const problem = inputProblem(value, '', 1);
    if (problem) throw validationError([problem]);
    return value;
  }
}

/** For optional fields: absent is fine, but an explicit null is validated (and so refused) like any value. */
export const IsOptionalButNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
