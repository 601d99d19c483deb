import type { Response } from 'supertest';
import { loadConfig } from '../src/config/config';
import { API_CSP, DOCS_CSP } from '../src/security/security-headers';
import { DASHBOARD_ORIGIN, SigningKey } from './support/clerk';
import { startApp, TestApp, useE2eEnvironment } from './support/test-app';

const OTHER_ORIGIN = 'https://evil.example';

function expectSecurityHeaders(response: Response, csp = API_CSP): void {
  expect(response.headers).toEqual(
    expect.objectContaining({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'content-security-policy': csp,
    }),
  );
  expect(response.headers['x-powered-by']).toBeUndefined();
}

function expectNoCors(response: Response): void {
  for (const name of ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-methods', 'access-control-expose-headers']) {
    expect(response.headers[name]).toBeUndefined();
  }
}

/** The directive's sources, or undefined when the policy has no such directive. */
function sources(policy: string, directive: string): string[] | undefined {
  const found = policy.split(';').map((part) => part.trim().split(/\s+/)).find(([name]) => name === directive);
  return found?.slice(1);
}

describe('security headers and CORS for a configured dashboard origin (sign-in on)', () => {
  const key = new SigningKey('security');
  const env = useE2eEnvironment('security_headers', {
    env: { CLERK_JWT_KEY: key.pem.replace(/\n/g, '\\n'), CORS_ORIGINS: `${DASHBOARD_ORIGIN}, https://robokit.example.com` },
  });
  const auth = () => ({ Authorization: `Bearer ${key.token()}` });

  it('sets them on a JSON answer, and sends no Strict-Transport-Security unless configured', async () => {
    const response = await env.app.http.get('/api/v1/health').expect(200);
    expectSecurityHeaders(response);
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('sets them on error answers too: 401, 404 and a body the parser refuses', async () => {
    expectSecurityHeaders(await env.app.http.get('/api/v1/datasets').expect(401));
    expectSecurityHeaders(await env.app.http.get('/api/v1/no-such-route').set(auth()).expect(404));
    const refused = await env.app.http.post('/api/v1/datasets').set(auth()).set('Content-Type', 'application/json').send('{"source": ');
    expect(refused.status).toBe(400);
    expectSecurityHeaders(refused);
  });

  it('gives the JSON answers a policy that loads nothing and cannot be framed', () => {
    expect(sources(API_CSP, 'default-src')).toEqual(["'none'"]);
    expect(sources(API_CSP, 'frame-ancestors')).toEqual(["'none'"]);
  });

  it('lets Swagger UI work: its own scripts only, no inline script on the page, inline styles allowed', async () => {
    const page = await env.app.http.get('/api/docs/').expect(200);
    expectSecurityHeaders(page, DOCS_CSP);
    expect(sources(DOCS_CSP, 'script-src')).toEqual(["'self'"]);
    expect(sources(DOCS_CSP, 'style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(sources(DOCS_CSP, 'connect-src')).toEqual(["'self'"]);
    expect(sources(DOCS_CSP, 'frame-ancestors')).toEqual(["'none'"]);
    // script-src 'self' blocks inline code: every script must be a file, and no element may carry a handler.
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\ssrc="/);
      expect(body.trim()).toBe('');
    }
    expect(page.text).not.toMatch(/\son[a-z]+\s*=/i);
    for (const file of ['swagger-ui-bundle.js', 'swagger-ui-init.js']) {
      expectSecurityHeaders(await env.app.http.get(`/api/docs/${file}`).expect(200), DOCS_CSP);
    }
    expectSecurityHeaders(await env.app.http.get('/api/docs-json').expect(200));
  });

  it('allows a configured origin, with credentials, exposing the request id and Retry-After', async () => {
    for (const origin of [DASHBOARD_ORIGIN, 'https://robokit.example.com']) {
      const response = await env.app.http.get('/api/v1/datasets').set(auth()).set('Origin', origin).expect(200);
      expect(response.headers['access-control-allow-origin']).toBe(origin);
      expect(response.headers['access-control-allow-credentials']).toBe('true');
      expect(response.headers['access-control-expose-headers']?.split(/,\s*/)).toEqual(expect.arrayContaining(['X-Request-Id', 'Retry-After']));
      expect(response.headers.vary).toMatch(/\bOrigin\b/);
    }
    // An error answer must be readable by the dashboard as well, or it could not show why.
    const refused = await env.app.http.get('/api/v1/datasets').set('Origin', DASHBOARD_ORIGIN).expect(401);
    expect(refused.headers['access-control-allow-origin']).toBe(DASHBOARD_ORIGIN);
  });

  it('gives any other origin no CORS header, so its browser keeps the answer from it', async () => {
    for (const origin of [OTHER_ORIGIN, `${DASHBOARD_ORIGIN}.evil.example`, 'null', 'http://localhost:4201']) {
      const response = await env.app.http.get('/api/v1/health').set('Origin', origin).expect(200);
      expectNoCors(response);
      expect(response.headers.vary).toMatch(/\bOrigin\b/);
    }
  });

  it('answers a preflight before sign-in is checked: 204, with methods and headers for a configured origin only', async () => {
    const preflight = (origin: string) =>
      env.app.http
        .options('/api/v1/datasets')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization, content-type');
    const allowed = await preflight(DASHBOARD_ORIGIN).expect(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(DASHBOARD_ORIGIN);
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    expect(allowed.headers['access-control-allow-methods']?.split(/,\s*/)).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    expect(allowed.headers['access-control-allow-headers']?.toLowerCase().split(/,\s*/)).toEqual(expect.arrayContaining(['authorization', 'content-type']));
    expect(Number(allowed.headers['access-control-max-age'])).toBeGreaterThan(0);
    expectSecurityHeaders(allowed);
    expect(allowed.headers['x-request-id']).toBeTruthy();

    const other = await preflight(OTHER_ORIGIN).expect(204);
    expectNoCors(other);
  });
});

describe('security headers and CORS with the defaults (same-origin dashboard), and HSTS when configured', () => {
  const env = useE2eEnvironment('security_defaults', { env: { HSTS_MAX_AGE: '31536000' } });

  it('allows no cross-origin caller at all when CORS_ORIGINS is unset', async () => {
    expect(env.app.config.corsOrigins).toEqual([]);
    expectNoCors(await env.app.http.get('/api/v1/datasets').set('Origin', DASHBOARD_ORIGIN).expect(200));
    const preflight = await env.app.http.options('/api/v1/datasets').set('Origin', DASHBOARD_ORIGIN).set('Access-Control-Request-Method', 'POST').expect(204);
    expectNoCors(preflight);
  });

  it('sends Strict-Transport-Security with the configured max-age on every answer', async () => {
    expect((await env.app.http.get('/api/v1/health').expect(200)).headers['strict-transport-security']).toBe('max-age=31536000');
    expect((await env.app.http.get('/api/v1/datasets/nope').expect(404)).headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('sends no Strict-Transport-Security with HSTS_MAX_AGE=0', async () => {
    let plain: TestApp | undefined;
    try {
      plain = await startApp(env.scope, { HSTS_MAX_AGE: '0' });
      expect((await plain.http.get('/api/v1/health').expect(200)).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await plain?.close();
    }
  });
});

describe('CORS_ORIGINS and HSTS_MAX_AGE settings', () => {
  it('takes a comma list of origins and refuses a wildcard, a path or a bare host', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example.com, http://localhost:4200/' }).corsOrigins).toEqual(['https://a.example.com', 'http://localhost:4200']);
    expect(loadConfig({ CORS_ORIGINS: '' }).corsOrigins).toEqual([]);
    for (const wrong of ['*', 'https://a.example.com/app', 'a.example.com']) {
      expect(() => loadConfig({ CORS_ORIGINS: wrong })).toThrow(/CORS_ORIGINS must list origins/);
    }
    expect(loadConfig({}).hstsMaxAge).toBe(0);
    expect(() => loadConfig({ HSTS_MAX_AGE: '-1' })).toThrow(/HSTS_MAX_AGE must be an integer/);
  });
});
