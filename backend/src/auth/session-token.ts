import type { Request } from 'express';
import { authRequired, tokenRejected } from './auth-errors';

export const SESSION_COOKIE = '__session';

// A browser sends cookies on its own, also on requests another site makes it send; a cookie can therefore
// only read (the <video> element's GETs), and anything that changes data needs the Authorization header.
const COOKIE_METHODS = new Set(['GET', 'HEAD']);

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== name) continue;
    const raw = pair.slice(separator + 1).trim().replace(/^"(.*)"$/, '$1');
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/** The request's session token: the Bearer header first, as Clerk's SDK does, then the `__session` cookie. */
export function sessionTokenOf(request: Request): string {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (!match) throw tokenRejected('malformed', 'The Authorization header must be "Bearer <session token>".');
    return match[1];
  }
  const cookie = cookieValue(request.headers.cookie, SESSION_COOKIE);
  if (cookie) {
    if (COOKIE_METHODS.has(request.method)) return cookie;
    throw authRequired(`The ${SESSION_COOKIE} cookie signs in GET requests only; send ${request.method} requests with "Authorization: Bearer <session token>".`);
  }
  throw authRequired(`Sign in first: send the Clerk session token as "Authorization: Bearer <token>" (or, for GET requests, the ${SESSION_COOKIE} cookie).`);
}
