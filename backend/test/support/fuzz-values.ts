import type { Schema } from './openapi-document';
import { Rng } from './seeded-random';

/*
 * Hostile values for the OpenAPI fuzzer: for path segments and query strings (already percent-encoded, as
 * they go on the request line), for JSON bodies (by the schema they should follow), whole raw bodies and
 * headers. Each comes with a short description for the failure message.
 */

export interface Hostile<T = string> {
  value: T;
  what: string;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

function byteEscape(bytes: number[]): string {
  return bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/**
 * Percent-encodes every byte outside the unreserved set, as encodeURIComponent does, except that a lone
 * surrogate becomes its three (invalid) UTF-8 bytes instead of an exception: a server must survive those.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const isHigh = code >= 0xd800 && code <= 0xdbff;
    const paired = isHigh && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
    if (paired) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += byteEscape([0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]);
    } else if (UNRESERVED.test(text[i])) {
      out += text[i];
    } else {
      out += encodeURIComponent(text[i]);
    }
  }
  return out;
}

export function randomUuid(r: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => r.int(16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${r.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}

const UNICODE = ['é', 'ß', '🤖', '\u202Eevil', 'ｄａｔａ', '１２', '٣', '\u200B', 'e\u0301', '日本語', '\uFFFD', '\uFEFF', 'Ω≈ç√', '\u0007'];
const SQL_AND_PATTERNS = ["' OR 1=1 --", '"; DROP TABLE datasets; --', '%', '_', '%_%', '\\', '.*', '(?:', '$where', '{$ne: null}', '*', '[]', '{}'];
const NAMES_OF_NOTHING = ['null', 'undefined', 'NaN', 'true', 'false', '[object Object]', '__proto__', 'constructor', 'prototype', 'toString'];
const NUMBERS = ['0', '-1', '1.5', '1e3', '2147483648', '-2147483649', '9007199254740993', '99999999999999999999999999', '0x1f', '1e309', '-0', '+1', ' 1', '1 ', 'Infinity', '٣', '１'];
const MALFORMED_ESCAPES = ['%', '%%', '%zz', '%E0%A4%A', '%C0%AF', '%FF', '%ED%A0%80', '%F4%90%80%80', '%00', 'a%00b', '%0A', '%0D%0A'];
const TRAVERSALS = ['..', '.', '%2e%2e', '..%2f..%2f..%2fetc%2fpasswd', '%2e%2e%2f%2e%2e%2f', '....%2f%2f', '..%5c..%5c', '%2fetc%2fpasswd', '%252e%252e%252f', '..%c0%af', '%2F'];

/** A path segment value that is not a valid one (encoded), for a parameter whose valid values are `valid`. */
export function hostilePathSegment(r: Rng, valid: string[]): Hostile {
  const sample = valid.length > 0 ? r.pick(valid) : randomUuid(r);
  const kinds: (() => Hostile)[] = [
    () => ({ value: randomUuid(r), what: 'an unknown uuid' }),
    () => ({ value: r.pick(['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff']), what: 'the nil or max uuid' }),
    () => ({ value: sample.toUpperCase(), what: 'a valid value in upper case' }),
    () => ({ value: percentEncode(`{${sample}}`), what: 'a valid value in braces' }),
    () => ({ value: sample.replace(/-/g, ''), what: 'a valid value without dashes' }),
    () => ({ value: `${sample}${r.pick(['x', '0', '%20', '%00', '.', '~'])}`, what: 'a valid value with a character appended' }),
    () => ({ value: percentEncode(`urn:uuid:${sample}`), what: 'a urn' }),
    () => ({ value: percentEncode(r.pick(NUMBERS)), what: 'a number' }),
    () => ({ value: percentEncode(r.word(1, 40, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~ !$&\'()*+,;=:@')), what: 'garbage' }),
    () => {
      const length = r.pick([200, 1000, 4000]);
      return { value: 'a'.repeat(length), what: `${length} characters` };
    },
    () => ({ value: '9'.repeat(r.pick([20, 400])), what: 'a huge number' }),
    () => ({ value: percentEncode(r.pick(UNICODE)), what: 'unicode' }),
    () => ({ value: percentEncode(String.fromCharCode(0xd800 + r.int(0x800))), what: 'a lone surrogate' }),
    () => ({ value: r.pick(MALFORMED_ESCAPES), what: 'a malformed or control escape' }),
    () => ({ value: r.pick(TRAVERSALS), what: 'a path traversal' }),
    () => ({ value: percentEncode(r.pick(NAMES_OF_NOTHING)), what: 'a name of nothing' }),
    () => ({ value: percentEncode(r.pick(SQL_AND_PATTERNS)), what: 'SQL or a pattern' }),
    () => ({ value: r.pick(['%3F', '%23', '%2F', ';x=1', ',', '%3Fa=1', '%23frag']), what: 'a delimiter, encoded' }),
  ];
  return r.pick(kinds)();
}

/** The wildcard file path: several segments, which a client sends with raw slashes. */
export function hostileFilePath(r: Rng, valid: string[]): Hostile {
  const sample = valid.length > 0 ? r.pick(valid) : 'meta/info.json';
  const kinds: (() => Hostile)[] = [
    () => ({ value: `${sample}/../../../../etc/passwd`, what: 'a traversal after a valid path' }),
    () => ({ value: `../../../../../../etc/passwd`, what: 'a traversal' }),
    () => ({ value: `${sample.split('/')[0]}/%2e%2e/%2e%2e/%2e%2e/etc/passwd`, what: 'an encoded traversal' }),
    () => ({ value: `${sample.split('/')[0]}%2f..%2f..%2fsecret`, what: 'encoded slashes' }),
    () => ({ value: `%2Fetc%2Fpasswd`, what: 'an absolute path' }),
    () => ({ value: sample.replace('/', '\\'), what: 'backslashes' }),
    () => ({ value: sample.replace('/', '%5C'), what: 'encoded backslashes' }),
    () => ({ value: `${sample}%00.mp4`, what: 'a NUL byte' }),
    () => ({ value: `.git/config`, what: 'a dot folder' }),
    () => ({ value: `${sample}/`, what: 'a trailing slash' }),
    () => ({ value: sample.replace('/', '//'), what: 'a double slash' }),
    () => ({ value: `./${sample}`, what: 'a leading ./' }),
    () => ({ value: 'a/'.repeat(r.pick([50, 500])), what: 'many segments' }),
    () => ({ value: hostilePathSegment(r, valid).value, what: 'a hostile single segment' }),
    () => ({ value: `${sample}${r.pick(MALFORMED_ESCAPES)}`, what: 'a malformed escape after a valid path' }),
    () => ({ value: percentEncode(r.pick(UNICODE)), what: 'unicode' }),
  ];
  return r.pick(kinds)();
}

/** A value the schema allows (not percent-encoded). */
export function validValue(r: Rng, schema: Schema): unknown {
  if (schema.enum?.length) return r.pick(schema.enum);
  // No regex inversion here: a pattern's example is the valid value.
  if (schema.pattern && schema.example !== undefined) return schema.example;
  switch (schema.type) {
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? 0;
      const max = Math.min(schema.maximum ?? min + 100, min + 1000);
      return r.between(Math.ceil(min), Math.floor(max));
    }
    case 'boolean':
      return r.chance(0.5);
    case 'array': {
      const count = r.int(Math.min(3, schema.maxItems ?? 3) + 1);
      return Array.from({ length: count }, () => validValue(r, schema.items ?? { type: 'string' }));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || r.chance(0.5)) out[key] = validValue(r, property);
      }
      return out;
    }
    default:
      if (schema.format === 'uuid') return randomUuid(r);
      return r.word(1, Math.min(schema.maxLength ?? 20, 20));
  }
}

