import type { NextFunction, Request, Response } from 'express';

/** Where Swagger UI lives (see http-app.ts); its page is the API's only HTML. */
export const DOCS_PATH = '/api/docs';

/**
 * JSON and files: nothing the API answers is a document that should load anything, so a browser that
 * renders an answer anyway (an error echoing input, a file opened in a tab) runs no script in it.
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Swagger UI: its scripts and stylesheet come from the API itself; its page has <style> blocks and style
 * attributes, and its icons and some images are data: URLs; "Try it out" calls the API from the page.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const ALWAYS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  // Dataset ids and repo names in our URLs are nobody else's business.
  'Referrer-Policy': 'no-referrer',
  // frame-ancestors does the same for browsers that read CSP; this is for those that do not.
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function isDocsPage(path: string): boolean {
  // /api/docs-json and -yaml are data and keep the strict policy.
  return path === DOCS_PATH || path.startsWith(`${DOCS_PATH}/`);
}

/**
 * Set before anything else runs, so that every answer carries them: errors, 404s, preflights, rejected
 * bodies. HSTS only when configured: it pins browsers to HTTPS for this host, which is wrong for a plain
 * HTTP deployment and would outlive a mistake by its max-age.
 */
export function securityHeaders(options: { hstsMaxAgeSeconds: number }) {
  const hsts = options.hstsMaxAgeSeconds > 0 ? `max-age=${options.hstsMaxAgeSeconds}` : undefined;
  return (request: Request, response: Response, next: NextFunction): void => {
    for (const [name, value] of Object.entries(ALWAYS)) response.setHeader(name, value);
    response.setHeader('Content-Security-Policy', isDocsPage(request.path) ? DOCS_CSP : API_CSP);
    if (hsts) response.setHeader('Strict-Transport-Security', hsts);
    next();
  };
}
