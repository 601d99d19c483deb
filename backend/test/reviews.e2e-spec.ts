import { Body, expectErrorBody, importDataset, waitForImport, waitForJob } from './support/api';
import { ROBOT_TAGS, smallDatasetFiles } from './support/fixtures';
import { useE2eEnvironment } from './support/test-app';

const SPEC = { episodes: 5, episodeLength: 20, seed: 21 };
const MISSING = '/api/v1/datasets/00000000-0000-0000-0000-000000000000';

describe('episode reviews: keep or exclude, listed, filtered and exported', () => {
  const env = useE2eEnvironment('reviews', {
    seed: async (hub) => {
      const files = await smallDatasetFiles(SPEC);
      hub.addRepo({ id: 'demo/reviews', files, tags: ROBOT_TAGS });
      const { 'meta/episodes.jsonl': _dropped, ...withoutEpisodes } = files;
      hub.addRepo({ id: 'demo/no_episodes', files: withoutEpisodes });
    },
  });
  let dataset: Body;
  let base: string;

  beforeAll(async () => {
    dataset = await importDataset(env.app, 'demo/reviews');
    base = `/api/v1/datasets/${dataset.id}`;
    expect((await waitForImport(env.app, dataset.id)).status).toBe('completed');
  });

  const review = (index: number | string) => `${base}/episodes/${index}/review`;
  const indices = (page: Body) => page.items.map((item: Body) => item.index ?? item.episodeIndex);
  const exported = async () => (await env.app.http.get(`${base}/reviews/export`).expect(200)).body;

  it('marks episodes, replaces a review on a second PUT, and shows reviews on the episodes list', async () => {
    const excluded = (await env.app.http.put(review(1)).send({ decision: 'exclude', note: 'gripper slips at frame 12' }).expect(200)).body;
    expect(excluded).toEqual({ episodeIndex: 1, decision: 'exclude', note: 'gripper slips at frame 12', updatedAt: expect.any(String) });
    const kept = (await env.app.http.put(review(3)).send({ decision: 'keep' }).expect(200)).body;
    expect(kept).toEqual(expect.objectContaining({ episodeIndex: 3, decision: 'keep', note: null }));

    // PUT replaces: a note left out is cleared, and a blank one is no note.
    await env.app.http.put(review(1)).send({ decision: 'exclude' }).expect(200);
    const changed = (await env.app.http.put(review(1)).send({ decision: 'exclude', note: '   ' }).expect(200)).body;
    expect(changed.note).toBeNull();
    const again = (await env.app.http.put(review(1)).send({ decision: 'exclude', note: 'wrong task' }).expect(200)).body;
    expect(Date.parse(again.updatedAt)).toBeGreaterThanOrEqual(Date.parse(excluded.updatedAt));

    const episodes = (await env.app.http.get(`${base}/episodes`).expect(200)).body;
    expect(episodes.items.map((episode: Body) => episode.review)).toEqual([
      null,
      { decision: 'exclude', note: 'wrong task' },
      null,
      { decision: 'keep', note: null },
      null,
    ]);
    expect(indices((await env.app.http.get(`${base}/episodes?review=exclude`).expect(200)).body)).toEqual([1]);
    expect(indices((await env.app.http.get(`${base}/episodes?review=keep`).expect(200)).body)).toEqual([3]);
    const unreviewed = (await env.app.http.get(`${base}/episodes?review=none&pageSize=2&page=2`).expect(200)).body;
    expect(unreviewed).toEqual(expect.objectContaining({ total: 3, page: 2, pageSize: 2 }));
    expect(indices(unreviewed)).toEqual([4]);
    expectErrorBody(await env.app.http.get(`${base}/episodes?review=maybe`), 400, 'VALIDATION_FAILED');
  });

  it('lists the reviews, filtered by decision and sorted', async () => {
    const all = (await env.app.http.get(`${base}/reviews`).expect(200)).body;
    expect(all).toEqual(expect.objectContaining({ total: 2, page: 1, pageSize: 25 }));
    expect(indices(all)).toEqual([1, 3]);
    const onlyExcluded = (await env.app.http.get(`${base}/reviews?decision=exclude`).expect(200)).body;
    expect(onlyExcluded.items).toEqual([{ episodeIndex: 1, decision: 'exclude', note: 'wrong task', updatedAt: expect.any(String) }]);
    // Episode 1 was reviewed last.
    expect(indices((await env.app.http.get(`${base}/reviews?sort=-updatedAt`).expect(200)).body)).toEqual([1, 3]);
    expect(indices((await env.app.http.get(`${base}/reviews?sort=-episodeIndex`).expect(200)).body)).toEqual([3, 1]);
    expectErrorBody(await env.app.http.get(`${base}/reviews?decision=maybe`), 400, 'VALIDATION_FAILED');
  });

  it('exports every episode not excluded (unreviewed ones count as kept), for the commit it refers to', async () => {
    expect(await exported()).toEqual({
      datasetId: dataset.id,
      repoId: 'demo/reviews',
      commitSha: dataset.source.commitSha,
      excluded: [1],
      episodes: [0, 2, 3, 4],
    });
  });

  it('keeps reviews when the metadata is extracted again', async () => {
    const job = (await env.app.http.post(`${base}/jobs`).send({ type: 'metadata_extraction' }).expect(201)).body;
    expect((await waitForJob(env.app, dataset.id, job.id)).status).toBe('completed');
    expect((await exported()).excluded).toEqual([1]);
    expect((await env.app.http.get(`${base}/reviews`).expect(200)).body.total).toBe(2);
  });

  it('clears a review with 204, after which the episode is exported again; clearing twice is fine', async () => {
    await env.app.http.delete(review(1)).expect(204);
    await env.app.http.delete(review(1)).expect(204);
    expect(await exported()).toEqual(expect.objectContaining({ excluded: [], episodes: [0, 1, 2, 3, 4] }));
    expect(indices((await env.app.http.get(`${base}/reviews`).expect(200)).body)).toEqual([3]);
    expect((await env.app.http.get(`${base}/episodes?review=none`).expect(200)).body.total).toBe(4);
  });

  it('refuses a bad decision or an over-long note, naming the field', async () => {
    const decision = expectErrorBody(await env.app.http.put(review(0)).send({ decision: 'maybe' }), 400, 'VALIDATION_FAILED');
    expect(decision.details.fields.map((field: Body) => field.field)).toEqual(['decision']);
    const missing = expectErrorBody(await env.app.http.put(review(0)).send({ note: 'no decision' }), 400, 'VALIDATION_FAILED');
    expect(missing.details.fields.map((field: Body) => field.field)).toEqual(['decision']);
    const long = expectErrorBody(await env.app.http.put(review(0)).send({ decision: 'keep', note: 'x'.repeat(2001) }), 400, 'VALIDATION_FAILED');
    expect(long.details.fields).toEqual([{ field: 'note', problems: [expect.stringContaining('2000')] }]);
    const unknown = expectErrorBody(await env.app.http.put(review(0)).send({ decision: 'keep', reviewer: 'me' }), 400, 'VALIDATION_FAILED');
    expect(unknown.details.fields.map((field: Body) => field.field)).toEqual(['reviewer']);
    expectErrorBody(await env.app.http.put(review('one')).send({ decision: 'keep' }), 400, 'VALIDATION_FAILED');
    // Nothing was stored by the refused requests; the longest note allowed is stored whole.
    expect(indices((await env.app.http.get(`${base}/reviews`).expect(200)).body)).toEqual([3]);
    const longest = (await env.app.http.put(review(0)).send({ decision: 'keep', note: 'x'.repeat(2000) }).expect(200)).body;
    expect(longest.note).toHaveLength(2000);
  });

  it('answers 404 for an episode outside the dataset and for an unknown dataset', async () => {
    for (const index of [5, -1, 99999999999]) {
      expectErrorBody(await env.app.http.put(review(index)).send({ decision: 'exclude' }), 404, 'EPISODE_NOT_FOUND');
      expectErrorBody(await env.app.http.delete(review(index)), 404, 'EPISODE_NOT_FOUND');
    }
    expectErrorBody(await env.app.http.put(`${MISSING}/episodes/0/review`).send({ decision: 'keep' }), 404, 'DATASET_NOT_FOUND');
    expectErrorBody(await env.app.http.delete(`${MISSING}/episodes/0/review`), 404, 'DATASET_NOT_FOUND');
    expectErrorBody(await env.app.http.get(`${MISSING}/reviews`), 404, 'DATASET_NOT_FOUND');
    expectErrorBody(await env.app.http.get(`${MISSING}/reviews/export`), 404, 'DATASET_NOT_FOUND');
  });

  it('has nothing to review or export while a dataset has no extracted metadata', async () => {
    const broken = await importDataset(env.app, 'demo/no_episodes');
    expect((await waitForImport(env.app, broken.id)).status).toBe('failed');
    const brokenBase = `/api/v1/datasets/${broken.id}`;
    expectErrorBody(await env.app.http.put(`${brokenBase}/episodes/0/review`).send({ decision: 'keep' }), 404, 'EPISODE_NOT_FOUND');
    expectErrorBody(await env.app.http.get(`${brokenBase}/reviews/export`), 404, 'ANALYSIS_NOT_FOUND');
    expect((await env.app.http.get(`${brokenBase}/reviews`).expect(200)).body).toEqual({ items: [], total: 0, page: 1, pageSize: 25 });
  });

  it('deletes a dataset together with its reviews', async () => {
    await env.app.http.delete(base).expect(204);
    expectErrorBody(await env.app.http.get(`${base}/reviews`), 404, 'DATASET_NOT_FOUND');
    const reimported = await importDataset(env.app, 'demo/reviews');
    expect((await waitForImport(env.app, reimported.id)).status).toBe('completed');
    expect((await env.app.http.get(`/api/v1/datasets/${reimported.id}/reviews`).expect(200)).body.total).toBe(0);
  });
});
