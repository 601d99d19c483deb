import type { NextFunction, Request, Response } from 'express';

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Request-Id, Range';
// The dashboard shows the request id with every error and waits out a 429's Retry-After.
const EXPOSED_HEADERS = 'X-Request-Id, Retry-After';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * CORS for the dashboard origins listed in CORS_ORIGINS, with credentials (Clerk's __session cookie on
 * GETs). An origin not listed gets no CORS header at all, so its browser keeps the answer from it; with
 * none listed that is every cross-origin caller, which suits the usual same-origin deployment behind the
 * dashboard's proxy. Preflights are answered here, before the session guard would ask them for a token.
 */
export function corsMiddleware(origins: readonly string[]) {
  const allowed = new Set(origins);
  return (request: Request, response: Response, next: NextFunction): void => {
    // Answers differ by Origin, so caches must not hand one origin's answer to another.
    response.vary('Origin');
    const origin = request.header('Origin');
    const preflight = request.method === 'OPTIONS' && request.header('Access-Control-Request-Method') !== undefined;
    if (origin !== undefined && allowed.has(origin)) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      if (preflight) {
        response.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
        response.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        response.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS);
      } else {
        response.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
      }
    }
    if (!preflight) return next();
    response.status(204).end();
  };
}
