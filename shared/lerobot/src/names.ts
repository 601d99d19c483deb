/**
 * LeRobot writes feature names in many shapes (lerobot-format.md §3.2); this reduces them to one list of
 * strings, saying what it had to tolerate.
 */
export function normaliseNames(names: unknown): { names: string[] | null; note?: string } {
  if (names === null || names === undefined) return { names: null };
  if (Array.isArray(names)) {
    if (names.every((name) => typeof name === 'string')) return { names };
    if (names.length === 1 && Array.isArray(names[0]) && names[0].every((name: unknown) => typeof name === 'string')) {
      return { names: names[0], note: 'names is a list holding one list of names (read as the inner list)' };
    }
    return { names: null, note: 'names is a list that is not made of strings (ignored)' };
  }
  if (typeof names === 'object') {
    const values = Object.values(names as Record<string, unknown>);
    if (values.length === 1 && Array.isArray(values[0]) && values[0].every((name: unknown) => typeof name === 'string')) {
      return { names: values[0] };
    }
    const entries = Object.entries(names as Record<string, unknown>);
    if (entries.length > 0 && entries.every(([, index]) => Number.isInteger(index))) {
      return { names: entries.sort((a, b) => (a[1] as number) - (b[1] as number)).map(([name]) => name) };
    }
  }
  return { names: null, note: 'names has an unknown layout (ignored)' };
}
