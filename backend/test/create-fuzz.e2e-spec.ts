import type { Response } from 'supertest';
import { Body, importBody } from './support/api';
import { smallDatasetFiles } from './support/fixtures';
import { hashLabel, Rng, seedFromEnv } from './support/seeded-random';
import { TestApp, useE2eEnvironment } from './support/test-app';

/*
 * Malformed `POST /api/v1/datasets` bodies from a seeded PRNG. Every answer must be a 4xx with the one error
 * body, and none may create a dataset. The mutations start from a body that would import a real repo of the
 * stand-in Hub, so a defect the API lets through shows up as a 201. Replay a run with FUZZ_SEED=<seed>
 * (FUZZ_SEED=random picks a new one); each category has its own stream derived from the seed.
 */

const DEFAULT_SEED = 20251125;
const SEED = seedFromEnv(process.env.FUZZ_SEED, DEFAULT_SEED);
const REAL = 'demo/real';
const CONCURRENCY = 4;
/** Nest's JSON body limit (body-parser's default, 100 kB). */
const BODY_LIMIT = 100 * 1024;

type Obj = Record<string, unknown>;

interface Payload {
  contentType?: string;
  data?: string | Buffer;
  headers?: Record<string, string>;
}

interface Expectation {
  status?: number;
  codes?: string[];
  /** Fields the VALIDATION_FAILED details must name. */
  fields?: string[];
}

interface FuzzCase {
  what: string;
  payload: Payload;
  expect: Expectation;
}

interface Context {
  realSha: string;
}

// ---------------------------------------------------------------------------------------------------------
// Building bodies

