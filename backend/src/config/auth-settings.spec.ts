import { generateKeyPairSync } from 'node:crypto';
import { AuthMode } from '@robokit/api';
import { ConfigError, loadConfig } from './config';

const rsa = (modulusLength: number) => generateKeyPairSync('rsa', { modulusLength });
const { publicKey, privateKey } = rsa(2048);
const PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const JWKS = 'https://clerk.example.com/.well-known/jwks.json';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('sign-in settings', () => {
  it('runs without sign-in outside production, and with it as soon as a Clerk key is configured', () => {
    expect(loadConfig({}).authMode).toBe(AuthMode.None);
    expect(loadConfig({ NODE_ENV: 'development' }).authMode).toBe(AuthMode.None);
    expect(loadConfig({ CLERK_JWKS_URL: JWKS }).authMode).toBe(AuthMode.Clerk);
    expect(loadConfig({ NODE_ENV: 'production', CLERK_JWT_KEY: PEM }).authMode).toBe(AuthMode.Clerk);
    expect(loadConfig({ AUTH_MODE: 'none', CLERK_JWKS_URL: JWKS }).authMode).toBe(AuthMode.None);
  });

  it('refuses production without a key, AUTH_MODE=none in production, and clerk without a key; a worker needs none', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^NODE_ENV=production requires sign-in: set CLERK_JWKS_URL .* or CLERK_JWT_KEY/)]);
    expect(problemsOf({ NODE_ENV: 'production', AUTH_MODE: 'none', CLERK_JWT_KEY: PEM })).toEqual([expect.stringMatching(/^AUTH_MODE=none is refused when NODE_ENV=production/)]);
    expect(problemsOf({ AUTH_MODE: 'clerk' })).toEqual([expect.stringMatching(/^AUTH_MODE=clerk: set CLERK_JWKS_URL/)]);
    expect(problemsOf({ NODE_ENV: 'production', AUTH_MODE: 'clerk' })).toEqual([expect.stringMatching(/^AUTH_MODE=clerk: set/)]);
    expect(problemsOf({ AUTH_MODE: 'sometimes' })).toEqual(['AUTH_MODE must be one of none, clerk, got "sometimes"']);
    expect(loadConfig({ NODE_ENV: 'production', ROLE: 'worker' }).role).toBe('worker');
  });

  it('takes the PEM key as Clerk shows it: with or without header lines, on one line with literal \\n', () => {
    const body = PEM.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    expect(loadConfig({ CLERK_JWT_KEY: PEM }).clerkJwtKey).toBe(PEM);
    expect(loadConfig({ CLERK_JWT_KEY: PEM.replace(/\n/g, '\\n') }).clerkJwtKey).toBe(PEM);
    expect(loadConfig({ CLERK_JWT_KEY: body }).clerkJwtKey).toBe(PEM);
  });

  it('refuses keys that are not an RSA public key of 2048 bits or more, without quoting them', () => {
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(problemsOf({ CLERK_JWT_KEY: privatePem })).toEqual(['CLERK_JWT_KEY must be the public key (-----BEGIN PUBLIC KEY-----), not a private key']);
    expect(problemsOf({ CLERK_JWT_KEY: 'not a key' })[0]).toMatch(/^CLERK_JWT_KEY must be a PEM public key/);
    const small = rsa(1024).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(problemsOf({ CLERK_JWT_KEY: small })).toEqual(['CLERK_JWT_KEY must be an RSA key of at least 2048 bits, got 1024']);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(problemsOf({ CLERK_JWT_KEY: ec })).toEqual(['CLERK_JWT_KEY must be an RSA key, got ec']);
  });

  it('wants the JWKS over HTTPS (plain HTTP only on loopback), origins as authorized parties, and a pk_ publishable key', () => {
    expect(problemsOf({ CLERK_JWKS_URL: 'http://clerk.example.com/jwks' })[0]).toMatch(/^CLERK_JWKS_URL must be an https URL/);
    expect(loadConfig({ CLERK_JWKS_URL: 'http://127.0.0.1:9999/jwks' }).clerkJwksUrl).toBe('http://127.0.0.1:9999/jwks');
    expect(loadConfig({ CLERK_JWKS_URL: JWKS, CLERK_AUTHORIZED_PARTIES: 'https://App.example.com/, http://localhost:4200' }).clerkAuthorizedParties).toEqual([
      'https://app.example.com',
      'http://localhost:4200',
    ]);
    expect(problemsOf({ CLERK_AUTHORIZED_PARTIES: 'https://app.example.com/login' })[0]).toMatch(/must list origins/);
    expect(problemsOf({ CLERK_PUBLISHABLE_KEY: 'sk_test_secret' })).toEqual(['CLERK_PUBLISHABLE_KEY must be a Clerk publishable key (pk_test_... or pk_live_...)']);
    expect(loadConfig({}).clerkClockSkewMs).toBe(5000);
  });

  it('believes X-Forwarded-For only from the proxies named in TRUST_PROXY', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8']);
    expect(problemsOf({ TRUST_PROXY: 'true' })[0]).toMatch(/^TRUST_PROXY must be false, a hop count, or addresses/);
    expect(problemsOf({ TRUST_PROXY: '10.0.0.0/33' })[0]).toMatch(/^TRUST_PROXY must be/);
  });
});
