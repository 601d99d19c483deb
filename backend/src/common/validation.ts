import { ArgumentMetadata, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
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

function depthOf(value: unknown, limit: number): number {
  if (value === null || typeof value !== 'object') return 0;
  if (limit === 0) return 1;
  let deepest = 0;
  for (const child of Object.values(value)) {
    deepest = Math.max(deepest, depthOf(child, limit - 1));
    if (deepest >= limit) break;
  }
  return deepest + 1;
}

/** class-transformer recurses without a bound; a deeply nested body must be a 400, not a stack overflow. */
function assertBodyDepth(body: unknown): void {
  if (depthOf(body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
    throw new DomainError(ErrorCode.ValidationFailed, `The request body is nested deeper than ${MAX_BODY_DEPTH} levels.`, {
      fields: [{ field: '(body)', problems: [`nested deeper than ${MAX_BODY_DEPTH} levels`] }],
    });
  }
}

/** Runs before the ValidationPipe, so class-transformer never sees a hostile nesting depth. */
export class BodyDepthPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body') assertBodyDepth(value);
    return value;
  }
}
