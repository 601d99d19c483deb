import { expectErrorBody } from './support/api';
import { ROBOT_TAGS } from './support/fixtures';
import { startApp, startHub, useE2eEnvironment } from './support/test-app';

interface Listed {
  id: string;
  downloads: number;
  likes: number;
  lastModified: string;
  robotics: boolean;
  gated?: 'manual';
}

/** The stand-in Hub's catalogue: robotics datasets and others, with distinct downloads, likes and dates. */
const CATALOGUE: Listed[] = [
  { id: 'lerobot/pusht', downloads: 900, likes: 10, lastModified: '2024-01-05T00:00:00.000Z', robotics: true },
  { id: 'lerobot/aloha_sim', downloads: 700, likes: 50, lastModified: '2024-03-01T00:00:00.000Z', robotics: true },
  { id: 'lerobot/xarm_lift', downloads: 500, likes: 5, lastModified: '2024-02-01T00:00:00.000Z', robotics: true },
  { id: 'demo/so100_pick', downloads: 300, likes: 80, lastModified: '2024-05-01T00:00:00.000Z', robotics: true },
  { id: 'demo/so100_place', downloads: 250, likes: 20, lastModified: '2024-04-01T00:00:00.000Z', robotics: true },
  { id: 'demo/koch_stack', downloads: 200, likes: 1, lastModified: '2023-12-01T00:00:00.000Z', robotics: true },
  { id: 'acme/arm_gated', downloads: 150, likes: 2, lastModified: '2024-06-01T00:00:00.000Z', robotics: true, gated: 'manual' },
  { id: 'acme/arm_sorting', downloads: 100, likes: 30, lastModified: '2023-11-01T00:00:00.000Z', robotics: true },
  { id: 'acme/pusht_variant', downloads: 50, likes: 0, lastModified: '2023-10-01T00:00:00.000Z', robotics: true },
  { id: 'nlp/squad_like', downloads: 5000, likes: 400, lastModified: '2024-07-01T00:00:00.000Z', robotics: false },
  { id: 'nlp/pusht_text', downloads: 800, likes: 3, lastModified: '2022-01-01T00:00:00.000Z', robotics: false },
  { id: 'vision/imagenet_mini', downloads: 3000, likes: 60, lastModified: '2023-01-01T00:00:00.000Z', robotics: false },
];
const ROBOTICS = CATALOGUE.filter((repo) => repo.robotics);

function idsBy(repos: Listed[], key: 'downloads' | 'likes' | 'lastModified'): string[] {
  return [...repos].sort((a, b) => (a[key] < b[key] ? 1 : a[key] > b[key] ? -1 : 0)).map((repo) => repo.id);
}