/** Query string values (encoded) that a parameter of this schema must refuse, or at least survive. */
export function hostileQueryValue(r: Rng, schema: Schema): Hostile {
  const kinds: (() => Hostile)[] = [
    () => ({ value: '', what: 'empty' }),
    () => ({ value: percentEncode(r.pick(NUMBERS)), what: 'an odd number' }),
    () => ({ value: percentEncode(r.pick(NAMES_OF_NOTHING)), what: 'a name of nothing' }),
    () => ({ value: percentEncode(r.pick(UNICODE)), what: 'unicode' }),
    () => ({ value: r.pick(MALFORMED_ESCAPES), what: 'a malformed or control escape' }),
    () => ({ value: percentEncode(r.pick(SQL_AND_PATTERNS)), what: 'SQL or a pattern' }),
    () => ({ value: 'x'.repeat(r.pick([300, 5000])), what: 'a long value' }),
  ];
  if (schema.type === 'number' || schema.type === 'integer') {
    kinds.push(
      () => ({ value: String((schema.minimum ?? 0) - 1), what: 'below the minimum' }),
      () => ({ value: String((schema.maximum ?? 1e9) + 1), what: 'above the maximum' }),
      () => ({ value: `${r.int(50)}.${r.between(1, 9)}`, what: 'a fraction' }),
      () => ({ value: percentEncode(r.word(1, 8)), what: 'a word' }),
    );
  }
  if (schema.type === 'boolean') kinds.push(() => ({ value: r.pick(['yes', 'no', '1', '0', 'TRUE', 'tru', 'on', 'null']), what: 'not a boolean' }));
  const values = schema.enum ?? schema.items?.enum;
  if (values?.length) {
    const sample = String(r.pick(values));
    kinds.push(
      () => ({ value: percentEncode(sample.toUpperCase()), what: 'an enum value in upper case' }),
      () => ({ value: percentEncode(`${sample} `), what: 'an enum value with a space' }),
      () => ({ value: percentEncode(`${sample},${r.word()}`), what: 'a comma list with an unknown value' }),
      () => ({ value: percentEncode(`-${sample}`), what: 'a negated enum value' }),
    );
  }
  if (schema.maxLength !== undefined) kinds.push(() => ({ value: 'y'.repeat(schema.maxLength! + 1), what: 'one character over maxLength' }));
  return r.pick(kinds)();
}

