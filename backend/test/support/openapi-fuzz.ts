import {
  Hostile,
  hostileFilePath,
  hostileHeaders,
  hostilePathSegment,
  hostileQueryValue,
  hostileRawBody,
  nested,
  ODD_KEYS,
  percentEncode,
  validValue,
  wrongJsonValue,
} from './fuzz-values';
import { OpenApiDocument, Operation, operationsOf, Parameter, Schema } from './openapi-document';
import { hashLabel, Rng } from './seeded-random';

/*
 * Requests generated from the OpenAPI document: for every operation, valid requests with one or a few
 * things made hostile (a path parameter, a query value, the query's shape, the body by its schema, the body
 * as bytes, a header, the method). Which operation gets what comes from the seed alone, each operation
 * from its own stream, so a failing request is replayed by running the same seed.
 */

export type Category = 'valid' | 'path' | 'query-values' | 'query-shape' | 'body-schema' | 'body-raw' | 'stray-body' | 'headers' | 'method';

export interface FuzzRequest {
  operation: string;
  category: Category;
  method: string;
  /** The request target exactly as it goes on the request line: path and query, percent-encoded. */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
  what: string;
}

export interface FuzzFixture {
  /** Values of a path parameter that name something that exists; one with a '/' marks a multi-segment parameter. */
  pathValues(operation: Operation, parameter: Parameter): string[];
  /** Bodies the operation accepts, to mutate from; without any, a body is generated from the schema. */
  bodies?(operation: Operation): unknown[];
}

export interface FuzzPlan {
  requests: FuzzRequest[];
  /** What could not be fuzzed the usual way, and why; printed by the test so that nothing is skipped silently. */
  notes: string[];
}

const WEIGHTS: Record<Category, number> = {
  valid: 1,
  path: 5,
  'query-values': 4,
  'query-shape': 2,
  'body-schema': 5,
  'body-raw': 3,
  'stray-body': 1,
  headers: 1.5,
  method: 0.4,
};

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

type Obj = Record<string, unknown>;