describe('huggingface: searching the Hub and listing refs', () => {
  const env = useE2eEnvironment('huggingface', {
    // A small Hub page, so that a page of ours spans several cursor pages of the Hub.
    hub: { listPageSize: 5 },
    seed: (hub) => {
      for (const repo of CATALOGUE) {
        hub.addRepo({
          id: repo.id,
          files: { 'README.md': `# ${repo.id}` },
          tags: repo.robotics ? ROBOT_TAGS : ['task_categories:text-classification', 'language:en'],
          downloads: repo.downloads,
          likes: repo.likes,
          lastModified: repo.lastModified,
          gated: repo.gated ?? false,
        });
      }
      const refs = hub.addRepo({ id: 'demo/refs', files: { 'meta/info.json': '{}' }, versionTag: 'v2.1' });
      refs.createBranch('dev');
      refs.commit({ 'notes.txt': 'work in progress' }, { branch: 'dev' });
      refs.tag('v2.0');
      refs.commit({ 'data/train.parquet': 'PAR1' }, { branch: 'refs/convert/parquet' });
      refs.createBranch('refs/pr/1');
    },
  });

  const search = (query = '') => env.app.http.get(`/api/v1/huggingface/search${query ? `?${query}` : ''}`);
  const ids = (body: { items: { repoId: string }[] }) => body.items.map((item) => item.repoId);
  const hubSearches = () => env.hub.requests.filter((r) => r.path === '/api/datasets').length;

  afterEach(() => env.hub.clearFaults());

  it('lists only robotics datasets by default, most downloaded first, with the facts the import wizard shows', async () => {
    const body = (await search('pageSize=100').expect(200)).body;
    expect(ids(body)).toEqual(idsBy(ROBOTICS, 'downloads'));
    expect(body).toEqual(expect.objectContaining({ page: 1, pageSize: 100, hasMore: false }));
    expect(body.items[0]).toEqual({
      repoId: 'lerobot/pusht',
      author: 'lerobot',
      downloads: 900,
      likes: 10,
      gated: false,
      private: false,
      lastModified: '2024-01-05T00:00:00.000Z',
      tags: ROBOT_TAGS,
    });
    expect(body.items.find((item: { repoId: string }) => item.repoId === 'acme/arm_gated').gated).toBe('manual');
    // The repo id, never the Hub's internal _id.
    const internalIds = CATALOGUE.map((repo) => env.hub.getRepo(repo.id).mongoId);
    for (const item of body.items) expect(internalIds).not.toContain(item.repoId);
    // robotics=true is the default, spelled out.
    expect(ids((await search('robotics=true&pageSize=100').expect(200)).body)).toEqual(ids(body));
  });

  it('returns the other datasets too with robotics=false', async () => {
    const body = (await search('robotics=false&pageSize=100').expect(200)).body;
    expect(ids(body)).toEqual(idsBy([...CATALOGUE, { id: 'demo/refs', downloads: 0, likes: 0, lastModified: '', robotics: false }], 'downloads'));
    expect(ids(body).slice(0, 2)).toEqual(['nlp/squad_like', 'vision/imagenet_mini']);
  });

  it('filters by a substring of the repo id and by author', async () => {
    expect(ids((await search('q=pusht').expect(200)).body)).toEqual(['lerobot/pusht', 'acme/pusht_variant']);
    expect(ids((await search('q=pusht&robotics=false').expect(200)).body)).toEqual(['lerobot/pusht', 'nlp/pusht_text', 'acme/pusht_variant']);
    expect(ids((await search('q=so100').expect(200)).body)).toEqual(['demo/so100_pick', 'demo/so100_place']);
    expect(ids((await search('author=acme').expect(200)).body)).toEqual(['acme/arm_gated', 'acme/arm_sorting', 'acme/pusht_variant']);
    expect(ids((await search('author=acme&q=arm_').expect(200)).body)).toEqual(['acme/arm_gated', 'acme/arm_sorting']);
    expect(ids((await search('author=nlp').expect(200)).body)).toEqual([]);
    expect(ids((await search('q=no-such-dataset').expect(200)).body)).toEqual([]);
  });

  it.each(['downloads', 'likes', 'lastModified'] as const)('sorts by %s, descending', async (sort) => {
    const body = (await search(`sort=${sort}&pageSize=100`).expect(200)).body;
    expect(ids(body)).toEqual(idsBy(ROBOTICS, sort));
    const values = body.items.map((item: Record<string, number | string>) => item[sort]);
    expect(values).toEqual([...values].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
  });

  it('pages with page and pageSize across the Hub\'s cursor pages, and says whether more exist', async () => {
    const all = idsBy(ROBOTICS, 'downloads');
    const before = env.hub.requests.length;
    const pages = [];
    for (const page of [1, 2, 3]) pages.push((await search(`page=${page}&pageSize=4`).expect(200)).body);
    expect(pages.map((p) => ids(p))).toEqual([all.slice(0, 4), all.slice(4, 8), all.slice(8)]);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(pages.map((p) => [p.page, p.pageSize])).toEqual([[1, 4], [2, 4], [3, 4]]);
    // The Hub gives at most 5 per page here, so pages 2 and 3 needed its Link/cursor pagination.
    const followed = env.hub.requests.slice(before).filter((r) => r.path === '/api/datasets' && /(^|&)cursor=/.test(r.query));
    expect(followed.length).toBeGreaterThan(0);

    // Exactly filled: the last page is full and nothing follows.
    const exact = (await search('page=3&pageSize=3').expect(200)).body;
    expect(ids(exact)).toEqual(all.slice(6, 9));
    expect(exact.hasMore).toBe(false);
    const beyond = (await search('page=4&pageSize=4').expect(200)).body;
    expect(beyond).toEqual({ items: [], page: 4, pageSize: 4, hasMore: false });
    // page x pageSize = 1000 is the deepest a search may go.
    expect((await search('page=10&pageSize=100').expect(200)).body.items).toEqual([]);
  });

  it.each([
    ['pageSize=0', 'pageSize=0', 'pageSize'],
    ['pageSize=101', 'pageSize=101', 'pageSize'],
    ['page=0', 'page=0', 'page'],
    ['page=-1', 'page=-1', 'page'],
    ['page=two', 'page=two', 'page'],
    ['page x pageSize = 1100', 'page=11&pageSize=100', 'page'],
    ['page x pageSize = 1010', 'page=101&pageSize=10', 'page'],
    ['sort=bogus', 'sort=bogus', 'sort'],
    ['sort=-downloads', 'sort=-downloads', 'sort'],
    ['robotics=maybe', 'robotics=maybe', 'robotics'],
    ['robotics=1', 'robotics=1', 'robotics'],
    ['a q of 201 characters', `q=${'x'.repeat(201)}`, 'q'],
  ])('refuses %s with 400 VALIDATION_FAILED naming the field, without asking the Hub', async (_label, query, field) => {
    const before = env.hub.requests.length;
    const body = expectErrorBody(await search(query), 400, 'VALIDATION_FAILED');
    expect(body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(body.retryable).toBe(false);
    expect(env.hub.requests.length).toBe(before);
  });

  it('passes a Hub rate limit through as 429 RATE_LIMITED with Retry-After, and does not cache the failure', async () => {
    env.hub.addFault({ route: 'search', status: 429, retryAfter: 42, times: 1 });
    const limited = await search('q=aloha');
    const body = expectErrorBody(limited, 429, 'RATE_LIMITED');
    expect(limited.headers['retry-after']).toBe('42');
    expect(body.retryable).toBe(true);
    expect(ids((await search('q=aloha').expect(200)).body)).toEqual(['lerobot/aloha_sim']);
  });

  it('says the Hub is unavailable (503 HUB_UNAVAILABLE, retryable) when it answers 503', async () => {
    env.hub.addFault({ route: 'search', status: 503, times: 1 });
    const body = expectErrorBody(await search('q=xarm'), 503, 'HUB_UNAVAILABLE');
    expect(body.retryable).toBe(true);
  });

  it('says the Hub is unavailable when it cannot be reached, while what needs no Hub keeps working', async () => {
    const gone = await startHub();
    const goneUrl = gone.url;
    await gone.stop();
    const offline = await startApp(env.scope, { ROLE: 'api', HF_ENDPOINT: goneUrl });
    try {
      const body = expectErrorBody(await offline.http.get('/api/v1/huggingface/search?q=pusht'), 503, 'HUB_UNAVAILABLE');
      expect(body.retryable).toBe(true);
      expectErrorBody(await offline.http.get('/api/v1/huggingface/datasets/lerobot/pusht/refs'), 503, 'HUB_UNAVAILABLE');
      expect((await offline.http.get('/api/v1/datasets').expect(200)).body).toEqual(expect.objectContaining({ items: expect.any(Array), total: expect.any(Number) }));
      await offline.http.get('/api/v1/health').expect(200);
    } finally {
      await offline.close();
    }
  });

  it('answers the same query from its cache, without asking the Hub again', async () => {
    const koch = env.hub.getRepo('demo/koch_stack');
    const first = (await search('q=koch').expect(200)).body;
    expect(first.items[0].downloads).toBe(200);
    const asked = hubSearches();
    koch.downloads = 12_345;
    try {
      const again = (await search('q=koch').expect(200)).body;
      expect(again).toEqual(first);
      expect(hubSearches()).toBe(asked);
      // Another query is another cache entry, and sees the Hub as it is now.
      const other = (await search('q=koch&sort=likes').expect(200)).body;
      expect(other.items[0].downloads).toBe(12_345);
      expect(hubSearches()).toBeGreaterThan(asked);
    } finally {
      koch.downloads = 200;
    }
  });

  it('lists the branches, tags and converted refs of a dataset with the commit each points at', async () => {
    const repo = env.hub.getRepo('demo/refs');
    const body = (await env.app.http.get('/api/v1/huggingface/datasets/demo/refs/refs').expect(200)).body;
    expect(Object.keys(body).sort()).toEqual(['branches', 'converts', 'tags']);
    const byName = (refs: { name: string }[]) => [...refs].sort((a, b) => a.name.localeCompare(b.name));
    const main = repo.headSha('main');
    expect(byName(body.branches)).toEqual([
      { name: 'dev', ref: 'refs/heads/dev', targetCommit: repo.headSha('dev') },
      { name: 'main', ref: 'refs/heads/main', targetCommit: main },
    ]);
    expect(repo.headSha('dev')).not.toBe(main);
    expect(byName(body.tags)).toEqual([
      { name: 'v2.0', ref: 'refs/tags/v2.0', targetCommit: main },
      { name: 'v2.1', ref: 'refs/tags/v2.1', targetCommit: main },
    ]);
    expect(body.converts).toEqual([{ name: 'parquet', ref: 'refs/convert/parquet', targetCommit: repo.headSha('refs/convert/parquet') }]);
  });

  it('answers 404 REPO_NOT_FOUND for a repo the Hub does not have, and 400 for an invalid repo id', async () => {
    expectErrorBody(await env.app.http.get('/api/v1/huggingface/datasets/demo/missing/refs'), 404, 'REPO_NOT_FOUND');
    const before = env.hub.requests.length;
    for (const [owner, name] of [['a..b', 'c'], ['-a', 'b'], ['a', 'b.'], ['a', 'b--c'], ['a', 'x'.repeat(100)]]) {
      const body = expectErrorBody(await env.app.http.get(`/api/v1/huggingface/datasets/${owner}/${name}/refs`), 400, 'VALIDATION_FAILED');
      expect(body.details.fields.map((f: { field: string }) => f.field)).toContain('repo');
    }
    expect(env.hub.requests.length).toBe(before);
  });

  it('passes a Hub rate limit on refs through as 429 with Retry-After', async () => {
    env.hub.addFault({ repo: 'demo/refs', route: 'refs', status: 429, retryAfter: 7, times: 1 });
    const limited = await env.app.http.get('/api/v1/huggingface/datasets/demo/refs/refs');
    expectErrorBody(limited, 429, 'RATE_LIMITED');
    expect(limited.headers['retry-after']).toBe('7');
  });
});