/** Values of the wrong type (or out of bounds) for a JSON property of this schema. */
export function wrongJsonValue(r: Rng, schema: Schema): Hostile<unknown> {
  const options: Hostile<unknown>[] = [
    { value: null, what: 'null' },
    { value: [], what: 'an empty array' },
    { value: {}, what: 'an empty object' },
    { value: r.chance(0.5), what: 'a boolean' },
    { value: r.int(1000) - 500, what: 'an integer' },
    { value: 1e308, what: 'a huge number' },
    { value: r.word(), what: 'a word' },
    { value: [validValue(r, schema)], what: 'the valid value in an array' },
    { value: { value: validValue(r, schema) }, what: 'the valid value in an object' },
    { value: nested(r.pick([17, 64, 1000]), r.chance(0.5) ? 'array' : 'object'), what: 'deep nesting' },
    { value: 'z'.repeat(r.pick([1000, 60_000])), what: 'a long string' },
    { value: r.pick(UNICODE), what: 'unicode' },
    { value: `a\u0000b`, what: 'a NUL character' },
    { value: String.fromCharCode(0xd800 + r.int(0x800)), what: 'a lone surrogate' },
  ];
  if (schema.maxLength !== undefined) options.push({ value: 'w'.repeat(schema.maxLength + 1), what: 'one character over maxLength' });
  if (schema.maxItems !== undefined) options.push({ value: Array.from({ length: schema.maxItems + 1 }, () => r.word()), what: 'one item over maxItems' });
  if (schema.enum?.length) {
    const sample = String(r.pick(schema.enum));
    options.push({ value: sample.toUpperCase(), what: 'an enum value in upper case' }, { value: `${sample}x`, what: 'an unknown enum value' });
  }
  if (schema.type === 'array' && schema.items) options.push({ value: [wrongJsonValue(r, schema.items).value], what: 'an array of a wrong item' });
  return r.pick(options);
}

/** `depth` levels of arrays or objects around a number. */
export function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

export const ODD_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', 'a.b', 'a[0]', '$ne', '$where', '🤖', 'x'.repeat(300), '\u0000'];