/** Sets an own property even for "__proto__", which plain assignment would turn into a prototype change. */
function put(target: Obj, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function setPath(body: Obj, path: string, value: unknown): void {
  const parts = path.split('.');
  let target = body;
  for (const part of parts.slice(0, -1)) target = target[part] as Obj;
  put(target, parts[parts.length - 1], value);
}

function deletePath(body: Obj, path: string): void {
  const parts = path.split('.');
  let target = body;
  for (const part of parts.slice(0, -1)) target = target[part] as Obj;
  delete target[parts[parts.length - 1]];
}

/** A body that would import the real repo; optional fields are sometimes left out. */
function validBody(r: Rng, ctx: Context, repoId = REAL): Obj {
  const source: Obj = { type: 'huggingface', repo_id: repoId };
  if (r.chance(0.7)) source.revision = r.pick(['main', 'v2.1', ctx.realSha, ctx.realSha.slice(0, 12)]);
  const body: Obj = { source };
  if (r.chance(0.7)) body.format_type = 'lerobot';
  return body;
}

function json(value: unknown, contentType = 'application/json'): Payload {
  return { contentType, data: JSON.stringify(value) };
}

function raw(text: string | Buffer, contentType = 'application/json', headers?: Record<string, string>): Payload {
  return { contentType, data: text, headers };
}

const validation = (...fields: string[]): Expectation => ({ status: 400, codes: ['VALIDATION_FAILED'], fields });
const badRequest: Expectation = { status: 400, codes: ['VALIDATION_FAILED', 'MALFORMED_BODY'] };
const malformed: Expectation = { status: 400, codes: ['MALFORMED_BODY'] };
const anyClientError: Expectation = {};

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}... (${text.length} chars)` : text;
}

// ---------------------------------------------------------------------------------------------------------
// Categories

const STRING_FIELDS = ['source.type', 'source.repo_id', 'source.revision', 'format_type'] as const;
const OPTIONAL_FIELDS = new Set<string>(['source.revision', 'format_type']);
const VALID_STRING: Record<string, string> = { 'source.type': 'huggingface', 'source.repo_id': REAL, 'source.revision': 'main', format_type: 'lerobot' };

function wrongForString(r: Rng, field: string): [unknown, string] {
  const valid = VALID_STRING[field];
  const options: (() => [unknown, string])[] = [
    () => [r.int(1_000_000), 'an integer'],
    () => [-1 - r.int(1000), 'a negative integer'],
    () => [Math.round(r.next() * 1e6) / 1000, 'a float'],
    () => [0, 'zero'],
    () => [1e308, 'a huge number'],
    () => [r.chance(0.5), 'a boolean'],
    () => [[], 'an empty array'],
    () => [[valid], 'an array holding the valid string'],
    () => [[[[valid]]], 'a nested array'],
    () => [{}, 'an empty object'],
    () => [{ value: valid }, 'an object'],
    () => [null, 'null'],
  ];
  return r.pick(options)();
}

function wrongForObject(r: Rng, ctx: Context): [unknown, string] {
  const options: (() => [unknown, string])[] = [
    () => [r.pick(['huggingface', REAL, `huggingface:${REAL}`, '', r.word()]), 'a string'],
    () => [r.int(100), 'a number'],
    () => [r.chance(0.5), 'a boolean'],
    () => [[], 'an empty array'],
    () => [[validBody(r, ctx).source], 'an array holding a valid source'],
    () => [null, 'null'],
  ];
  return r.pick(options)();
}

function wrongTypes(r: Rng, ctx: Context, count: number): FuzzCase[] {
  const cases: FuzzCase[] = [];
  // The body itself of the wrong type: strict JSON parsing refuses scalars, arrays reach validation.
  const whole = ['[]', '[null]', '[[]]', `[${JSON.stringify(validBody(r, ctx))}]`, '42', '-1.5', '"demo/real"', 'true', 'false', 'null'];
  for (const text of whole) cases.push({ what: `body is ${text.slice(0, 40)}`, payload: raw(text), expect: badRequest });
  // null in every place, whatever the seed.
  for (const field of ['source', ...STRING_FIELDS]) {
    const body = validBody(r, ctx);
    setPath(body, field, null);
    cases.push({ what: `${field} is null`, payload: json(body), expect: OPTIONAL_FIELDS.has(field) ? anyClientError : validation(field) });
  }
  while (cases.length < count) {
    const body = validBody(r, ctx);
    const target = r.pick(['source', ...STRING_FIELDS, ...STRING_FIELDS]);
    const named: string[] = [];
    const parts: string[] = [];
    if (target === 'source') {
      const [value, kind] = wrongForObject(r, ctx);
      setPath(body, 'source', value);
      named.push('source');
      parts.push(`source is ${kind}`);
    } else {
      const fields = [target, ...(r.chance(0.3) ? [r.pick(STRING_FIELDS.filter((f) => f !== target))] : [])];
      for (const field of fields) {
        const [value, kind] = wrongForString(r, field);
        setPath(body, field, value);
        // An explicit null for an optional field may be read as "not given"; any 4xx is fine then.
        if (!(value === null && OPTIONAL_FIELDS.has(field))) named.push(field);
        parts.push(`${field} is ${kind}`);
      }
    }
    cases.push({ what: parts.join(', '), payload: json(body), expect: named.length > 0 ? validation(...named) : anyClientError });
  }
  return cases;
}

const ODD_KEYS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '', ' ', 'source ', 'Source', 'SOURCE',
  'format', 'formatType', 'repoId', 'repo', 'id', 'ownerId', 'owner_id', 'status', 'commitSha', 'createdAt', 'a.b', 'a[0]',
  '$where', '0', '🤖', 'x'.repeat(300),
];

function missingAndUnknown(r: Rng, ctx: Context, count: number): FuzzCase[] {
  const cases: FuzzCase[] = [
    { what: 'empty object', payload: json({}), expect: validation('source') },
    { what: 'source is {}', payload: json({ source: {}, format_type: 'lerobot' }), expect: validation('source.type', 'source.repo_id') },
    { what: 'source fields at the top level', payload: json({ type: 'huggingface', repo_id: REAL, revision: 'main' }), expect: validation('source', 'type', 'repo_id', 'revision') },
    { what: 'camelCase repoId', payload: json({ source: { type: 'huggingface', repoId: REAL } }), expect: validation('source.repoId', 'source.repo_id') },
    { what: 'camelCase formatType', payload: json({ source: { type: 'huggingface', repo_id: REAL }, formatType: 'lerobot' }), expect: validation('formatType') },
  ];
  for (const key of ODD_KEYS) {
    for (const where of ['', 'source.']) {
      const body = validBody(r, ctx);
      put(where ? (body.source as Obj) : body, key, r.pick([1, 'x', true, null, {}, [], { ownerId: 'someone-else' }]));
      cases.push({ what: `unknown key ${describeValue(`${where}${key}`)}`, payload: json(body), expect: validation(`${where}${key}`) });
    }
  }
  while (cases.length < count) {
    const body = validBody(r, ctx);
    const defect = r.pick(['source', 'source.type', 'source.repo_id', 'unknown', 'unknown']);
    if (defect === 'unknown') {
      const keys: string[] = [];
      for (let i = r.between(1, 3); i > 0; i--) {
        const key = `${r.pick(['', 'source.'])}${r.word(1, 10, 'abcdefghijklmnopqrstuvwxyz_')}`;
        if (['source', 'format_type', 'source.type', 'source.repo_id', 'source.revision'].includes(key)) continue;
        setPath(body, key, r.pick([r.int(10), r.word(), false, null, [r.word()], { nested: r.word() }]));
        keys.push(key);
      }
      if (keys.length === 0) continue;
      cases.push({ what: `unknown ${keys.join(', ')}`, payload: json(body), expect: validation(...keys) });
    } else {
      deletePath(body, defect);
      cases.push({ what: `without ${defect}`, payload: json(body), expect: validation(defect) });
    }
  }
  return cases;
}

const BAD_REPO_IDS = [
  '../x', '/etc/passwd', 'a/../../b', 'a\\b', 'a/b/c', '.git', 'x--y', '-x', 'x-', '.x', 'x.', 'a/-b', 'a/b-', 'a./b', 'a/.b',
  '..', '.', '/', '', 'a/', '/a', 'a//b', '../../../../etc/passwd', `${REAL}/../real`, `${REAL}/`, '%2e%2e/x', 'demo%2Freal',
  'a b/c', 'a/b c', 'a\tb', 'a\nb', 'a\u0000b', 'a?b', 'a#b', 'demo/real?x=1', 'demo/real#frag', 'a:b', 'a;b', "a'b", 'a"b',
  'a<b>', 'a*b', 'a|b', 'a~b', 'a@b/c', 'a+b', 'a,b', 'a=b', 'a$b', 'a%b', 'a&b', 'a!b', 'a(b)', 'a[b]', 'a{b}', 'café/x',
  'x'.repeat(97), `${'x'.repeat(48)}/${'y'.repeat(48)}`, 'datasets/demo/real', 'demo/real/resolve/main/meta/info.json',
  'http://evil/x', '//evil.example/x', '\\\\server\\share', 'C:\\x', 'file:///etc/passwd', '~/x', 'a/.git', 'a/.', 'a/..',
  'demo/real.', 'demo/.real', '-demo/real', 'demo-/real', 'demo/real-', 'de--mo/real', 'demo/re..al', ' demo/real', 'demo/real ',
];

function repoIdDefect(r: Rng): string {
  const owner = r.word(1, 20, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
  const name = r.word(1, 20, 'abcdefghijklmnopqrstuvwxyz0123456789');
  const id = `${owner}/${name}`;
  const at = 1 + r.int(id.length - 1);
  switch (r.int(7)) {
    case 0:
      return `${id.slice(0, at)}${r.pick(['--', '..'])}${id.slice(at)}`;
    case 1:
      return `${r.pick(['-', '.', '_-', '..'])}${id}`;
    case 2:
      return `${id}${r.pick(['-', '.', '/', '/.', '/..'])}`;
    case 3:
      return `${id.slice(0, at)}${r.pick([...' \t\n\r\u0000\u007f!"#$%&\'()*+,:;<=>?@[\\]^`{|}~'])}${id.slice(at)}`;
    case 4:
      return `${id}/${r.word(1, 10)}`;
    case 5:
      return `${id}${r.word(97, 120)}`;
    default:
      return r.pick(['../', '../../', './', '/', '\\', '..\\']) + id;
  }
}

function repoIds(r: Rng, ctx: Context, count: number): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const add = (repoId: string) => {
    const body = validBody(r, ctx);
    setPath(body, 'source.repo_id', repoId);
    cases.push({ what: `repo_id ${describeValue(repoId)}`, payload: json(body), expect: validation('source.repo_id') });
  };
  BAD_REPO_IDS.forEach(add);
  while (cases.length < count) add(repoIdDefect(r));
  return cases;
}

const BAD_REVISIONS = [
  '..', 'a..b', '../main', 'main..', 'main/../v2.1', 'main branch', ' main', 'main ', 'ma\tin', 'main\n', 'main\r\n', '\u0000',
  'main\u0000', '\u0007', 'main\u007f', '\u001b[31mred', 'main@{0}', '@{-1}', '@{upstream}', 'v2.1@{1.day.ago}', '@',
  'x'.repeat(256), 'x'.repeat(10_000), `refs/heads/${'x'.repeat(300)}`, '~1', 'HEAD~1', 'HEAD^', 'main^{}', 'a:b', 'a?',
  'a*', 'a[0]', 'a\\b', '/main', 'main/', 'a//b', 'main.', 'main.lock', 'refs/heads/main.lock', '.hidden', 'a/.b', '',
  'refs/heads/../../etc/passwd', '../../../../etc/passwd', 'main:meta/info.json', 'main?raw=1', '*', '[', '\\',
];

function revisionDefect(r: Rng): string {
  const base = r.pick(['main', 'v2.1', 'refs/heads/main', 'refs/convert/parquet', 'feature/x', r.word(1, 30, 'abcdefghijklmnopqrstuvwxyz0123456789-_/')]);
  const clean = base.replace(/\/+/g, '/').replace(/^\/|\/$/g, '') || 'main';
  const at = r.int(clean.length + 1);
  const insert = (s: string) => `${clean.slice(0, at)}${s}${clean.slice(at)}`;
  switch (r.int(8)) {
    case 0:
      return insert('..');
    case 1:
      return insert('@{');
    case 2:
      return insert(String.fromCharCode(r.int(0x21)));
    case 3:
      return insert(r.pick(['\u007f', '~', '^', ':', '?', '*', '[', '\\']));
    case 4:
      return r.pick([`${clean}.`, `${clean}.lock`, `/${clean}`, `${clean}/`, `${clean}//x`, `.${clean}`, `${clean}/.x`]);
    case 5:
      return `${clean}${'x'.repeat(r.between(256, 2000))}`;
    case 6:
      return `${clean} ${r.word()}`;
    default:
      return insert(r.pick(['..', '@{', ' ', '\t', '\n', '\u0000', '~', '^', ':']).repeat(r.between(1, 3)));
  }
}

