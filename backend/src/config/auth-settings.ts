import { createPublicKey, KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { AuthMode } from '@robokit/api';

/** Keys shorter than this are factorable today; Clerk's are 2048 bits. */
export const MIN_RSA_BITS = 2048;

const PEM_HEADER = '-----BEGIN PUBLIC KEY-----';
const PEM_FOOTER = '-----END PUBLIC KEY-----';

/** An RSA public key fit to check signatures with, or the reason it is not. */
export function rsaPublicKey(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`must be an RSA key, got ${key.asymmetricKeyType ?? 'an unknown type'}`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) throw new Error(`must be an RSA key of at least ${MIN_RSA_BITS} bits, got ${bits}`);
  return key;
}

/**
 * CLERK_JWT_KEY as a normalised PEM. Env files often hold it on one line, with literal `\n`, or without
 * its header lines as Clerk's dashboard shows it; all of these are accepted. A private key is refused:
 * it would work, but it does not belong in the API's environment.
 */
export function clerkJwtKey(raw: string): string | undefined {
  const text = raw.replace(/\\n/g, '\n').trim();
  if (text === '') return undefined;
  if (/PRIVATE KEY/.test(text)) throw new Error('must be the public key (-----BEGIN PUBLIC KEY-----), not a private key');
  const pem = text.includes('-----BEGIN') ? text : `${PEM_HEADER}\n${(text.replace(/\s+/g, '').match(/.{1,64}/g) ?? []).join('\n')}\n${PEM_FOOTER}`;
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new Error("must be a PEM public key (Clerk's dashboard: API keys, JWT public key)");
  }
  return rsaPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whoever can answer for this URL decides which tokens are valid, so it must be HTTPS (plain HTTP only on loopback). */
export function clerkJwksUrl(raw: string): string | undefined {
  if (raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`must be a URL, got "${raw}"`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new Error('must be an https URL (http only on localhost), e.g. https://<your Clerk frontend API>/.well-known/jwks.json');
  }
  return url.toString();
}

function origin(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`must list origins such as https://app.example.com, got "${raw}"`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search || url.hash) {
    throw new Error(`must list origins (scheme, host and port only), got "${raw}"`);
  }
  return url.origin;
}

/** Comma-separated origins the dashboard runs on; Clerk puts the signing page's origin in `azp`. */
export function authorizedParties(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map(origin);
}

/** The origin form of an `azp` claim, or the claim itself when it is not a URL (then it matches nothing listed). */
export function normalisedParty(azp: string): string {
  try {
    return origin(azp);
  } catch {
    return azp;
  }
}

export function clerkPublishableKey(raw: string): string | undefined {
  if (raw === '') return undefined;
  if (!/^pk_(test|live)_[A-Za-z0-9+/=_-]+$/.test(raw)) throw new Error('must be a Clerk publishable key (pk_test_... or pk_live_...)');
  return raw;
}

export function authMode(raw: string): AuthMode {
  const values = Object.values(AuthMode) as string[];
  if (!values.includes(raw)) throw new Error(`must be one of ${values.join(', ')}, got "${raw}"`);
  return raw as AuthMode;
}

const hasValue = (env: NodeJS.ProcessEnv, name: string) => (env[name] ?? '').trim() !== '';

/** Sign-in is on when asked for, in production, or as soon as a Clerk key is configured. */
export function defaultAuthMode(env: NodeJS.ProcessEnv): AuthMode {
  const keyed = hasValue(env, 'CLERK_JWT_KEY') || hasValue(env, 'CLERK_JWKS_URL');
  return env.NODE_ENV === 'production' || keyed ? AuthMode.Clerk : AuthMode.None;
}

/**
 * The rules across variables, read from the raw environment so that a key that failed to parse is reported
 * once (by its own check), not again here. A worker answers no requests, so it needs no key.
 */
export function authProblems(env: NodeJS.ProcessEnv, mode: AuthMode | undefined, role: string | undefined): string[] {
  if (role === 'worker' || mode === undefined) return [];
  const production = env.NODE_ENV === 'production';
  const keyed = hasValue(env, 'CLERK_JWT_KEY') || hasValue(env, 'CLERK_JWKS_URL');
  if (mode === AuthMode.None && production) {
    return ['AUTH_MODE=none is refused when NODE_ENV=production: anyone could act as the one local user. Set CLERK_JWKS_URL or CLERK_JWT_KEY instead'];
  }
  if (mode === AuthMode.Clerk && !keyed) {
    const why = production && env.AUTH_MODE === undefined ? 'NODE_ENV=production requires sign-in' : 'AUTH_MODE=clerk';
    return [
      `${why}: set CLERK_JWKS_URL (https://<your Clerk frontend API>/.well-known/jwks.json) or CLERK_JWT_KEY (the PEM public key from Clerk's dashboard)`,
    ];
  }
  return [];
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Which proxies' X-Forwarded-For to believe when telling clients apart (per-IP rate limits): `false`
 * (the socket's address), a hop count, or addresses/subnets. Believing everyone would let a client choose its IP.
 */
export function trustProxy(raw: string): false | number | string[] {
  const value = raw.trim();
  if (value === '' || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  for (const item of items) {
    const [address, prefix, extra] = item.split('/');
    const validPrefix = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (isIP(address) === 6 ? 128 : 32));
    if (!(PROXY_NAMES.has(item) || (isIP(address) !== 0 && validPrefix && extra === undefined))) {
      throw new Error(`must be false, a hop count, or addresses/subnets/loopback/linklocal/uniquelocal separated by commas, got "${item}"`);
    }
  }
  return items;
}