/** Sets an own property even for "__proto__", which plain assignment would turn into a prototype change. */
function put(target: Obj, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The request being built: starts valid, and a category makes part of it hostile. */
interface Draft {
  path: Record<string, string>;
  query: string[];
  headers: Record<string, string>;
  body?: Buffer;
  /** Of the body; null sends none at all, undefined the usual application/json. */
  contentType?: string | null;
  what: string[];
}

class OperationFuzzer {
  private readonly categories: Category[];
  private readonly otherMethods: string[];
  /** [what, operation]: the same remark about several operations is printed once, naming them all. */
  readonly notes: [string, string][] = [];

  constructor(
    private readonly operation: Operation,
    private readonly fixture: FuzzFixture,
    siblings: Operation[],
  ) {
    const declared = new Set(siblings.filter((o) => o.template === operation.template).map((o) => o.method));
    this.otherMethods = METHODS.filter((method) => !declared.has(method));
    const { pathParams, queryParams, body } = operation;
    this.categories = (Object.keys(WEIGHTS) as Category[]).filter((category) => {
      if (category === 'path') return pathParams.length > 0;
      if (category === 'query-values') return queryParams.length > 0;
      if (category === 'body-schema' || category === 'body-raw') return body !== undefined;
      if (category === 'stray-body') return body === undefined;
      if (category === 'method') return this.otherMethods.length > 0;
      return true;
    });
    const label = `${operation.method} ${operation.template}`;
    if (pathParams.length === 0 && queryParams.length === 0 && !body) {
      this.notes.push(['no parameters and no body; fuzzed with stray query keys, stray bodies, hostile headers and other methods only', label]);
    } else if (!body) {
      this.notes.push(['takes no body; stray bodies are sent instead of schema mutations', label]);
    }
    for (const parameter of pathParams) {
      if (this.validPath(parameter).length === 0) this.notes.push([`no existing value known for {${parameter.name}}; its valid requests use generated values`, label]);
    }
  }

  private validPath(parameter: Parameter): string[] {
    return this.fixture.pathValues(this.operation, parameter);
  }

  private isMultiSegment(parameter: Parameter): boolean {
    return this.validPath(parameter).some((value) => value.includes('/'));
  }

  private encodePath(parameter: Parameter, value: string): string {
    return this.isMultiSegment(parameter) ? value.split('/').map(percentEncode).join('/') : percentEncode(value);
  }

  generate(r: Rng, count: number): FuzzRequest[] {
    const total = this.categories.reduce((sum, category) => sum + WEIGHTS[category], 0);
    const requests: FuzzRequest[] = [];
    for (let i = 0; i < count; i++) {
      let roll = r.next() * total;
      const category = this.categories.find((c) => (roll -= WEIGHTS[c]) < 0) ?? 'valid';
      requests.push(this.request(r, category));
    }
    return requests;
  }

  private request(r: Rng, category: Category): FuzzRequest {
    const draft = this.validDraft(r);
    let method = this.operation.method;
    switch (category) {
      case 'valid':
        draft.what.push('a valid request');
        break;
      case 'path':
        this.hostilePath(r, draft);
        break;
      case 'query-values':
        this.hostileQueryValues(r, draft);
        break;
      case 'query-shape':
        this.hostileQueryShape(r, draft);
        break;
      case 'body-schema':
        this.hostileBodyBySchema(r, draft);
        break;
      case 'body-raw':
      case 'stray-body':
        this.rawBody(r, draft, category === 'stray-body' ? (r.chance(0.5) ? { stray: true } : undefined) : this.validBody(r));
        break;
      case 'headers': {
        const headers = hostileHeaders(r);
        Object.assign(draft.headers, headers.value);
        draft.what.push(headers.what);
        break;
      }
      case 'method':
        method = r.pick(this.otherMethods);
        draft.what.push(`${method} instead of ${this.operation.method}`);
        break;
    }
    let target = this.operation.template;
    for (const [name, value] of Object.entries(draft.path)) target = target.replace(`{${name}}`, value);
    if (draft.query.length > 0) target += `?${draft.query.join('&')}`;
    if (draft.body && draft.contentType !== null) draft.headers['Content-Type'] = draft.contentType ?? 'application/json';
    return { operation: this.operation.id, category, method, target, headers: draft.headers, body: draft.body, what: draft.what.join('; ') };
  }

  private validDraft(r: Rng): Draft {
    const path: Record<string, string> = {};
    for (const parameter of this.operation.pathParams) {
      const known = this.validPath(parameter);
      path[parameter.name] = this.encodePath(parameter, known.length > 0 ? r.pick(known) : String(validValue(r, parameter.schema)));
    }
    const query: string[] = [];
    for (const parameter of this.operation.queryParams) {
      if (parameter.required || r.chance(0.3)) query.push(`${parameter.name}=${encodeQueryValue(validValue(r, parameter.schema))}`);
    }
    const body = this.operation.body ? Buffer.from(JSON.stringify(this.validBody(r))) : undefined;
    return { path, query, headers: {}, body, what: [] };
  }

  private validBody(r: Rng): unknown {
    const examples = this.fixture.bodies?.(this.operation) ?? [];
    if (examples.length > 0 && r.chance(0.7)) return structuredClone(r.pick(examples));
    return validValue(r, this.operation.body ?? { type: 'object' });
  }

  private hostilePath(r: Rng, draft: Draft): void {
    const parameter = r.pick(this.operation.pathParams);
    const hostile: Hostile = this.isMultiSegment(parameter) ? hostileFilePath(r, this.validPath(parameter)) : hostilePathSegment(r, this.validPath(parameter));
    draft.path[parameter.name] = hostile.value;
    draft.what.push(`{${parameter.name}} is ${hostile.what}: ${preview(hostile.value)}`);
  }

  private hostileQueryValues(r: Rng, draft: Draft): void {
    const count = r.chance(0.8) ? 1 : r.between(2, Math.max(2, this.operation.queryParams.length));
    for (let i = 0; i < count; i++) {
      const parameter = r.pick(this.operation.queryParams);
      const hostile = hostileQueryValue(r, parameter.schema);
      draft.query = draft.query.filter((pair) => !pair.startsWith(`${parameter.name}=`));
      draft.query.push(`${parameter.name}=${hostile.value}`);
      draft.what.push(`?${parameter.name} is ${hostile.what}: ${preview(hostile.value)}`);
    }
  }

  private hostileQueryShape(r: Rng, draft: Draft): void {
    const declared = this.operation.queryParams;
    const name = declared.length > 0 ? r.pick(declared).name : r.word(1, 8);
    const value = () => (declared.length > 0 ? encodeQueryValue(validValue(r, declared.find((p) => p.name === name)!.schema)) : r.word());
    const kinds: (() => [string[], string])[] = [
      () => [[`${name}=${value()}`, `${name}=${value()}`], 'a repeated key'],
      () => [Array.from({ length: 50 }, () => `${name}=${value()}`), 'a key repeated 50 times'],
      () => [[`${name}[]=${value()}`], 'a bracketed key'],
      () => [[`${name}[x]=${value()}`, `${name}[y][z]=1`], 'nested bracket keys'],
      () => [[r.pick(['__proto__=1', '__proto__[polluted]=1', 'constructor[prototype][polluted]=1', 'toString=1', 'hasOwnProperty=x', 'constructor=1'])], 'a prototype key'],
      () => [[`${r.word(1, 10, 'abcdefghijklmnopqrstuvwxyz_')}=${r.word()}`], 'an unknown key'],
      () => [[r.pick(['=x', name, '&&&', '=', 'a==b', '?a=1', '&', `${name}=`])], 'an empty or bare key'],
      () => [Array.from({ length: 300 }, (_, i) => `k${i}=${i}`), '300 unknown keys'],
      () => [[`${r.pick(['%', '%zz', '%00', '%ED%A0%80'])}=${r.pick(['%', '%zz', '%00', '1'])}`], 'malformed escapes in a key'],
      () => [[`${name}=${'q'.repeat(12_000)}`], 'a 12 kB query string'],
    ];
    const [pairs, what] = r.pick(kinds)();
    draft.query.push(...pairs);
    draft.what.push(`query with ${what}`);
  }

  private hostileBodyBySchema(r: Rng, draft: Draft): void {
    const schema = this.operation.body!;
    if (r.chance(0.1)) {
      const whole = wrongJsonValue(r, schema);
      draft.body = Buffer.from(JSON.stringify(whole.value) ?? 'null');
      draft.what.push(`the body is ${whole.what}`);
      return;
    }
    const body = this.validBody(r) as Obj;
    if (typeof body !== 'object' || body === null) {
      draft.body = Buffer.from(JSON.stringify(body));
      draft.what.push('a generated body');
      return;
    }
    for (let i = r.chance(0.75) ? 1 : r.between(2, 3); i > 0; i--) draft.what.push(mutate(r, body, schema));
    draft.body = Buffer.from(JSON.stringify(body));
  }

  private rawBody(r: Rng, draft: Draft, valid: unknown): void {
    const hostile = hostileRawBody(r, valid);
    draft.body = hostile.value.bytes;
    draft.contentType = hostile.value.contentType ?? null;
    Object.assign(draft.headers, hostile.value.headers);
    draft.what.push(`body: ${hostile.what}`);
  }
}

function encodeQueryValue(value: unknown): string {
  return (Array.isArray(value) ? value : [value]).map((v) => percentEncode(String(v))).join(',');
}

function preview(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}... (${text.length} chars)` : text;
}

/** Places in a body the schema describes: [path, schema of the value there, the object holding it]. */
function placesIn(body: Obj, schema: Schema, prefix = ''): [string, Schema, Obj, string][] {
  const places: [string, Schema, Obj, string][] = [];
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    places.push([path, property, body, key]);
    const value = body[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && property.type === 'object') places.push(...placesIn(value as Obj, property, path));
  }
  return places;
}

/** One defect in `body` (changed in place); says which. */
function mutate(r: Rng, body: Obj, schema: Schema): string {
  const places = placesIn(body, schema);
  const objects: [string, Obj, Schema][] = [['', body, schema], ...places.filter(([, s, holder, key]) => s.type === 'object' && typeof holder[key] === 'object' && holder[key] !== null).map(([path, s, holder, key]) => [path, holder[key] as Obj, s] as [string, Obj, Schema])];
  const kind = places.length === 0 ? 'extra' : r.pick(['wrong', 'wrong', 'wrong', 'missing', 'extra', 'null', 'free-form']);
  if (kind === 'wrong') {
    const [path, property, holder, key] = r.pick(places);
    const wrong = wrongJsonValue(r, property);
    put(holder, key, wrong.value);
    return `${path} is ${wrong.what}`;
  }
  if (kind === 'missing') {
    const [path, , holder, key] = r.pick(places);
    delete holder[key];
    return `without ${path}`;
  }
  if (kind === 'null') {
    const [path, , holder, key] = r.pick(places);
    put(holder, key, null);
    return `${path} is null`;
  }
  const freeForm = objects.filter(([, , s]) => s.additionalProperties === true || (s.type === 'object' && !s.properties));
  if (kind === 'free-form' && freeForm.length > 0) {
    // A free-form object (job parameters): anything may be in it, and the API must refuse or accept it calmly.
    const [path, target] = r.pick(freeForm);
    const key = r.chance(0.3) ? r.pick(ODD_KEYS) : r.word(1, 12, 'abcdefghijklmnopqrstuvwxyz_');
    const value = r.pick<unknown>([r.int(100), -1, 1.5, 1e308, r.word(), true, null, [], {}, [r.word()], nested(r.pick([3, 40]), 'object'), 'x'.repeat(5000)]);
    put(target, key, value);
    return `${path || 'body'}.${key} = ${preview(JSON.stringify(value) ?? 'undefined')}`;
  }
  const [path, target] = r.pick(objects);
  const key = r.chance(0.5) ? r.pick(ODD_KEYS) : r.word(1, 12, 'abcdefghijklmnopqrstuvwxyz_');
  put(target, key, r.pick<unknown>([1, 'x', true, null, {}, [], { ownerId: 'someone-else' }]));
  return `unknown key ${JSON.stringify(preview(key))} in ${path || 'the body'}`;
}

/** At least `total` requests over every operation of the document, in a seeded order. */
export function planFuzz(document: OpenApiDocument, options: { seed: number; total: number; fixture: FuzzFixture }): FuzzPlan {
  const operations = operationsOf(document);
  const perOperation = Math.ceil(options.total / operations.length);
  const requests: FuzzRequest[] = [];
  const remarks = new Map<string, string[]>();
  for (const operation of operations) {
    const fuzzer = new OperationFuzzer(operation, options.fixture, operations);
    for (const [what, label] of fuzzer.notes) remarks.set(what, [...(remarks.get(what) ?? []), label]);
    requests.push(...fuzzer.generate(new Rng(options.seed ^ hashLabel(operation.id)), perOperation));
  }
  const notes = [...remarks].map(([what, labels]) => `${what} (${labels.length}): ${labels.join(', ')}`);
  // Interleaved, so that what one request changes (a deleted dataset, a cancelled job) meets the others.
  new Rng(options.seed).shuffle(requests);
  return { requests, notes };
}
