import { pyFloat, pyFloatRepr, pyJsonDumps, pyJsonLines } from './py-json';

// Expected strings are what CPython 3 prints (repr / json.dumps) for the same values.
describe('pyFloatRepr', () => {
  it.each([
    [30, '30.0'],
    [1e-5, '1e-05'],
    [2.5e-5, '2.5e-05'],
    [1.5e-7, '1.5e-07'],
    [1e-4, '0.0001'],
    [0.1, '0.1'],
    [3.9999999999994176e-16, '3.9999999999994176e-16'],
    [-0, '-0.0'],
    [123456789, '123456789.0'],
    [9999999999999998, '9999999999999998.0'],
    [1e16, '1e+16'],
    [1e22, '1e+22'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [5e-324, '5e-324'],
    [15.933333333333334, '15.933333333333334'],
    [Math.fround(0.1), '0.10000000149011612'],
    [NaN, 'NaN'],
    [-Infinity, '-Infinity'],
  ])('%p -> %s', (value, expected) => {
    expect(pyFloatRepr(value)).toBe(expected);
  });
});

describe('pyJsonDumps', () => {
  const value = { a: [1, pyFloat(2), [], {}], b: { c: null, d: 'é\u007f\n' } };

  it('matches json.dumps(indent=4), ensure_ascii on and off', () => {
    expect(pyJsonDumps(value, { indent: 4 })).toBe(
      '{\n    "a": [\n        1,\n        2.0,\n        [],\n        {}\n    ],\n    "b": {\n        "c": null,\n        "d": "\\u00e9\\u007f\\n"\n    }\n}',
    );
    expect(pyJsonDumps(value, { indent: 4, ensureAscii: false })).toContain('"d": "é\u007f\\n"');
    expect(pyJsonDumps({ x: '😀' })).toBe('{"x": "\\ud83d\\ude00"}');
  });

  it('writes jsonlines with ", " and ": " separators, raw non-ASCII and a newline after every line', () => {
    expect(pyJsonLines([{ task_index: 0, task: 'Pick ü' }, { n: pyFloat(0.5) }])).toBe(
      '{"task_index": 0, "task": "Pick ü"}\n{"n": 0.5}\n',
    );
  });

  it('refuses an unmarked fractional number, which would silently change type', () => {
    expect(() => pyJsonDumps({ x: 0.5 })).toThrow(/PyFloat/);
  });
});
