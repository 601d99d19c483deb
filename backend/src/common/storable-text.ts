/**
 * PostgreSQL's text and jsonb cannot hold U+0000, and a hostile Hub can put one in any string it sends
 * (a file path, an error message). A value about to be stored gets it spelled out as the six characters
 * `\u0000` instead, so the row is written and still shows what was there.
 */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\u0000/g, '\\u0000') as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [storable(key), storable(item)])) as T;
  }
  return value;
}
