import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { sign } from 'node:crypto';
import { Body, expectErrorBody, importBody } from './support/api';
import { bearer, compactJws, DASHBOARD_ORIGIN, ISSUER, JwksServer, PUBLISHABLE_KEY, SigningKey } from './support/clerk';
import { ROBOT_TAGS, smallDatasetFiles } from './support/fixtures';
import { captureOutput } from './support/output';
import { dropIsolation, isolation, startHub, useE2eEnvironment } from './support/test-app';

const MAIN = join(__dirname, '..', 'dist', 'main.js');
const HF_TOKEN = 'hf_AuthSpecSecretToken0123456789abcdef';
const now = () => Math.floor(Date.now() / 1000);

// Generated once: 2048-bit keys take a moment.
const current = new SigningKey('key-current');
const stranger = new SigningKey('key-current'); // same kid, another key: a forger's
const rotated = new SigningKey('key-rotated');

describe('sign-in with Clerk session tokens (JWKS)', () => {
  const jwks = new JwksServer();
  // Filled in before the app starts: the JWKS URL exists only once its server listens.
  const settings: Record<string, string> = {};
  beforeAll(async () => {
    await jwks.start();
    jwks.keys = [current.jwk];
    Object.assign(settings, {
      AUTH_MODE: 'clerk',
      CLERK_JWKS_URL: jwks.url,
      CLERK_ISSUER: ISSUER,
      CLERK_AUTHORIZED_PARTIES: `${DASHBOARD_ORIGIN}, https://robokit.example.com`,
      CLERK_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
      CLERK_JWKS_MIN_REFETCH_MS: '1500',
      HF_TOKEN,
    });
  });
  afterAll(() => jwks.stop());
  const env = useE2eEnvironment('auth', {
    hub: { tokens: [HF_TOKEN] },
    env: settings,
    seed: async (hub) => {
      hub.addRepo({ id: 'demo/auth', files: await smallDatasetFiles({ episodes: 2, episodeLength: 10, seed: 31 }), tags: ROBOT_TAGS });
    },
  });
  let output: ReturnType<typeof captureOutput>;
  const sentTokens: string[] = [];
  beforeAll(() => {
    output = captureOutput();
  });
  afterAll(() => output.restore());

  const get = (path: string, token?: string) => {
    if (token) sentTokens.push(token);
    const request = env.app.http.get(path);
    return token ? request.set(bearer(token)) : request;
  };

  it('lets anyone read health, the API docs and the public config; the config says sign-in is on', async () => {
    await env.app.http.get('/api/v1/health').expect(200);
    await env.app.http.get('/api/v1/health/ready').expect(200);
    await env.app.http.get('/api/docs-json').expect(200);
    expect((await env.app.http.get('/api/v1/config').expect(200)).body).toEqual({ auth: { mode: 'clerk', publishableKey: PUBLISHABLE_KEY } });
    // A broken token on a public route is not looked at.
    await env.app.http.get('/api/v1/health').set(bearer('garbage')).expect(200);
  });

  it('answers 401 AUTH_REQUIRED on every other route when no token comes, and says how to send one', async () => {
    const routes: ['get' | 'post', string][] = [
      ['get', '/api/v1/datasets'],
      ['post', '/api/v1/datasets'],
      ['get', '/api/v1/jobs'],
      ['get', '/api/v1/overview'],
      ['get', '/api/v1/jobs/parameter-schemas'],
      ['get', '/api/v1/huggingface/search?q=x'],
      ['get', '/api/v1/datasets/00000000-0000-0000-0000-000000000000/files/videos/a.mp4'],
    ];
    for (const [method, path] of routes) {
      const response = method === 'post' ? await env.app.http.post(path).send(importBody('demo/auth')) : await env.app.http.get(path);
      const body = expectErrorBody(response, 401, 'AUTH_REQUIRED');
      expect(body.message).toMatch(/Authorization: Bearer/);
      expect(body.details).toEqual({ reason: 'missing' });
      expect(body.retryable).toBe(false);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="robokit"');
    }
  });

  it('accepts a valid token from the Authorization header and fetches the keys once', async () => {
    const token = current.token();
    for (let i = 0; i < 5; i++) await get('/api/v1/datasets', token).expect(200);
    await get('/api/v1/overview', current.token({ sub: 'user_bob' })).expect(200);
    expect(jwks.hits).toBe(1);
  });

  it('refuses each kind of bad token with 401, saying which problem it has', async () => {
    const cases: [string, string, string, string, RegExp][] = [
      ['not a JWT', 'abc', 'AUTH_TOKEN_INVALID', 'malformed', /three dot-separated parts/],
      ['two parts', 'abc.def', 'AUTH_TOKEN_INVALID', 'malformed', /three dot-separated parts/],
      ['header not JSON', `${Buffer.from('{"alg":').toString('base64url')}.e30.sig`, 'AUTH_TOKEN_INVALID', 'malformed', /header is not JSON/],
      ['alg none', compactJws({ alg: 'none', typ: 'JWT' }, { sub: 'user_alice', exp: now() + 60, iss: ISSUER, azp: DASHBOARD_ORIGIN }), 'AUTH_TOKEN_INVALID', 'algorithm', /"none"; only RS256/],
      ['HS256 keyed with the public key', current.hs256WithPublicKey(), 'AUTH_TOKEN_INVALID', 'algorithm', /"HS256"; only RS256/],
      [
        'RS512',
        compactJws({ alg: 'RS512', kid: current.kid }, { sub: 'user_alice', exp: now() + 60, iss: ISSUER, azp: DASHBOARD_ORIGIN }, (input) => sign('sha512', input, current.privateKey)),
        'AUTH_TOKEN_INVALID',
        'algorithm',
        /"RS512"; only RS256/,
      ],
      ['signed by another key', stranger.token(), 'AUTH_TOKEN_INVALID', 'signature', /signature does not verify/],
      ['payload altered after signing', tamper(current.token(), { sub: 'user_admin' }), 'AUTH_TOKEN_INVALID', 'signature', /signature does not verify/],
      ['expired', current.token({ iat: now() - 120, nbf: now() - 120, exp: now() - 60 }), 'AUTH_TOKEN_EXPIRED', 'expired', /expired at .*get a fresh one/],
      ['not yet valid', current.token({ nbf: now() + 60 }), 'AUTH_TOKEN_INVALID', 'not_yet_valid', /not valid before/],
      ['issued in the future', current.token({ iat: now() + 60, nbf: undefined }), 'AUTH_TOKEN_INVALID', 'not_yet_valid', /not valid before/],
      ['another issuer', current.token({ iss: 'https://evil.example.com' }), 'AUTH_TOKEN_INVALID', 'issuer', /issued by "https:\/\/evil.example.com", not by https:\/\/clerk.robokit.test/],
      ['no issuer', current.token({ iss: undefined }), 'AUTH_TOKEN_INVALID', 'issuer', /issued by "nobody"/],
      ['another app (azp)', current.token({ azp: 'https://phishing.example.com' }), 'AUTH_TOKEN_INVALID', 'authorized_party', /made for "https:\/\/phishing.example.com"/],
      ['no azp', current.token({ azp: undefined }), 'AUTH_TOKEN_INVALID', 'authorized_party', /no named origin/],
      ['no subject', current.token({ sub: undefined }), 'AUTH_TOKEN_INVALID', 'claims', /names no user/],
      ['no expiry', current.token({ exp: undefined }), 'AUTH_TOKEN_INVALID', 'claims', /exp claim is missing/],
      ['no kid', compactJws({ alg: 'RS256' }, { sub: 'user_alice' }, (input) => sign('sha256', input, current.privateKey)), 'AUTH_TOKEN_INVALID', 'malformed', /names no signing key/],
    ];
    for (const [label, token, code, reason, message] of cases) {
      const response = await get('/api/v1/datasets', token);
      const body = expectErrorBody(response, 401, code);
      expect({ label, reason: body.details?.reason }).toEqual({ label, reason });
      expect(body.message).toMatch(message);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="robokit", error="invalid_token"');
    }
    const wrongScheme = await env.app.http.get('/api/v1/datasets').set('Authorization', 'Basic dXNlcjpwYXNz');
    expect(expectErrorBody(wrongScheme, 401, 'AUTH_TOKEN_INVALID').message).toMatch(/must be "Bearer <session token>"/);
  });

  it('allows a few seconds of clock skew either way', async () => {
    await get('/api/v1/datasets', current.token({ iat: now() - 70, nbf: now() - 70, exp: now() - 2 })).expect(200);
    await get('/api/v1/datasets', current.token({ iat: now() + 2, nbf: now() + 2 })).expect(200);
  });

  it('reads the __session cookie on GET requests (video elements), and requires the header for anything that changes data', async () => {
    const token = current.token();
    sentTokens.push(token);
    await env.app.http.get('/api/v1/datasets').set('Cookie', `theme=dark; __session=${token}`).expect(200);
    const posted = await env.app.http.post('/api/v1/datasets').set('Cookie', `__session=${token}`).send(importBody('demo/auth'));
    expect(expectErrorBody(posted, 401, 'AUTH_REQUIRED').message).toMatch(/cookie signs in GET requests only/);
    // The header wins over a cookie, as in Clerk's own SDK.
    await env.app.http.get('/api/v1/datasets').set('Cookie', '__session=garbage').set(bearer(token)).expect(200);
    expectErrorBody(await env.app.http.get('/api/v1/datasets').set('Cookie', `__session=${tamper(token, { sub: 'user_x' })}`), 401, 'AUTH_TOKEN_INVALID');
  });

  it('fetches the keys again for an unknown kid, at most once per interval however many arrive', async () => {
    const before = jwks.hits;
    const bogus = await Promise.all(
      Array.from({ length: 20 }, (_, i) => get('/api/v1/datasets', current.token({}, { kid: `made-up-${i}` }))),
    );
    for (const response of bogus) expect(expectErrorBody(response, 401, 'AUTH_TOKEN_INVALID').details).toEqual({ reason: 'unknown_key' });
    expect(jwks.hits - before).toBeLessThanOrEqual(1);

    // Clerk rotates: the new key is published, and is picked up once the interval has passed.
    jwks.keys = [current.jwk, rotated.jwk];
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const hitsBefore = jwks.hits;
    await get('/api/v1/datasets', rotated.token()).expect(200);
    await get('/api/v1/datasets', rotated.token()).expect(200);
    await get('/api/v1/datasets', current.token()).expect(200);
    expect(jwks.hits - hitsBefore).toBe(1);
  });

  it('keeps HF_TOKEN and session tokens out of the logs, error bodies and job records of a full run', async () => {
    const token = current.token();
    sentTokens.push(token);
    const created = await env.app.http.post('/api/v1/datasets').set(bearer(token)).send(importBody('demo/auth')).expect(201);
    const id = created.body.id as string;
    let status: Body = {};
    for (let i = 0; i < 200 && !['completed', 'failed'].includes(status.status); i++) {
      status = (await env.app.http.get(`/api/v1/datasets/${id}/status`).set(bearer(token)).expect(200)).body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status.status).toBe('completed');
    const jobs = (await env.app.http.get(`/api/v1/datasets/${id}/jobs`).set(bearer(token)).expect(200)).body;
    const failing = await env.app.http.get('/api/v1/datasets').set('Authorization', `Bearer ${token}x`);
    expectErrorBody(failing, 401, 'AUTH_TOKEN_INVALID');

    const everything = [output.text(), JSON.stringify(created.body), JSON.stringify(jobs), JSON.stringify(failing.body)].join('\n');
    expect(everything).not.toContain(HF_TOKEN);
    for (const sent of sentTokens.filter((candidate) => candidate.length > 40)) {
      expect(everything).not.toContain(sent);
      const signature = sent.split('.')[2] ?? '';
      if (signature.length > 40) expect(everything).not.toContain(signature);
    }
  });
});