function revisions(r: Rng, ctx: Context, count: number): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const add = (revision: string) => {
    const body = validBody(r, ctx);
    setPath(body, 'source.revision', revision);
    cases.push({ what: `revision ${describeValue(revision)}`, payload: json(body), expect: validation('source.revision') });
  };
  BAD_REVISIONS.forEach(add);
  while (cases.length < count) add(revisionDefect(r));
  return cases;
}

/** RTL, emoji, NUL, zero-width and lone surrogates (JSON.stringify sends those as \uXXXX escapes). */
const UNICODE = [
  '\u202e', '\u202d', '\u200f', '\u061c', 'فرع', 'ענף', '🤖', '👩‍🔬', '🏳️‍🌈', '\u200b', '\u200d', '\ufeff', '\u0000',
  '\ud800', '\udfff', '\ud83d', '\ude00\ud83d', 'e\u0301', 'ｍａｉｎ', '\uffff', '\u{10ffff}', 'ß', 'İ', '\u2028', '\u2029',
  '\u00a0', '\u3000', 'Ω', '日本語', '\u{1f600}',
];

function unicode(r: Rng, _ctx: Context, count: number): FuzzCase[] {
  const cases: FuzzCase[] = [];
  // Repos the stand-in Hub does not have: a revision that passes validation must come back 404 REPO_NOT_FOUND.
  const body = (revision?: string): Obj => ({ source: { type: 'huggingface', repo_id: `ghost/${r.word(3, 10)}`, ...(revision === undefined ? {} : { revision }) }, format_type: 'lerobot' });
  const revisionCase = (revision: string): FuzzCase => ({
    what: `revision ${describeValue(revision)}`,
    payload: json(body(revision)),
    expect: { codes: ['VALIDATION_FAILED', 'REPO_NOT_FOUND'] },
  });
  for (const fragment of UNICODE) cases.push(revisionCase(fragment));
  while (cases.length < count) {
    let text = '';
    for (let i = r.between(1, 3); i > 0; i--) text += `${r.chance(0.5) ? r.word(0, 4) : ''}${r.pick(UNICODE)}`;
    const where = r.int(10);
    if (where < 6) {
      cases.push(revisionCase(r.chance(0.5) ? `main${text}` : text));
    } else {
      const field = where === 6 ? 'source.repo_id' : where === 7 ? 'source.type' : where === 8 ? 'format_type' : `source.${text}`;
      const value = where === 6 ? `demo/${text}` : where === 9 ? 1 : `${VALID_STRING[field]}${text}`;
      const b = body();
      setPath(b, field, value);
      cases.push({ what: `${describeValue(field)} = ${describeValue(value)}`, payload: json(b), expect: validation(field) });
    }
  }
  return cases;
}

