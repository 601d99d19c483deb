import { Body, expectErrorBody, importBody } from './support/api';
import { bearer, SigningKey } from './support/clerk';
import { ROBOT_TAGS, smallDatasetFiles } from './support/fixtures';
import { TestApp, useE2eEnvironment } from './support/test-app';

const REPO = 'demo/owned';
const SPEC = { episodes: 2, episodeLength: 20, cameras: [{ key: 'observation.images.top', width: 32, height: 32 }], seed: 41 };
const VIDEO = 'videos/chunk-000/observation.images.top/episode_000000.mp4';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

const key = new SigningKey('owners');

/** A signed-in client: every request carries its own fresh session token. */
function client(app: TestApp, claims: Record<string, unknown>) {
  const auth = () => bearer(key.token(claims));
  return {
    get: (path: string) => app.http.get(path).set(auth()),
    post: (path: string, body?: object) => app.http.post(path).set(auth()).send(body),
    patch: (path: string, body: object) => app.http.patch(path).set(auth()).send(body),
    put: (path: string, body: object) => app.http.put(path).set(auth()).send(body),
    delete: (path: string) => app.http.delete(path).set(auth()),
  };
}
type Client = ReturnType<typeof client>;

async function importAndWait(user: Client, repoId: string): Promise<Body> {
  const dataset = (await user.post('/api/v1/datasets', importBody(repoId)).expect(201)).body;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const status = (await user.get(`/api/v1/datasets/${dataset.id}/status`).expect(200)).body;
    if (status.status === 'completed') return dataset;
    if (status.status === 'failed') throw new Error(`import failed: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('import did not finish');
}

describe('ownership: users and organisations see only their own datasets', () => {
  const env = useE2eEnvironment('ownership', {
    env: { CLERK_JWT_KEY: key.pem },
    seed: async (hub) => {
      hub.addRepo({ id: REPO, files: await smallDatasetFiles(SPEC), tags: ROBOT_TAGS });
    },
  });
  let alice: Client;
  let bob: Client;
  let aliceAtAcme: Client;
  let carolAtAcme: Client;
  let dataset: Body;
  let importJobId: string;

  beforeAll(async () => {
    alice = client(env.app, { sub: 'user_alice' });
    bob = client(env.app, { sub: 'user_bob' });
    // Session tokens name the active organisation as org_id (version 1) or o.id (version 2).
    aliceAtAcme = client(env.app, { sub: 'user_alice', org_id: 'org_acme' });
    carolAtAcme = client(env.app, { sub: 'user_carol', o: { id: 'org_acme', rol: 'member' } });
    dataset = await importAndWait(alice, REPO);
    importJobId = (await alice.get(`/api/v1/datasets/${dataset.id}/status`).expect(200)).body.importJob.id;
  });

  /** Every route under a dataset, with a body where it takes one. */
  const datasetRoutes = (id: string, jobId: string): [keyof Client, string, object?][] => [
    ['get', `/api/v1/datasets/${id}`],
    ['patch', `/api/v1/datasets/${id}`, { displayName: 'mine now' }],
    ['get', `/api/v1/datasets/${id}/status`],
    ['get', `/api/v1/datasets/${id}/jobs`],
    ['post', `/api/v1/datasets/${id}/jobs`, { type: 'validation' }],
    ['get', `/api/v1/datasets/${id}/jobs/${jobId}`],
    ['post', `/api/v1/datasets/${id}/jobs/${jobId}/retry`],
    ['post', `/api/v1/datasets/${id}/jobs/${jobId}/cancel`],
    ['get', `/api/v1/datasets/${id}/analyses/metadata_extraction`],
    ['get', `/api/v1/datasets/${id}/analyses/metadata_extraction/latest`],
    ['get', `/api/v1/datasets/${id}/validation`],
    ['get', `/api/v1/datasets/${id}/episodes`],
    ['get', `/api/v1/datasets/${id}/episodes/0`],
    ['get', `/api/v1/datasets/${id}/episodes/0/quality`],
    ['put', `/api/v1/datasets/${id}/episodes/0/review`, { decision: 'exclude' }],
    ['delete', `/api/v1/datasets/${id}/episodes/0/review`],
    ['get', `/api/v1/datasets/${id}/reviews`],
    ['get', `/api/v1/datasets/${id}/reviews/export`],
    ['get', `/api/v1/datasets/${id}/files/${VIDEO}`],
    ['delete', `/api/v1/datasets/${id}`],
  ];

  const call = (user: Client, [method, path, body]: [keyof Client, string, object?]) =>
    method === 'get' || method === 'delete' ? user[method](path) : user[method](path, body ?? {});

  it("answers 404 on every route of another owner's dataset, exactly as for one that does not exist", async () => {
    const foreignRoutes = datasetRoutes(dataset.id, importJobId);
    const missingRoutes = datasetRoutes(MISSING_ID, importJobId);
    for (const [index, route] of foreignRoutes.entries()) {
      const foreign = expectErrorBody(await call(bob, route), 404, 'DATASET_NOT_FOUND');
      const missing = expectErrorBody(await call(bob, missingRoutes[index]), 404, 'DATASET_NOT_FOUND');
      expect({ route: route[1], message: foreign.message.replace(dataset.id, 'ID'), details: { ...foreign.details, datasetId: 'ID' } }).toEqual({
        route: route[1],
        message: missing.message.replace(MISSING_ID, 'ID'),
        details: { ...missing.details, datasetId: 'ID' },
      });
    }
    // Nothing Bob tried changed Alice's dataset.
    const still = (await alice.get(`/api/v1/datasets/${dataset.id}`).expect(200)).body;
    expect(still.displayName).toBe(dataset.displayName);
    expect((await alice.get(`/api/v1/datasets/${dataset.id}/reviews`).expect(200)).body.total).toBe(0);
  });

  it('serves the owner on the same routes (so the 404s above are about ownership)', async () => {
    const base = `/api/v1/datasets/${dataset.id}`;
    await alice.get(`${base}/jobs/${importJobId}`).expect(200);
    await alice.get(`${base}/analyses/metadata_extraction/latest`).expect(200);
    await alice.get(`${base}/episodes/0`).expect(200);
    await alice.get(`${base}/files/${VIDEO}`).expect(200);
    await alice.put(`${base}/episodes/0/review`, { decision: 'keep' }).expect(200);
    await alice.get(`${base}/reviews/export`).expect(200);
  });

  it("keeps the lists, the jobs across datasets and the overview to the caller's own", async () => {
    expect((await alice.get('/api/v1/datasets').expect(200)).body.items.map((item: Body) => item.id)).toEqual([dataset.id]);
    expect((await bob.get('/api/v1/datasets').expect(200)).body).toEqual(expect.objectContaining({ items: [], total: 0 }));
    expect((await alice.get('/api/v1/jobs').expect(200)).body.items.map((job: Body) => job.id)).toContain(importJobId);
    expect((await bob.get('/api/v1/jobs').expect(200)).body).toEqual(expect.objectContaining({ items: [], total: 0 }));
    expect((await alice.get('/api/v1/overview').expect(200)).body.datasets.total).toBe(1);
    const bobs = (await bob.get('/api/v1/overview').expect(200)).body;
    expect(bobs.datasets.total).toBe(0);
    expect(bobs.jobs).toEqual({ active: 0, queued: 0, running: 0, failedLast24h: 0 });
  });

  it('lets two owners import the same repo; the duplicate 409 is per owner and names their own dataset', async () => {
    const bobs = (await bob.post('/api/v1/datasets', importBody(REPO)).expect(201)).body;
    expect(bobs.id).not.toBe(dataset.id);
    expect(expectErrorBody(await bob.post('/api/v1/datasets', importBody(REPO)), 409, 'DATASET_EXISTS').details.datasetId).toBe(bobs.id);
    expect(expectErrorBody(await alice.post('/api/v1/datasets', importBody(REPO)), 409, 'DATASET_EXISTS').details.datasetId).toBe(dataset.id);
    expectErrorBody(await alice.get(`/api/v1/datasets/${bobs.id}`), 404, 'DATASET_NOT_FOUND');
    await bob.delete(`/api/v1/datasets/${bobs.id}`).expect(204);
  });

  it("makes an organisation's datasets shared by its members and nobody else's, also not the member's personal ones", async () => {
    const acme = (await aliceAtAcme.post('/api/v1/datasets', importBody(REPO)).expect(201)).body;
    expect(acme.id).not.toBe(dataset.id);
    expect((await carolAtAcme.get('/api/v1/datasets').expect(200)).body.items.map((item: Body) => item.id)).toEqual([acme.id]);
    expect((await aliceAtAcme.get('/api/v1/datasets').expect(200)).body.items.map((item: Body) => item.id)).toEqual([acme.id]);
    await carolAtAcme.patch(`/api/v1/datasets/${acme.id}`, { displayName: 'Acme pick and place' }).expect(200);
    expect((await carolAtAcme.get('/api/v1/jobs').expect(200)).body.items.every((job: Body) => job.datasetId === acme.id)).toBe(true);
    // Alice without the organisation active, and Bob, do not see it; Carol does not see Alice's own.
    expectErrorBody(await alice.get(`/api/v1/datasets/${acme.id}`), 404, 'DATASET_NOT_FOUND');
    expectErrorBody(await bob.get(`/api/v1/datasets/${acme.id}/jobs`), 404, 'DATASET_NOT_FOUND');
    expectErrorBody(await carolAtAcme.get(`/api/v1/datasets/${dataset.id}`), 404, 'DATASET_NOT_FOUND');
    expectErrorBody(await carolAtAcme.get(`/api/v1/datasets/${dataset.id}/files/${VIDEO}`), 404, 'DATASET_NOT_FOUND');
    await aliceAtAcme.delete(`/api/v1/datasets/${acme.id}`).expect(204);
  });
});
