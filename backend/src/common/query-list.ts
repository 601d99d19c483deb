import { Transform } from 'class-transformer';

/**
 * A query parameter that takes several values, repeated (`?status=a&status=b`) or as one comma list
 * (`?status=a,b`, the short form a link or a hand-typed URL uses). Empty entries are dropped, so an
 * empty selection in a client's form means no filter.
 */
export const QueryList = () =>
  Transform(({ value }: { value: unknown }) => {
    if (value === undefined) return undefined;
    const parts = (Array.isArray(value) ? value : [value]).flatMap((entry) => (typeof entry === 'string' ? entry.split(',') : [entry]));
    return parts.map((part) => (typeof part === 'string' ? part.trim() : part)).filter((part) => part !== '');
  });