function enums(r: Rng, ctx: Context, count: number): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const add = (field: 'source.type' | 'format_type', value: string, expect = validation(field)) => {
    const body = validBody(r, ctx);
    setPath(body, field, value);
    cases.push({ what: `${field} ${describeValue(value)}`, payload: json(body), expect });
  };
  for (const value of ['HuggingFace', 'HUGGINGFACE', 'huggingface ', ' huggingface', 'hf', 's3', 'github', 'local', 'file', '', 'huggingface\u0000', 'hugging_face', 'huggingface.co', 'http', 'lerobot']) {
    add('source.type', value);
  }
  for (const value of ['LeRobot', 'LEROBOT', 'lerobot ', ' lerobot', 'le-robot', 'le_robot', 'csv', 'parquet', 'hdf5', 'zarr', '', 'huggingface', 'v2.1', 'RLDS']) {
    add('format_type', value);
  }
  // A known format RoboKit cannot read yet: 422, not 400.
  add('format_type', 'rlds', { status: 422, codes: ['UNSUPPORTED_FORMAT'] });
  while (cases.length < count) {
    const field = r.pick(['source.type', 'format_type'] as const);
    const valid = VALID_STRING[field];
    const chars = [...valid];
    const i = r.int(chars.length);
    chars[i] = chars[i].toUpperCase();
    const variants = [chars.join(''), `${valid}${r.pick([' ', '\t', '\n', '_', '-', '.', '0'])}`, `${r.pick([' ', '\t', '_'])}${valid}`, valid.slice(0, -1 - r.int(3)), `${valid}${r.word(1, 5)}`, r.word()];
    add(field, r.pick(variants));
  }
  return cases;
}

