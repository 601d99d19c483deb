import { expectErrorBody } from './support/api';
import { startApp, TestApp, useE2eEnvironment } from './support/test-app';

/** Every route of the API contract (DESIGN.md), as OpenAPI paths with the parameter names left out. */
const CONTRACT: [string, string][] = [
  ['post', '/api/v1/datasets'],
  ['get', '/api/v1/datasets'],
  ['get', '/api/v1/datasets/{}'],
  ['patch', '/api/v1/datasets/{}'],
  ['delete', '/api/v1/datasets/{}'],
  ['get', '/api/v1/datasets/{}/status'],
  ['get', '/api/v1/datasets/{}/jobs'],
  ['post', '/api/v1/datasets/{}/jobs'],
  ['get', '/api/v1/datasets/{}/jobs/{}'],
  ['post', '/api/v1/datasets/{}/jobs/{}/retry'],
  ['post', '/api/v1/datasets/{}/jobs/{}/cancel'],
  ['get', '/api/v1/datasets/{}/analyses/{}'],
  ['get', '/api/v1/datasets/{}/analyses/{}/latest'],
  ['get', '/api/v1/jobs/parameter-schemas'],
  ['get', '/api/v1/huggingface/search'],
  ['get', '/api/v1/huggingface/datasets/{}/{}/refs'],
  ['get', '/api/v1/health'],
  ['get', '/api/v1/health/ready'],
];

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];
const ERROR_BODY_REF = '#/components/schemas/ErrorBodyDto';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

/** Gives up with a clear message instead of leaving jest to time out on a hung start or close. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('health, API documentation and routing', () => {
  const env = useE2eEnvironment('health', {});

  it('answers liveness with 200 {status: ok}', async () => {
    const response = await env.app.http.get('/api/v1/health').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers readiness with 200 when PostgreSQL and Redis answer', async () => {
    const response = await env.app.http.get('/api/v1/health/ready').expect(200);
    expect(response.body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
  });

  it('serves Swagger UI at /api/docs', async () => {
    const response = await env.app.http.get('/api/docs').redirects(2).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toMatch(/swagger-ui/i);
  });

  it('serves an OpenAPI document at /api/docs-json with every route of the contract', async () => {
    const response = await env.app.http.get('/api/docs-json').expect(200);
    const doc = response.body;
    expect(doc.openapi).toMatch(/^3\./);
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => METHODS.includes(method))
        .map((method) => `${method} ${path.replace(/\{[^}]+\}/g, '{}')}`),
    );
    const missing = CONTRACT.map(([method, path]) => `${method} ${path}`).filter((route) => !documented.includes(route));
    expect(missing).toEqual([]);
  });

  it('documents at least one error answer with the ErrorBodyDto schema on every operation', async () => {
    const doc = (await env.app.http.get('/api/docs-json').expect(200)).body;
    expect(doc.components.schemas.ErrorBodyDto).toEqual(
      expect.objectContaining({ required: expect.arrayContaining(['statusCode', 'code', 'message', 'retryable', 'requestId']) }),
    );
    const undocumented: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        const errors = Object.entries(operation.responses ?? {}).filter(
          ([status, answer]) => Number(status) >= 400 && answer.content?.['application/json']?.schema?.$ref === ERROR_BODY_REF,
        );
        if (errors.length === 0) undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('answers with a trailing slash too', async () => {
    const list = await env.app.http.get('/api/v1/datasets/').expect(200);
    expect(list.body).toEqual({ items: [], total: 0, page: 1, pageSize: 25 });
    expect((await env.app.http.get('/api/v1/health/').expect(200)).body).toEqual({ status: 'ok' });
    expect((await env.app.http.get('/api/v1/jobs/parameter-schemas/').expect(200)).body.items.length).toBeGreaterThan(0);
  });

  it.each([
    ['GET', '/api/v1/nope'],
    ['GET', '/api/v1/datasets/00000000-0000-0000-0000-000000000000/nope'],
    ['GET', '/api/v2/datasets'],
    ['GET', '/nope'],
    ['POST', '/api/v1/health'],
    ['DELETE', '/api/v1/datasets'],
  ])('answers %s %s with 404 ROUTE_NOT_FOUND and the error body', async (method, path) => {
    const response = await env.app.http[method.toLowerCase() as 'get' | 'post' | 'delete'](path);
    const body = expectErrorBody(response, 404, 'ROUTE_NOT_FOUND');
    expect(body.retryable).toBe(false);
    expect(body.message).toContain('/api/docs');
  });

  describe('with Redis unreachable', () => {
    let noRedis: TestApp | undefined;

    beforeAll(async () => {
      // Nothing listens on 6390; the app must still start, and say it is not ready.
      noRedis = await within(startApp(env.scope, { ROLE: 'api', REDIS_URL: 'redis://127.0.0.1:6390' }), 20_000, 'Starting the API with Redis unreachable');
    }, 30_000);

    afterAll(async () => {
      if (noRedis) await within(noRedis.close(), 20_000, 'Closing the API with Redis unreachable');
    }, 30_000);

    it('answers readiness with 503 SERVICE_UNAVAILABLE naming Redis as down, while liveness stays 200', async () => {
      const ready = await noRedis!.http.get('/api/v1/health/ready');
      const body = expectErrorBody(ready, 503, 'SERVICE_UNAVAILABLE');
      expect(body.details.checks).toEqual({ database: 'up', redis: 'down' });
      expect(body.retryable).toBe(true);
      expect(body.message).toMatch(/redis/i);
      expect(ready.headers['retry-after']).toBeDefined();
      expect((await noRedis!.http.get('/api/v1/health').expect(200)).body).toEqual({ status: 'ok' });
    });

    it('keeps answering what needs neither Redis nor the Hub', async () => {
      expect((await noRedis!.http.get('/api/v1/datasets').expect(200)).body.total).toBe(0);
    });
  });
});