/** The token with some claims changed and the original signature kept. */
function tamper(token: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const changed = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ...claims };
  return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
}

describe('sign-in with a PEM public key (CLERK_JWT_KEY)', () => {
  const key = new SigningKey('pem-key');
  const env = useE2eEnvironment('auth_pem', {
    // As env files often hold it: one line, with literal \n.
    env: { CLERK_JWT_KEY: key.pem.replace(/\n/g, '\\n'), CLERK_CLOCK_SKEW_MS: '0' },
  });

  it('turns sign-in on by itself, checks tokens with no network, and takes no skew when told so', async () => {
    expect((await env.app.http.get('/api/v1/config').expect(200)).body).toEqual({ auth: { mode: 'clerk', publishableKey: null } });
    await env.app.http.get('/api/v1/datasets').set(bearer(key.token({ iss: 'anyone', azp: undefined }))).expect(200);
    expectErrorBody(await env.app.http.get('/api/v1/datasets').set(bearer(current.token())), 401, 'AUTH_TOKEN_INVALID');
    const justExpired = await env.app.http.get('/api/v1/datasets').set(bearer(key.token({ iat: now() - 70, nbf: now() - 70, exp: now() - 1 })));
    expectErrorBody(justExpired, 401, 'AUTH_TOKEN_EXPIRED');
  });
});

