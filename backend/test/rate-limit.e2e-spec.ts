import Redis from 'ioredis';
import { AppConfig, loadConfig } from '../src/config/config';
import { RateLimiter } from '../src/rate-limit/rate-limiter';
import { Body, expectErrorBody, importBody } from './support/api';
import { bearer, SigningKey } from './support/clerk';
import { ROBOT_TAGS, smallDatasetFiles } from './support/fixtures';
import { REDIS_URL, startApp, TestApp, useE2eEnvironment } from './support/test-app';

const key = new SigningKey('limits');
const LIMITS = {
  RATE_LIMIT_HUB_SEARCH: '3',
  RATE_LIMIT_HUB_SEARCH_PER_IP: '5',
  RATE_LIMIT_DATASET_CREATE: '2',
  RATE_LIMIT_DATASET_CREATE_PER_IP: '100',
  RATE_LIMIT_JOB_CREATE: '2',
  RATE_LIMIT_JOB_CREATE_PER_IP: '100',
};

function expectLimited(response: Awaited<ReturnType<TestApp['http']['get']>>, scope: 'owner' | 'ip', action: string, limit: number): Body {
  const body = expectErrorBody(response, 429, 'RATE_LIMITED');
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(body.retryable).toBe(true);
  expect(body.details).toEqual({ action, scope, limit, windowSeconds: 60 });
  expect(body.message).toMatch(new RegExp(`at most ${limit} a minute ${scope === 'owner' ? 'for your account' : 'from your network address'}\\. Try again in ${retryAfter} s`));
  return body;
}

describe('rate limits shared by two API instances through Redis', () => {
  const env = useE2eEnvironment('rate_limit', {
    // The proxy in front of the API (here: the test, on loopback) says which client it forwards.
    env: { ...LIMITS, CLERK_JWT_KEY: key.pem, TRUST_PROXY: 'loopback', ROLE: 'api' },
    seed: async (hub) => {
      hub.addRepo({ id: 'demo/limited', files: await smallDatasetFiles({ episodes: 2, episodeLength: 10, seed: 51 }), tags: ROBOT_TAGS });
      hub.addRepo({ id: 'demo/limited_2', files: await smallDatasetFiles({ episodes: 2, episodeLength: 10, seed: 52 }), tags: ROBOT_TAGS });
    },
  });
  let second: TestApp;
  beforeAll(async () => {
    second = await startApp(env.scope, { ...LIMITS, CLERK_JWT_KEY: key.pem, TRUST_PROXY: 'loopback', ROLE: 'api' });
  });
  afterAll(() => second?.close());

  /** Requests alternate between the two instances, as behind a load balancer. */
  let turn = 0;
  const next = () => (turn++ % 2 === 0 ? env.app : second);
  const as = (sub: string, ip = '198.51.100.1') => ({ ...bearer(key.token({ sub })), 'X-Forwarded-For': ip });

  it('limits Hub searches per owner, and answers 429 with Retry-After and the error body', async () => {
    for (let i = 0; i < 3; i++) await next().http.get(`/api/v1/huggingface/search?q=a${i}`).set(as('user_alice')).expect(200);
    expectLimited(await next().http.get('/api/v1/huggingface/search?q=a4').set(as('user_alice')), 'owner', 'hub_search', 3);
    // Another account from the same address still gets its share, until the address's limit is reached.
    await next().http.get('/api/v1/huggingface/search?q=b1').set(as('user_bob')).expect(200);
    await next().http.get('/api/v1/huggingface/search?q=b2').set(as('user_bob')).expect(200);
    expectLimited(await next().http.get('/api/v1/huggingface/search?q=b3').set(as('user_bob')), 'ip', 'hub_search', 5);
    // A client elsewhere is not affected.
    await next().http.get('/api/v1/huggingface/search?q=c1').set(as('user_carol', '203.0.113.9')).expect(200);
  });

  it('limits dataset imports per owner across instances; refused requests do not use up the window', async () => {
    await env.app.http.post('/api/v1/datasets').set(as('user_dana')).send(importBody('demo/limited')).expect(201);
    expectErrorBody(await second.http.post('/api/v1/datasets').set(as('user_dana')).send(importBody('demo/limited')), 409, 'DATASET_EXISTS');
    for (const app of [env.app, second]) {
      expectLimited(await app.http.post('/api/v1/datasets').set(as('user_dana')).send(importBody('demo/limited_2')), 'owner', 'dataset_create', 2);
    }
    await second.http.post('/api/v1/datasets').set(as('user_erin')).send(importBody('demo/limited_2')).expect(201);
  });

  it('limits job requests per owner', async () => {
    const dataset = (await env.app.http.post('/api/v1/datasets').set(as('user_finn')).send(importBody('demo/limited')).expect(201)).body;
    const jobs = `/api/v1/datasets/${dataset.id}/jobs`;
    await env.app.http.post(jobs).set(as('user_finn')).send({ type: 'validation' }).expect((response) => expect([200, 201]).toContain(response.status));
    await second.http.post(jobs).set(as('user_finn')).send({ type: 'validation' }).expect((response) => expect([200, 201]).toContain(response.status));
    expectLimited(await env.app.http.post(jobs).set(as('user_finn')).send({ type: 'validation' }), 'owner', 'job_create', 2);
    // Reading is never limited.
    for (let i = 0; i < 10; i++) await second.http.get(jobs).set(as('user_finn')).expect(200);
  });

  it("keeps its counters under the test's QUEUE_PREFIX, expiring with the window", async () => {
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${env.scope.name}:rate-limit:*`);
      expect(keys).toEqual(expect.arrayContaining([`${env.scope.name}:rate-limit:hub_search:owner:user_alice`, `${env.scope.name}:rate-limit:hub_search:ip:198.51.100.1`]));
      for (const name of keys) {
        const ttl = await redis.pttl(name);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(60_000);
      }
    } finally {
      redis.disconnect();
    }
  });
});

describe('rate limiter without Redis', () => {
  it('lets requests through instead of failing them (imports and jobs keep working while Redis is away)', async () => {
    const config: AppConfig = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6399', QUEUE_PREFIX: 'nowhere' });
    const limiter = new RateLimiter(config);
    try {
      const started = Date.now();
      expect(await limiter.take([{ key: limiter.keyOf('hub_search', 'owner', 'x'), limit: 1 }])).toBeNull();
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      limiter.onModuleDestroy();
    }
  });
});
