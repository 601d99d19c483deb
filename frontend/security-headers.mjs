// Security headers for the dashboard's own answers; the /api answers it forwards keep the API's headers.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const CLOUDFLARE_CHALLENGES = 'https://challenges.cloudflare.com';
const CLERK_IMAGES = 'https://img.clerk.com';

const ENTITIES = { '&quot;': '"', '&#39;': "'", '&apos;': "'", '&lt;': '<', '&gt;': '>', '&amp;': '&' };
const decodeAttribute = (value) => value.replace(/&(quot|#39|apos|lt|gt|amp);/g, (entity) => ENTITIES[entity]);
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * Hashes of the inline code the build writes into index.html, so the policy can allow exactly that code
 * and nothing injected: Angular's critical-CSS inlining loads the full stylesheet with
 * `media="print" onload="this.media='all'"`, and blocking that handler would leave the app unstyled.
 * Browsers check hashes against event handlers only with 'unsafe-hashes'.
 */
export function inlineCodeHashes(html) {
  const handlers = [...html.matchAll(/<[a-z][^>]*?\son[a-z]+\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)].map((match) => decodeAttribute(match[1] ?? match[2]));
  const scripts = [...html.matchAll(/<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)].map((match) => match[1]).filter((body) => body.trim() !== '');
  return { handlers: [...new Set(handlers)].map(sha256), scripts: [...new Set(scripts)].map(sha256) };
}

/** Clerk's Frontend API, named by the publishable key: pk_test_ or pk_live_ and the base64 of "<host>$". */
export function clerkFrontendApi(publishableKey) {
  const match = /^pk_(?:test|live)_([A-Za-z0-9+/=_-]+)$/.exec(publishableKey ?? '');
  if (!match) return undefined;
  const host = Buffer.from(match[1], 'base64').toString('utf8').replace(/\$$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(host) ? `https://${host}` : undefined;
}

/**
 * The dashboard's policy: its own scripts, styles and fonts; blob: for the episode viewer's media and
 * workers; API calls to its own origin (the proxy). Angular and Material write inline styles at run time,
 * hence 'unsafe-inline' for styles only. With sign-in configured, Clerk's SDK talks to its Frontend API,
 * shows avatars from img.clerk.com and may run Cloudflare's bot check in a frame.
 */
export function dashboardPolicy(html, { clerkPublishableKey } = {}) {
  const { handlers, scripts } = inlineCodeHashes(html);
  const clerk = clerkFrontendApi(clerkPublishableKey);
  const directives = {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...(handlers.length ? ["'unsafe-hashes'", ...handlers] : []), ...scripts, ...(clerk ? [clerk, CLOUDFLARE_CHALLENGES] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', ...(clerk ? [clerk, CLERK_IMAGES] : [])],
    'font-src': ["'self'"],
    'media-src': ["'self'", 'blob:'],
    'connect-src': ["'self'", ...(clerk ? [clerk] : [])],
    'worker-src': ["'self'", 'blob:'],
    'frame-src': clerk ? [CLOUDFLARE_CHALLENGES] : ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/**
 * Headers for every file the dashboard serves. The policy is worked out from index.html and redone when
 * that file changes (a rebuild while the server runs), since its hashes must match the file served.
 */
export function dashboardHeaders(webRoot, env = process.env) {
  const hstsMaxAge = Number(env.HSTS_MAX_AGE ?? 0);
  let cached = { mtimeMs: -1, policy: '' };
  const policy = () => {
    const index = join(webRoot, 'index.html');
    let mtimeMs;
    try {
      mtimeMs = statSync(index).mtimeMs;
    } catch {
      return dashboardPolicy('', { clerkPublishableKey: env.CLERK_PUBLISHABLE_KEY });
    }
    if (mtimeMs !== cached.mtimeMs) cached = { mtimeMs, policy: dashboardPolicy(readFileSync(index, 'utf8'), { clerkPublishableKey: env.CLERK_PUBLISHABLE_KEY }) };
    return cached.policy;
  };
  return () => ({
    'Content-Security-Policy': policy(),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    // Only when asked for: it pins browsers to HTTPS for this host, wrong for a plain-HTTP deployment.
    ...(Number.isInteger(hstsMaxAge) && hstsMaxAge > 0 ? { 'Strict-Transport-Security': `max-age=${hstsMaxAge}` } : {}),
  });
}