function hugeString(r: Rng, length: number): string {
  const unit = r.chance(0.5) ? r.pick(['x', 'a/', '.', '-', '9']) : r.word(1000, 1000);
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

function huge(r: Rng, ctx: Context, count: number): FuzzCase[] {
  const cases: FuzzCase[] = [];
  // 100,000 characters still fit in the body limit; validation must name the field.
  for (const field of STRING_FIELDS) {
    const body = validBody(r, ctx);
    setPath(body, field, hugeString(r, 100_000));
    cases.push({ what: `${field} of 100,000 chars`, payload: json(body), expect: validation(field) });
  }
  const longKey = `k${'x'.repeat(99_999)}`;
  const withKey = validBody(r, ctx);
  put(withKey, longKey, 1);
  cases.push({ what: 'an unknown key of 100,000 chars', payload: json(withKey), expect: validation(longKey) });
  const withValue = validBody(r, ctx);
  withValue.notes = 'n'.repeat(100_000);
  cases.push({ what: 'an unknown key holding 100,000 chars', payload: json(withValue), expect: validation('notes') });
  const manyKeys = validBody(r, ctx);
  for (let i = 0; i < 5000; i++) manyKeys[`k${i}`] = i;
  cases.push({ what: '5,000 unknown keys', payload: json(manyKeys), expect: validation('k0', 'k4999') });
  const bigArray = validBody(r, ctx);
  setPath(bigArray, 'source.revision', Array.from({ length: 12_000 }, () => 'main'));
  cases.push({ what: 'revision is an array of 12,000 strings', payload: json(bigArray), expect: validation('source.revision') });
  // Beyond the JSON body limit: 413, whatever is inside.
  for (const size of [BODY_LIMIT + 1, 150_000, 400_000, 1_000_000, 3_000_000]) {
    const body = validBody(r, ctx);
    setPath(body, 'source.revision', 'x'.repeat(size));
    cases.push({ what: `a ${size}-byte revision (over the body limit)`, payload: json(body), expect: { status: 413, codes: ['PAYLOAD_TOO_LARGE'] } });
  }
  const multibyte = validBody(r, ctx);
  setPath(multibyte, 'source.repo_id', 'é'.repeat(60_000));
  cases.push({ what: '60,000 two-byte characters (over the limit in bytes)', payload: json(multibyte), expect: { status: 413, codes: ['PAYLOAD_TOO_LARGE'] } });
  while (cases.length < count) {
    const body = validBody(r, ctx);
    const field = r.pick(STRING_FIELDS);
    if (r.chance(0.5)) {
      setPath(body, field, hugeString(r, r.between(90_000, 100_000)));
      cases.push({ what: `${field} of ~100 kB`, payload: json(body), expect: validation(field) });
    } else {
      const size = r.between(BODY_LIMIT + 1, 2_000_000);
      setPath(body, field, hugeString(r, size));
      cases.push({ what: `${field} of ${size} bytes (over the limit)`, payload: json(body), expect: { status: 413, codes: ['PAYLOAD_TOO_LARGE'] } });
    }
  }
  return cases;
}

function nest(shape: 'array' | 'object' | 'mixed', depth: number): string {
  if (shape === 'array') return `${'['.repeat(depth)}${']'.repeat(depth)}`;
  if (shape === 'object') return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const half = Math.ceil(depth / 2);
  return `${'[{"a":'.repeat(half)}0${'}]'.repeat(half)}`;
}

function deepNesting(r: Rng, _ctx: Context, count: number): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const place = (where: string, inner: string): string => {
    switch (where) {
      case 'body':
        return inner;
      case 'source':
        return `{"source":${inner},"format_type":"lerobot"}`;
      case 'source.revision':
        return `{"source":{"type":"huggingface","repo_id":"${REAL}","revision":${inner}}}`;
      case 'format_type':
        return `{"source":{"type":"huggingface","repo_id":"${REAL}"},"format_type":${inner}}`;
      default:
        return `{"source":{"type":"huggingface","repo_id":"${REAL}"},"extra":${inner}}`;
    }
  };
  const wheres = ['body', 'source', 'source.revision', 'format_type', 'extra'];
  const shapes = ['array', 'object', 'mixed'] as const;
  for (const where of wheres) {
    for (const shape of shapes) {
      cases.push({ what: `${shape}s nested 1,000 deep at ${where}`, payload: raw(place(where, nest(shape, 1000))), expect: badRequest });
    }
  }
  while (cases.length < count) {
    const shape = r.pick(shapes);
    // Stay below the body limit, so the nesting itself is what gets refused.
    const maxDepth = shape === 'array' ? 45_000 : 14_000;
    const depth = r.between(1001, maxDepth);
    const where = r.pick(wheres);
    cases.push({ what: `${shape}s nested ${depth} deep at ${where}`, payload: raw(place(where, nest(shape, depth))), expect: badRequest });
  }
  return cases;
}

