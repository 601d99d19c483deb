import { storable } from './storable-text';

describe('storable', () => {
  it('spells out NUL characters in strings, keys and nested values, and leaves everything else alone', () => {
    const date = new Date(0);
    expect(storable({ message: 'a\u0000b', details: { ['k\u0000']: ['x\u0000', 1, null, true], date } })).toEqual({
      message: 'a\\u0000b',
      details: { 'k\\u0000': ['x\\u0000', 1, null, true], date },
    });
    expect(storable('plain')).toBe('plain');
    expect(storable(undefined)).toBeUndefined();
  });
});
