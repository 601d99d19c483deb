import { hubErrors } from './errors';
import type { Exchange } from './exchange';

/**
 * GitHub-style pagination as on the Hub: an opaque `cursor` query parameter, and a `Link: <absolute>; rel="next"`
 * header on every page but the last (the JS client only accepts an absolute URL and whitespace after ';').
 */
export function paginate<T>(items: readonly T[], pageSize: number, ex: Exchange): { page: T[]; headers: Record<string, string> } {
  const offset = decodeCursor(ex.url.searchParams.get('cursor'));
  const end = offset + pageSize;
  const page = items.slice(offset, end);
  if (end >= items.length) return { page, headers: {} };
  const next = new URL(ex.url.pathname + ex.url.search, ex.origin);
  next.searchParams.set('cursor', Buffer.from(JSON.stringify({ offset: end })).toString('base64url'));
  return { page, headers: { Link: `<${next.href}>; rel="next"` } };
}

function decodeCursor(cursor: string | null): number {
  if (cursor === null) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // falls through to the 400 below
  }
  throw hubErrors.badRequest('Invalid cursor');
}