const NOT_JSON = [
  "{'source': {'type': 'huggingface', 'repo_id': 'demo/real'}}",
  '{"source":{"type":"huggingface","repo_id":"demo/real"},}',
  '{"source":{"type":"huggingface","repo_id":"demo/real",}}',
  '{"source":{"type":"huggingface","repo_id":"demo/real"}} // comment',
  '/* c */ {"source":{"type":"huggingface","repo_id":"demo/real"}}',
  '{source:{type:"huggingface",repo_id:"demo/real"}}',
  '{"source":NaN}', '{"source":Infinity}', '{"source":-Infinity}', '{"source":undefined}', '{"a":0x10}', '{"a":01}',
  '{"a":+1}', '{"a":.5}', '{"a":1.}', '{"a":1e}', '{"a":"\\x41"}', '{"a":"\\u12"}', '{"a":"\\ud8"}', '{"a":"raw\nnewline"}',
  '{"a":"tab\there"}', '{"a":tru}', '{"a":nul}', '{"a":"unterminated}', '{"a" "b"}', '{"a"::1}', '{,}', '{"a":1,,"b":2}',
  '[1,]', '{"a":[1 2]}', '}', ']', '{{}}', '{"a":1}}', '{"a":1}{"b":2}', '{"a":1} x', '{"a":1},', '""', "'x'", 'undefined',
  'NaN', '-', '{', '[', '{"source":', '\u0000', '{"a":"\u0001"}', '\ufeff\ufeff{}', '<xml/>',
  'source=demo/real', '{"source":{"type":"huggingface","repo_id":"demo/real"}', '{"source" : {"type" : "huggingface" "repo_id" : "demo/real"}}',
];

function invalidJson(r: Rng, ctx: Context, count: number): FuzzCase[] {
  const cases: FuzzCase[] = NOT_JSON.map((text) => ({ what: `not JSON: ${describeValue(text)}`, payload: raw(text), expect: malformed }));
  cases.push({ what: 'invalid UTF-8 bytes', payload: raw(Buffer.from([0x7b, 0xff, 0xfe, 0xfd, 0x7d])), expect: malformed });
  cases.push({ what: 'a lone UTF-8 continuation byte in a key', payload: raw(Buffer.concat([Buffer.from('{"sour'), Buffer.from([0x80]), Buffer.from('ce":{}}')])), expect: validation() });
  while (cases.length < count) {
    const text = JSON.stringify(validBody(r, ctx));
    const kind = r.int(4);
    if (kind === 0) {
      // Any strict prefix of an object is incomplete.
      const cut = r.between(1, text.length - 1);
      cases.push({ what: `truncated after ${cut} chars`, payload: raw(text.slice(0, cut)), expect: malformed });
    } else if (kind === 1) {
      const structural = [...text].map((c, i) => ('{}[]:,"'.includes(c) ? i : -1)).filter((i) => i >= 0);
      const at = r.pick(structural);
      const replacement = r.pick(['=', ';', "'", '`', '(', ')', '<', '>', '\\']);
      cases.push({ what: `${JSON.stringify(text[at])} at ${at} replaced by ${JSON.stringify(replacement)}`, payload: raw(`${text.slice(0, at)}${replacement}${text.slice(at + 1)}`), expect: malformed });
    } else if (kind === 2) {
      const junk = r.pick(['x', '{}', ',', ']', '}', '[', '"', 'null', '\u0000']);
      cases.push({ what: `followed by ${JSON.stringify(junk)}`, payload: raw(`${text}${junk}`), expect: malformed });
    } else {
      // May land inside a string and stay valid JSON; then any 4xx will do.
      const at = r.between(1, text.length - 1);
      const char = r.pick([...'{}[]:,"\'\\']);
      cases.push({ what: `${JSON.stringify(char)} inserted at ${at}`, payload: raw(`${text.slice(0, at)}${char}${text.slice(at)}`), expect: anyClientError });
    }
  }
  return cases;
}

