import { KeyObject, verify } from 'node:crypto';
import { normalisedParty } from '../config/auth-settings';
import { quoted, tokenRejected } from './auth-errors';

/** Where the key that signed a token comes from; it may fetch, or refuse the `kid`. */
export interface SigningKeys {
  keyFor(kid: string | undefined): Promise<KeyObject>;
}

export interface VerifyOptions {
  /** The `iss` a token must carry; unchecked when undefined. */
  issuer: string | undefined;
  /** Origins the token's `azp` must be one of; unchecked when empty. */
  authorizedParties: string[];
  clockSkewMs: number;
  nowMs?: number;
}

export interface SessionClaims {
  userId: string;
  orgId: string | null;
}

// Clerk's tokens are well under 2 kB; a larger "token" is not one and is not decoded.
const MAX_TOKEN_LENGTH = 8192;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

type Json = Record<string, unknown>;

function segment(text: string, what: string): Json {
  if (!BASE64URL.test(text)) throw tokenRejected('malformed', `The session token is malformed: its ${what} is not base64url.`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    // The parser's message quotes the input, which is part of a credential: it is not passed on.
    throw tokenRejected('malformed', `The session token is malformed: its ${what} is not JSON.`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw tokenRejected('malformed', `The session token is malformed: its ${what} is not a JSON object.`);
  }
  return value as Json;
}

function numericClaim(claims: Json, name: string, required: boolean): number | undefined {
  const value = claims[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw tokenRejected('claims', `The session token's ${name} claim ${value === undefined ? 'is missing' : 'is not a number'}.`);
  }
  return value;
}

function stringClaim(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= 255 && !/[\x00-\x1f\x7f]/.test(value) ? value : null;
}

const stripSlash = (url: string) => url.replace(/\/+$/, '');
const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Version 1 session tokens carry the active organisation as `org_id`, version 2 as `o.id`. */
function organisationOf(claims: Json): string | null {
  const compact = claims.o as Json | undefined;
  return stringClaim(claims.org_id) ?? (compact && typeof compact === 'object' ? stringClaim(compact.id) : null);
}

/**
 * Checks a Clerk session token (a compact RS256 JWS) the way Clerk's own SDK does, with no network call
 * unless the key is unknown: structure, algorithm, signature, then the time claims, issuer and authorized
 * party. Claims are read only after the signature holds, so a forged token learns nothing about them.
 */
export async function verifySessionToken(token: string, keys: SigningKeys, options: VerifyOptions): Promise<SessionClaims> {
  if (token.length > MAX_TOKEN_LENGTH) throw tokenRejected('malformed', `The session token is malformed: longer than ${MAX_TOKEN_LENGTH} characters.`);
  const parts = token.split('.');
  if (parts.length !== 3) throw tokenRejected('malformed', 'The session token is malformed: a JWT has three dot-separated parts.');
  const [headerText, payloadText, signatureText] = parts;
  const header = segment(headerText, 'header');
  // Only RS256: `none` would skip the signature, and HS256 would make the public key a shared secret.
  if (header.alg !== 'RS256') throw tokenRejected('algorithm', `The session token is signed with ${quoted(header.alg ?? 'no algorithm')}; only RS256 is accepted.`);
  if (header.crit !== undefined) throw tokenRejected('malformed', 'The session token requires header extensions (crit) that RoboKit does not implement.');
  if (header.kid !== undefined && typeof header.kid !== 'string') throw tokenRejected('malformed', 'The session token is malformed: its key id (kid) is not a string.');
  if (!BASE64URL.test(signatureText)) throw tokenRejected('malformed', 'The session token is malformed: it has no signature.');

  const key = await keys.keyFor(header.kid as string | undefined);
  let valid: boolean;
  try {
    valid = verify('sha256', Buffer.from(`${headerText}.${payloadText}`), key, Buffer.from(signatureText, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) {
    throw tokenRejected('signature', "The session token's signature does not verify: it was not issued by this application's Clerk instance, or it was altered.");
  }

  const claims = segment(payloadText, 'payload');
  const now = (options.nowMs ?? Date.now()) / 1000;
  const skew = options.clockSkewMs / 1000;
  const exp = numericClaim(claims, 'exp', true) as number;
  const nbf = numericClaim(claims, 'nbf', false);
  const iat = numericClaim(claims, 'iat', false);
  if (exp <= now - skew) throw tokenRejected('expired', `The session token expired at ${isoOf(exp)}; get a fresh one and try again.`);
  const notBefore = Math.max(nbf ?? -Infinity, iat ?? -Infinity);
  if (notBefore > now + skew) {
    throw tokenRejected('not_yet_valid', `The session token is not valid before ${isoOf(notBefore)}; the clock of the machine that made it may be ahead.`);
  }
  if (options.issuer !== undefined && (typeof claims.iss !== 'string' || stripSlash(claims.iss) !== stripSlash(options.issuer))) {
    throw tokenRejected('issuer', `The session token was issued by ${quoted(claims.iss ?? 'nobody')}, not by ${options.issuer}.`);
  }
  if (options.authorizedParties.length > 0) {
    const azp = typeof claims.azp === 'string' ? normalisedParty(claims.azp) : undefined;
    if (azp === undefined || !options.authorizedParties.includes(azp)) {
      throw tokenRejected(
        'authorized_party',
        `The session token was made for ${azp === undefined ? 'no named origin (azp)' : quoted(claims.azp)}, which is not one of this API's authorized parties.`,
      );
    }
  }
  const userId = stringClaim(claims.sub);
  if (userId === null) throw tokenRejected('claims', 'The session token names no user (sub).');
  return { userId, orgId: organisationOf(claims) };
}
