/**
 * JSON text exactly as Python's `json` module writes it, so generated metadata matches LeRobot byte for byte.
 * Python distinguishes ints from floats (`30` vs `30.0`) and formats floats with `repr`, which JavaScript
 * cannot express with plain numbers: floats are therefore wrapped in {@link PyFloat}.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type PyValue = null | boolean | number | bigint | string | PyFloat | PyValue[] | { [key: string]: PyValue };

export const pyFloat = (value: number): PyFloat => new PyFloat(value);

/** Python `repr(float)`: shortest round-trip digits (same as JS), but different exponent and `.0` rules. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = x.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  // In this exponent range JavaScript also prints fixed notation with the same digits.
  const fixed = String(x);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

export interface PyJsonOptions {
  /** `json.dump(indent=N)`; omitted = one line with `", "`/`": "` separators (json.dumps and jsonlines defaults). */
  indent?: number;
  /** Python's default is true; LeRobot's info.json and jsonlines use false. */
  ensureAscii?: boolean;
}

export function pyJsonDumps(value: PyValue, options: PyJsonOptions = {}): string {
  return encode(value, options, 0);
}

function encode(value: PyValue, options: PyJsonOptions, depth: number): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    // A plain number stands for a Python int; a fractional one means a float was not marked.
    if (!Number.isInteger(value)) throw new Error(`pyJsonDumps: ${value} is not an int; wrap floats in PyFloat`);
    return Object.is(value, -0) ? '0' : String(value);
  }
  if (typeof value === 'string') return encodeString(value, options.ensureAscii ?? true);
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  const entries: string[] = Array.isArray(value)
    ? value.map((item) => encode(item, options, depth + 1))
    : Object.entries(value).map(
        ([key, item]) => `${encodeString(key, options.ensureAscii ?? true)}: ${encode(item, options, depth + 1)}`,
      );
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return open + close;
  if (options.indent === undefined) return open + entries.join(', ') + close;
  const inner = '\n' + ' '.repeat(options.indent * (depth + 1));
  const outer = '\n' + ' '.repeat(options.indent * depth);
  return open + inner + entries.join(',' + inner) + outer + close;
}

function encodeString(text: string, ensureAscii: boolean): string {
  // JSON.stringify escapes the same characters as Python (quote, backslash, control characters, lowercase hex);
  // ensure_ascii additionally escapes everything outside printable ASCII, DEL included.
  const escaped = JSON.stringify(text);
  if (!ensureAscii) return escaped;
  return escaped.replace(/[\x7f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A `.jsonl` file as the Python `jsonlines` writer produces it (one object per line, `\n` after each). */
export function pyJsonLines(rows: PyValue[]): string {
  return rows.map((row) => pyJsonDumps(row, { ensureAscii: false }) + '\n').join('');
}
