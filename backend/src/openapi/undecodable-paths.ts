import { OpenAPIObject } from '@nestjs/swagger';
import { ErrorCode } from '@robokit/api';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const PREFIX = 'Error body; code is one of ';

/**
 * A path parameter that is not valid percent-encoded UTF-8 (`/datasets/%FF`) is answered 400
 * VALIDATION_FAILED before any controller runs, so every operation with a path parameter can answer it.
 * Recognised here from the parameters rather than by a list that could go out of date.
 */
export function documentUndecodablePaths(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (!operation?.parameters?.some((parameter) => 'in' in parameter && parameter.in === 'path')) continue;
      const existing = operation.responses[400] as { description?: string } | undefined;
      if (existing?.description?.includes(ErrorCode.ValidationFailed)) continue;
      const codes = existing?.description?.startsWith(PREFIX) ? `${existing.description.slice(PREFIX.length)}, ${ErrorCode.ValidationFailed}` : ErrorCode.ValidationFailed;
      const badRequest = { description: `${PREFIX}${codes}`, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBodyDto' } } } };
      operation.responses = Object.fromEntries(Object.entries({ ...operation.responses, 400: badRequest }).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
  return document;
}