function contentTypes(r: Rng, ctx: Context, count: number): FuzzCase[] {
  const valid = () => JSON.stringify(validBody(r, ctx));
  const cases: FuzzCase[] = [
    { what: 'no body, no content type', payload: {}, expect: validation('source') },
    { what: 'empty JSON body', payload: raw(''), expect: validation('source') },
    { what: 'whitespace-only JSON body', payload: raw('  \n\t '), expect: badRequest },
    { what: 'Content-Length 0 with a JSON type', payload: raw(Buffer.alloc(0)), expect: validation('source') },
    { what: 'JSON sent as text/plain', payload: raw(valid(), 'text/plain'), expect: anyClientError },
    { what: 'JSON sent as text/html', payload: raw(valid(), 'text/html'), expect: anyClientError },
    { what: 'JSON sent as application/octet-stream', payload: raw(Buffer.from(valid()), 'application/octet-stream'), expect: anyClientError },
    { what: 'JSON sent with no content type', payload: { data: Buffer.from(valid()) }, expect: anyClientError },
    { what: 'JSON sent as application/vnd.api+json', payload: raw(valid(), 'application/vnd.api+json'), expect: anyClientError },
    { what: 'JSON sent as application/merge-patch+json', payload: raw(valid(), 'application/merge-patch+json'), expect: anyClientError },
    { what: 'JSON sent as application/javascript', payload: raw(valid(), 'application/javascript'), expect: anyClientError },
    { what: 'XML', payload: raw(`<source><type>huggingface</type><repo_id>${REAL}</repo_id></source>`, 'application/xml'), expect: anyClientError },
    {
      what: 'multipart form',
      payload: raw(`--b\r\nContent-Disposition: form-data; name="source[repo_id]"\r\n\r\n${REAL}\r\n--b--\r\n`, 'multipart/form-data; boundary=b'),
      expect: anyClientError,
    },
    { what: 'form-encoded flat fields', payload: raw(`type=huggingface&repo_id=${REAL}`, 'application/x-www-form-urlencoded'), expect: anyClientError },
    { what: 'form-encoded source string', payload: raw(`source=${REAL}`, 'application/x-www-form-urlencoded'), expect: anyClientError },
    // A browser form can send this cross-site without a preflight; the API takes JSON only.
    { what: 'form-encoded nested fields of a valid import', payload: raw(`source[type]=huggingface&source[repo_id]=${REAL}&format_type=lerobot`, 'application/x-www-form-urlencoded'), expect: anyClientError },
    { what: 'form-encoded nested fields with a path-like repo id', payload: raw('source[type]=huggingface&source[repo_id]=../x', 'application/x-www-form-urlencoded'), expect: anyClientError },
    { what: 'JSON sent form-encoded', payload: raw(valid(), 'application/x-www-form-urlencoded'), expect: anyClientError },
    { what: 'JSON as UTF-16 claimed, UTF-8 sent', payload: raw(valid(), 'application/json; charset=utf-16'), expect: anyClientError },
    { what: 'JSON with an unknown charset', payload: raw(valid(), 'application/json; charset=bogus'), expect: anyClientError },
    { what: 'JSON with charset latin1', payload: raw(valid(), 'application/json; charset=latin1'), expect: anyClientError },
    { what: 'JSON with charset utf-32, sent as UTF-8', payload: raw(valid(), 'application/json; charset=utf-32'), expect: anyClientError },
    { what: 'JSON claimed gzip, sent plain', payload: raw(valid(), 'application/json', { 'Content-Encoding': 'gzip' }), expect: anyClientError },
    { what: 'JSON claimed deflate, sent plain', payload: raw(valid(), 'application/json', { 'Content-Encoding': 'deflate' }), expect: anyClientError },
    { what: 'JSON claimed br, sent plain', payload: raw(valid(), 'application/json', { 'Content-Encoding': 'br' }), expect: anyClientError },
    { what: 'JSON with an unknown content encoding', payload: raw(valid(), 'application/json', { 'Content-Encoding': 'x-weird' }), expect: anyClientError },
    { what: 'malformed content type "application/json;;"', payload: raw(valid(), 'application/json;;'), expect: anyClientError },
    { what: 'malformed content type "application/json; charset"', payload: raw(valid(), 'application/json; charset'), expect: anyClientError },
    { what: 'malformed content type "/"', payload: raw(valid(), '/'), expect: anyClientError },
    { what: 'malformed content type "json"', payload: raw(valid(), 'json'), expect: anyClientError },
  ];
  const types = ['text/plain', 'text/csv', 'application/x-www-form-urlencoded', 'application/octet-stream', 'image/png', 'application/yaml', 'application/x-ndjson'];
  while (cases.length < count) {
    const type = r.pick(types);
    const kind = r.int(3);
    const data =
      kind === 0
        ? valid()
        : kind === 1
          ? `source[type]=${r.pick(['huggingface', 's3', ''])}&source[repo_id]=${r.pick(['../x', 'a/b/c', '.git', r.word()])}&${r.word()}=${r.word()}`
          : r.word(0, 200, 'abcdefghijklmnopqrstuvwxyz{}[]":,=&% \n');
    cases.push({ what: `${type}: ${describeValue(data)}`, payload: raw(data, type), expect: anyClientError });
  }
  return cases;
}

type Generator = (r: Rng, ctx: Context, count: number) => FuzzCase[];

const CATEGORIES: [string, number, Generator][] = [
  ['wrong types at every level', 200, wrongTypes],
  ['missing and unknown fields', 120, missingAndUnknown],
  ['path-like and invalid repo ids', 150, repoIds],
  ['invalid revisions', 150, revisions],
  ['unicode: RTL, emoji, NUL, lone surrogates', 100, unicode],
  ['enum values outside the contract', 60, enums],
  ['huge strings and bodies over the limit', 40, huge],
  ['nesting 1,000+ levels deep', 30, deepNesting],
  ['text that is not JSON', 100, invalidJson],
  ['wrong content types and empty bodies', 60, contentTypes],
];
const TOTAL = CATEGORIES.reduce((sum, [, count]) => sum + count, 0);

// ---------------------------------------------------------------------------------------------------------
// Checking answers

