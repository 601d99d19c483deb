/*
 * The parts of an OpenAPI 3 document a request generator needs: every operation with its path and query
 * parameters and its JSON body, each schema with its $refs and single-entry allOf wrappers resolved.
 */

export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  example?: unknown;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  $ref?: string;
  allOf?: Schema[];
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  id: string;
  method: string;
  /** As in the document, e.g. /api/v1/datasets/{id}/jobs/{jobId}. */
  template: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The JSON body's schema, when the operation takes one. */
  body?: Schema;
  /** Statuses the document lists for the operation. */
  statuses: number[];
}

interface RawParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

interface RawOperation {
  operationId?: string;
  parameters?: RawParameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, unknown>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function resolveSchema(document: OpenApiDocument, schema: Schema | undefined, seen = new Set<string>()): Schema {
  if (!schema) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return {};
    const target = document.components?.schemas?.[name];
    if (!target) throw new Error(`The document refers to a schema it does not define: ${schema.$ref}`);
    const { $ref: _ref, ...siblings } = schema;
    return { ...resolveSchema(document, target, new Set([...seen, name])), ...siblings };
  }
  // Nest's swagger plugin wraps an enum reference as allOf: [{$ref}] to give it a default or an example.
  if (schema.allOf?.length === 1) {
    const { allOf, ...siblings } = schema;
    return { ...resolveSchema(document, allOf[0], seen), ...siblings };
  }
  const resolved: Schema = { ...schema };
  if (schema.items) resolved.items = resolveSchema(document, schema.items, seen);
  if (schema.properties) {
    resolved.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, resolveSchema(document, value, seen)]));
  }
  if (typeof schema.additionalProperties === 'object') resolved.additionalProperties = resolveSchema(document, schema.additionalProperties, seen);
  return resolved;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const parameters = (raw.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query');
      const toParameter = (p: RawParameter): Parameter => ({
        name: p.name,
        in: p.in as 'path' | 'query',
        required: p.required === true,
        schema: resolveSchema(document, p.schema),
      });
      const json = raw.requestBody?.content?.['application/json'];
      operations.push({
        id: raw.operationId ?? `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        pathParams: parameters.filter((p) => p.in === 'path').map(toParameter),
        queryParams: parameters.filter((p) => p.in === 'query').map(toParameter),
        body: json ? resolveSchema(document, json.schema) : undefined,
        statuses: Object.keys(raw.responses ?? {}).map(Number).filter(Number.isInteger),
      });
    }
  }
  return operations;
}

/** The error codes the document declares (the ErrorCode enum), so an answer with an unknown one stands out. */
export function errorCodesOf(document: OpenApiDocument): string[] {
  return (document.components?.schemas?.ErrorCode?.enum ?? []) as string[];
}