describe('a JWKS host that does not answer', () => {
  const jwks = new JwksServer();
  const settings: Record<string, string> = {};
  beforeAll(async () => {
    await jwks.start();
    jwks.status = 500;
    Object.assign(settings, { CLERK_JWKS_URL: jwks.url, CLERK_JWKS_MIN_REFETCH_MS: '60000' });
  });
  afterAll(() => jwks.stop());
  const env = useE2eEnvironment('auth_jwks_down', { env: settings });

  it('answers 503 (try again), not 401, and does not ask again within the interval', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await env.app.http.get('/api/v1/datasets').set(bearer(current.token()));
      expectErrorBody(response, 503, 'SERVICE_UNAVAILABLE');
      expect(response.body.retryable).toBe(true);
      expect(response.headers['retry-after']).toBe('5');
    }
    expect(jwks.hits).toBe(1);
  });
});

describe('AUTH_MODE=none (the default outside production)', () => {
  const env = useE2eEnvironment('auth_none', {});

  it('serves every request as the one local user and ignores tokens', async () => {
    expect((await env.app.http.get('/api/v1/config').expect(200)).body).toEqual({ auth: { mode: 'none', publishableKey: null } });
    await env.app.http.get('/api/v1/datasets').expect(200);
    await env.app.http.get('/api/v1/overview').set(bearer('not-a-token')).expect(200);
  });
});