function problemsWith(fuzz: FuzzCase, response: Response): string[] {
  const problems: string[] = [];
  const status = response.status;
  if (status < 400) return [`status ${status} is not a 4xx: the body was accepted`];
  if (status > 499) problems.push(`status ${status} is not a 4xx`);
  const body = response.body as Body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    problems.push('no JSON error body');
    return problems;
  }
  if (body.statusCode !== status) problems.push(`statusCode ${body.statusCode} differs from the HTTP status`);
  if (typeof body.code !== 'string') problems.push('no string code');
  if (typeof body.message !== 'string' || body.message === '') problems.push('no message');
  if (typeof body.retryable !== 'boolean') problems.push('no boolean retryable');
  else if ([400, 413, 422].includes(status) && body.retryable) problems.push('a refused body is marked retryable');
  if (typeof body.requestId !== 'string' || body.requestId !== response.headers['x-request-id']) problems.push('requestId differs from X-Request-Id');
  const { expect: expected } = fuzz;
  if (expected.status !== undefined && status !== expected.status) problems.push(`expected status ${expected.status}`);
  if (expected.codes && !expected.codes.includes(body.code)) problems.push(`expected code ${expected.codes.join(' or ')}`);
  const named: string[] = (body.details?.fields ?? []).map((f: { field: string }) => f.field);
  for (const field of expected.fields ?? []) {
    if (!named.includes(field)) problems.push(`details.fields does not name ${describeValue(field)}`);
  }
  return problems;
}

function preview(payload: Payload): string {
  const data = payload.data === undefined ? '(no body)' : Buffer.isBuffer(payload.data) ? `<${payload.data.length} bytes> ${payload.data.toString('utf8')}` : payload.data;
  const shown = data.length > 200 ? `${data.slice(0, 200)}... (${data.length} chars)` : data;
  const headers = Object.entries(payload.headers ?? {}).map(([k, v]) => ` ${k}: ${v}`).join('');
  return `${payload.contentType ?? '(no content type)'}${headers} ${JSON.stringify(shown)}`;
}

function post(app: TestApp, payload: Payload) {
  let req = app.http.post('/api/v1/datasets');
  if (payload.contentType !== undefined) req = req.set('Content-Type', payload.contentType);
  for (const [name, value] of Object.entries(payload.headers ?? {})) req = req.set(name, value);
  if (payload.data === undefined) return req;
  // Bytes go out as they are; superagent would otherwise JSON-encode a Buffer sent with a JSON type.
  return Buffer.isBuffer(payload.data) ? req.serialize((data: unknown) => data as string).send(payload.data) : req.send(payload.data);
}

async function runCases(app: TestApp, cases: FuzzCase[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      const fuzz = cases[index];
      let problems: string[];
      let answer: string;
      try {
        const response = await post(app, fuzz.payload);
        problems = problemsWith(fuzz, response);
        answer = `${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
      } catch (error) {
        problems = ['the request itself failed'];
        answer = String(error);
      }
      if (problems.length > 0) {
        failures.push(`#${index} ${fuzz.what}\n    sent: POST /api/v1/datasets ${preview(fuzz.payload)}\n    got:  ${answer}\n    why:  ${problems.join('; ')}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failures;
}

describe(`POST /api/v1/datasets fuzz: ${TOTAL} malformed bodies (seed ${SEED}; replay with FUZZ_SEED=${SEED})`, () => {
  const ctx = {} as Context;
  const env = useE2eEnvironment('create_fuzz', {
    seed: async (hub) => {
      const repo = hub.addRepo({ id: REAL, files: await smallDatasetFiles(), versionTag: 'v2.1' });
      ctx.realSha = repo.headSha();
    },
    // Only the HTTP side is under test; no worker needs to pick up the one import of the control case.
    env: { ROLE: 'api' },
  });

  async function datasets(): Promise<Body> {
    return (await env.app.http.get('/api/v1/datasets?pageSize=100').expect(200)).body as Body;
  }

  it.each(CATEGORIES)('%s: %d bodies, each a 4xx with the error body, none creating a dataset', async (label, count, generate) => {
    const cases = generate(new Rng(SEED ^ hashLabel(label)), ctx, count);
    expect(cases).toHaveLength(count);
    const failures = await runCases(env.app, cases);

    const created = await datasets();
    if (created.total > 0) {
      failures.push(`${created.total} dataset(s) created: ${created.items.map((d: Body) => `${d.source.repoId}@${d.source.revision}`).join(', ')}`);
      // Leave the next category a clean slate.
      for (const dataset of created.items) await env.app.http.delete(`/api/v1/datasets/${dataset.id}`).expect(204);
    }
    if (failures.length > 0) {
      const shown = failures.slice(0, 25).join('\n');
      throw new Error(`${failures.length} of ${count} "${label}" cases failed (replay with FUZZ_SEED=${SEED}):\n${shown}${failures.length > 25 ? `\n... and ${failures.length - 25} more` : ''}`);
    }
  });

  it('imports the body every case was mutated from, so the cases above were each one defect away from a dataset', async () => {
    expect((await datasets()).total).toBe(0);
    const response = await env.app.http.post('/api/v1/datasets').send(importBody(REAL));
    expect(response.status).toBe(201);
    expect(response.body.source).toEqual(expect.objectContaining({ repoId: REAL, revision: 'main', commitSha: ctx.realSha }));
    expect((await datasets()).total).toBe(1);
  });
});
