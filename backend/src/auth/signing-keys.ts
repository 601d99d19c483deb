import { createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ErrorCode } from '@robokit/api';
import { DomainError } from '../common/domain-error';
import { rsaPublicKey } from '../config/auth-settings';
import { quoted, tokenRejected } from './auth-errors';
import { SigningKeys } from './session-jwt';

/** CLERK_JWT_KEY: one key, whatever `kid` a token names; no network at all. */
export class StaticSigningKey implements SigningKeys {
  private readonly key: KeyObject;

  constructor(pem: string) {
    this.key = createPublicKey(pem);
  }

  keyFor(): Promise<KeyObject> {
    return Promise.resolve(this.key);
  }
}

// Keys are looked at again now and then, so a key Clerk has withdrawn stops working within the hour.
const KEYS_MAX_AGE_MS = 60 * 60 * 1000;
const FETCH_TIMEOUT_MS = 5_000;
// A JWKS holds a handful of keys; a megabyte of one is not an answer to trust.
const MAX_JWKS_BYTES = 1024 * 1024;

interface JwksTiming {
  minRefetchMs: number;
  now?: () => number;
}

/**
 * CLERK_JWKS_URL: Clerk's published keys, fetched once and cached by `kid`. A token naming an unknown key
 * fetches them again (Clerk rotated its keys), but never sooner than `minRefetchMs` after the previous
 * fetch, and concurrent requests share one fetch: tokens with made-up `kid`s cannot turn into traffic to Clerk.
 */
export class JwksSigningKeys implements SigningKeys {
  private readonly logger = new Logger('Auth');
  private keys = new Map<string, KeyObject>();
  private loadedAt = -Infinity;
  private attemptedAt = -Infinity;
  private inFlight: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly url: string,
    private readonly timing: JwksTiming,
  ) {
    this.now = timing.now ?? Date.now;
  }

  async keyFor(kid: string | undefined): Promise<KeyObject> {
    if (kid === undefined) throw tokenRejected('malformed', 'The session token names no signing key (kid).');
    const stale = this.now() - this.loadedAt > KEYS_MAX_AGE_MS;
    const known = this.keys.get(kid);
    if (known && !stale) return known;
    if (this.mayFetch()) await this.refresh();
    const key = this.keys.get(kid);
    if (key) return key;
    if (this.keys.size === 0) {
      throw new DomainError(ErrorCode.ServiceUnavailable, "Clerk's signing keys could not be fetched, so no session can be checked; try again shortly.", undefined, true, 5);
    }
    throw tokenRejected('unknown_key', `The session token is signed with a key (kid ${quoted(kid)}) that is not one of Clerk's current signing keys.`);
  }

  private mayFetch(): boolean {
    return this.inFlight !== null || this.now() - this.attemptedAt >= this.timing.minRefetchMs;
  }

  private refresh(): Promise<void> {
    this.inFlight ??= this.fetchKeys().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<void> {
    this.attemptedAt = this.now();
    try {
      // No redirects: one could lead the key fetch off the https URL that was checked at start-up.
      const response = await fetch(this.url, { headers: { accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`answered ${response.status}`);
      const text = await response.text();
      if (text.length > MAX_JWKS_BYTES) throw new Error(`sent ${text.length} bytes, more than a key set`);
      const keys = parseJwks(JSON.parse(text));
      if (keys.size === 0) throw new Error('holds no RS256 signing key');
      this.keys = keys;
      this.loadedAt = this.now();
    } catch (error) {
      // The keys already known stay in use: an outage at Clerk must not sign everybody out.
      this.logger.warn(`Could not fetch Clerk's signing keys from ${this.url}: ${(error as Error).message}`);
    }
  }
}

function parseJwks(body: unknown): Map<string, KeyObject> {
  const entries = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(entries)) throw new Error('is not a JSON Web Key Set');
  const keys = new Map<string, KeyObject>();
  for (const entry of entries as (JsonWebKey & { kid?: unknown; use?: unknown; alg?: unknown })[]) {
    if (entry?.kty !== 'RSA' || typeof entry.kid !== 'string') continue;
    if ((entry.use !== undefined && entry.use !== 'sig') || (entry.alg !== undefined && entry.alg !== 'RS256')) continue;
    try {
      keys.set(entry.kid, rsaPublicKey(createPublicKey({ key: { kty: entry.kty, n: entry.n, e: entry.e }, format: 'jwk' })));
    } catch {
      // A key we cannot use signs nothing we accept; the others still count.
    }
  }
  return keys;
}