/** Bodies that are not the JSON object an endpoint takes, sent as application/json unless said otherwise. */
export function hostileRawBody(r: Rng, valid: unknown): Hostile<{ bytes: Buffer; contentType?: string; headers?: Record<string, string> }> {
  const json = JSON.stringify(valid ?? {});
  const as = (text: string | Buffer, what: string, contentType: string | undefined = 'application/json', headers?: Record<string, string>) => ({
    value: { bytes: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), contentType, headers },
    what,
  });
  const kinds: (() => ReturnType<typeof as>)[] = [
    () => as(r.pick(['', ' ', '\n\t']), 'empty or blank'),
    () => as(r.pick(['{', '{"a":', '{"a":1', '{"a":1}}', "{'a':1}", 'nul', 'NaN', '{"a":NaN}', '{"a":Infinity}', '{"a":undefined}', '{"a":1,}', '[1,]', '<x/>', 'garbage']), 'not JSON'),
    () => as(r.pick(['[]', 'null', '0', '"text"', 'true', `[${json}]`]), 'JSON that is not an object'),
    () => as(`\uFEFF${json}`, 'a byte-order mark before JSON'),
    () => as(json.slice(0, r.between(1, Math.max(1, json.length - 1))), 'truncated JSON'),
    () => as(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), 'invalid UTF-8'),
    () => as('{"a":"\\ud800"}', 'an escaped lone surrogate'),
    () => as('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}', 'prototype pollution'),
    () => as(`{"a":1,"a":2,${json.slice(1)}`, 'duplicate keys'),
    () => as('['.repeat(20_000) + ']'.repeat(20_000), 'arrays nested 20,000 deep'),
    () => as('{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000), 'objects nested 5,000 deep'),
    () => as('['.repeat(50_000), 'unterminated nesting'),
    () => as(`{"x":"${'a'.repeat(120 * 1024)}"}`, 'a body over the 100 kB limit'),
    () => as(`{"x":"${'a'.repeat(95 * 1024)}"}`, 'a body just under the limit'),
    () => as(json, 'JSON as text/plain', 'text/plain'),
    () => as('a=1&b=2', 'a form', 'application/x-www-form-urlencoded'),
    () => as('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n', 'multipart', 'multipart/form-data; boundary=b'),
    () => as(json, 'JSON with no content type', undefined),
    () => as(json, 'JSON with an odd content type', r.pick(['application/json; charset=utf-16', 'application/json; charset=bogus', 'application/json;;', 'Application/JSON', 'application/vnd.api+json', 'json', '/', 'application/xml'])),
    () => as(json, 'JSON claimed compressed', 'application/json', { 'Content-Encoding': r.pick(['gzip', 'deflate', 'br', 'x-weird']) }),
  ];
  return r.pick(kinds)();
}

/** Headers a client may send with any request; none of them may turn an answer into a 500 or a hang. */
export function hostileHeaders(r: Rng): Hostile<Record<string, string>> {
  const kinds: Hostile<Record<string, string>>[] = [
    { value: { 'X-Request-Id': 'x'.repeat(300) }, what: 'a long request id' },
    { value: { 'X-Request-Id': 'a b\tc' }, what: 'a request id with blanks' },
    { value: { 'X-Request-Id': 'caf\u00e9' }, what: 'a latin-1 request id' },
    { value: { Accept: r.pick(['text/html', 'application/xml', '*/*;q=abc', 'image/*', '']) }, what: 'an odd Accept' },
    { value: { Range: r.pick(['bytes=0-0', 'bytes=-1', 'bytes=abc', 'bytes=999999999999-', 'bytes=5-1', 'items=0-1', 'bytes=', 'bytes=0-1,2-3,4-5,6-7,8-9,10-11,12-13']) }, what: 'a Range' },
    { value: { Range: `bytes=${Array.from({ length: 200 }, (_, i) => `${i}-${i}`).join(',')}` }, what: '200 ranges' },
    { value: { 'If-None-Match': r.pick(['*', 'garbage', '"x", W/"y"']), 'If-Modified-Since': r.pick(['yesterday', 'Thu, 01 Jan 1970 00:00:00 GMT', '']) }, what: 'conditional headers' },
    { value: { 'If-Range': 'not-a-date', Range: 'bytes=0-10' }, what: 'If-Range with a Range' },
    { value: { Cookie: r.pick(['__session=garbage', '__session=', '__session', '=;=;', `__session=${'c'.repeat(4000)}`]) }, what: 'a session cookie' },
    { value: { Authorization: r.pick(['Bearer garbage', 'Bearer', 'Basic Zm9vOmJhcg==', 'Bearer a.b.c', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.']) }, what: 'an Authorization header' },
    { value: { 'X-Forwarded-For': r.pick(['garbage', '1.2.3.4, 5.6.7.8', '::1', '999.999.999.999', '']) }, what: 'X-Forwarded-For' },
    { value: { 'Content-Type': 'application/json' }, what: 'a content type without a body' },
    { value: { 'Accept-Encoding': 'gzip;q=x, *;q=0' }, what: 'an odd Accept-Encoding' },
    { value: { 'X-Padding': 'p'.repeat(20_000) }, what: 'headers over the server limit' },
  ];
  return r.pick(kinds);
}
