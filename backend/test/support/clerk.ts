import { createHmac, generateKeyPairSync, JsonWebKey, KeyObject, sign } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the test Clerk instance writes into its tokens unless a test says otherwise. */
export const ISSUER = 'https://clerk.robokit.test';
export const DASHBOARD_ORIGIN = 'http://localhost:4200';
export const PUBLISHABLE_KEY = 'pk_test_Y2xlcmsucm9ib2tpdC50ZXN0JA';

const base64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A compact JWS from any header and payload, signed by `signer` (or left unsigned). */
export function compactJws(header: Record<string, unknown>, payload: Record<string, unknown>, signer?: (input: Buffer) => Buffer): string {
  const input = `${base64url(header)}.${base64url(payload)}`;
  return `${input}.${signer ? signer(Buffer.from(input)).toString('base64url') : ''}`;
}

/** A stand-in for one Clerk signing key: RS256 session tokens, its public key as PEM and as a JWK. */
export class SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;

  constructor(readonly kid: string, modulusLength = 2048) {
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync('rsa', { modulusLength }));
  }

  get pem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  get jwk(): JsonWebKey {
    return { ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' };
  }

  /** A session token as Clerk issues them; `claims` override or (with undefined) remove the defaults. */
  token(claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const payload = Object.fromEntries(
      Object.entries({ sub: 'user_alice', iss: ISSUER, azp: DASHBOARD_ORIGIN, iat: now - 1, nbf: now - 1, exp: now + 60, sid: 'sess_1', ...claims }).filter(
        ([, value]) => value !== undefined,
      ),
    );
    return compactJws({ alg: 'RS256', typ: 'JWT', kid: this.kid, ...header }, payload, (input) => sign('sha256', input, this.privateKey));
  }

  /** The same claims signed with HMAC, using the public key's PEM as the shared secret: the classic algorithm-confusion forgery. */
  hs256WithPublicKey(claims: Record<string, unknown> = {}): string {
    const now = Math.floor(Date.now() / 1000);
    return compactJws({ alg: 'HS256', typ: 'JWT', kid: this.kid }, { sub: 'user_alice', iss: ISSUER, azp: DASHBOARD_ORIGIN, exp: now + 60, ...claims }, (input) =>
      createHmac('sha256', this.pem).update(input).digest(),
    );
  }
}

/** A local JWKS endpoint that counts its requests, so tests can prove the keys are cached. */
export class JwksServer {
  hits = 0;
  keys: JsonWebKey[] = [];
  status = 200;
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.hits += 1;
      response.writeHead(this.status, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