describe('start-up rules for sign-in', () => {
  const start = (env: Record<string, string>) => {
    const result = spawnSync(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', HOME: '/tmp', ...env }, encoding: 'utf8', timeout: 30_000 });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };

  it('refuses to start in production without a Clerk key, and refuses AUTH_MODE=none there', () => {
    const missing = start({ NODE_ENV: 'production' });
    expect(missing.status).toBe(1);
    expect(missing.output).toContain('RoboKit cannot start. Invalid configuration');
    expect(missing.output).toContain('NODE_ENV=production requires sign-in: set CLERK_JWKS_URL');
    const none = start({ NODE_ENV: 'production', AUTH_MODE: 'none', CLERK_JWKS_URL: 'https://clerk.example.com/.well-known/jwks.json' });
    expect(none.status).toBe(1);
    expect(none.output).toContain('AUTH_MODE=none is refused when NODE_ENV=production');
    const clerk = start({ AUTH_MODE: 'clerk' });
    expect(clerk.status).toBe(1);
    expect(clerk.output).toContain('AUTH_MODE=clerk: set CLERK_JWKS_URL');
    const plainHttp = start({ CLERK_JWKS_URL: 'http://clerk.example.com/jwks.json' });
    expect(plainHttp.output).toContain('CLERK_JWKS_URL must be an https URL');
  });

  it('says plainly at start-up that sign-in is off with AUTH_MODE=none', async () => {
    const hub = await startHub();
    const scope = isolation('auth_banner', hub.url);
    let child: ChildProcess | undefined;
    try {
      child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...scope.env, NODE_ENV: 'development', ROLE: 'api', API_PORT: '0', LOG_LEVEL: 'info' } });
      let text = '';
      child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
      const deadline = Date.now() + 30_000;
      while (!text.includes('API on') && Date.now() < deadline && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(text).toMatch(/WARN.*AUTH_MODE=none: sign-in is OFF and every request acts as the one local user/);
    } finally {
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child!.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await hub.stop();
      await dropIsolation(scope);
    }
  });
});
