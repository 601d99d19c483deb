import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvidenceLevel, QualityReport } from '@robokit/api';
import { DatasetSpec, writeLeRobotDataset } from '@robokit/testing';
import { directoryFiles } from '../directory-files';
import { column, query } from '../duckdb';
import { EpisodeRewriter } from '../testing/episode-rewrite';
import { openDataset } from '../open-dataset';
import { evaluateQuality } from './evaluate';

/** The frame reader across layouts: the same frames must give the same report, however they are stored. */

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'quality-reading-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function generate(name: string, spec: DatasetSpec): Promise<{ dir: string; files: string[] }> {
  const dir = join(root, name);
  const written = await writeLeRobotDataset(dir, spec);
  return { dir, files: written.files };
}

async function evaluate(dir: string, paths: string[], parameters: Record<string, unknown> = {}): Promise<QualityReport> {
  const files = directoryFiles(dir, paths);
  return evaluateQuality(await openDataset(files), files, parameters);
}

/**
 * What must not depend on the layout: each episode's length, metrics, flags and score; stats_drift aside, since
 * v2.0 stores no per-episode stats to compare.
 */
const perEpisode = (report: QualityReport) =>
  report.episodes.map(({ episodeIndex, length, metrics: { stats_drift: _, ...metrics }, flags, score }) => ({ episodeIndex, length, metrics, flags, score }));

describe('reading the frames', () => {
  const spec: DatasetSpec = { episodes: 12, episodeLength: { min: 150, max: 260 }, joints: 4, seed: 11 };

  it('gives v2.0, v2.1 (a file per episode) and v3.0 (several episodes per file) the same report', async () => {
    const v20 = await generate('v20', { ...spec, version: 'v2.0' });
    const v21 = await generate('v21', spec);
    const v30 = await generate('v30', { ...spec, version: 'v3.0', episodesPerFile: 5 });
    expect(v30.files.filter((path) => path.startsWith('data/'))).toHaveLength(3);
    const reports = await Promise.all([v20, v21, v30].map((written) => evaluate(written.dir, written.files)));
    for (const report of reports) expect(report.summary.framesAnalysed).toBe(reports[1].summary.framesAnalysed);
    expect(perEpisode(reports[0])).toEqual(perEpisode(reports[1]));
    expect(perEpisode(reports[2])).toEqual(perEpisode(reports[1]));
  });

  it('reads a large v3.0 file by row groups, episodes spanning two statements included', async () => {
    const large: DatasetSpec = { episodes: 27, episodeLength: 5000, joints: 2, seed: 2 };
    const v21 = await generate('large-v21', large);
    const v30 = await generate('large-v30', { ...large, version: 'v3.0' });
    // Row groups of ~3,000 rows do not line up with 5,000-frame episodes, nor with the reader's slices.
    const data = join(v30.dir, 'data/chunk-000/file-000.parquet');
    await query(`COPY (SELECT * FROM read_parquet($file)) TO '${data}.new' (FORMAT parquet, ROW_GROUP_SIZE 3000)`, { file: data });
    await rename(`${data}.new`, data);
    const a = await evaluate(v21.dir, v21.files);
    const b = await evaluate(v30.dir, v30.files);
    expect(b.episodes.map((e) => e.length)).toEqual(Array(27).fill(5000));
    expect(perEpisode(b)).toEqual(perEpisode(a));
  }, 60_000);

  it('analyses an even sample of the episodes when episode_sample is set', async () => {
    const v30 = await generate('sample', { ...spec, episodes: 16, version: 'v3.0', episodesPerFile: 4 });
    const report = await evaluate(v30.dir, v30.files, { episode_sample: 4 });
    expect(report.episodes.map((e) => e.episodeIndex)).toEqual([0, 5, 10, 15]);
    expect(report.summary).toEqual(expect.objectContaining({ episodesTotal: 16, episodesAnalysed: 4 }));
    expect(report.summary.notes).toEqual(expect.arrayContaining([expect.stringContaining('sample of 4 of 16')]));
  });

  it.each(['v2.1', 'v3.0'] as const)('%s: reads a null list, a null element and a short list as NaN, like NaN stored in the file', async (version) => {
    const state = column('observation.state');
    const each = (element: string) => `list_transform(range(1, 5), d -> ${element})::FLOAT[]`;
    const layout: DatasetSpec = { ...spec, version, ...(version === 'v3.0' ? { episodesPerFile: 5 } : {}) };
    const withNulls = await generate(`nulls-${version}`, layout);
    const withNaN = await generate(`nan-${version}`, layout);
    await new EpisodeRewriter(withNulls.dir).rewrite(2, {
      'observation.state': `CASE frame_index WHEN 100 THEN NULL WHEN 101 THEN ${each(`CASE WHEN d = 2 THEN NULL ELSE ${state}[d] END`)} WHEN 102 THEN ${state}[1:3] ELSE ${state} END`,
    });
    await new EpisodeRewriter(withNaN.dir).rewrite(2, {
      'observation.state': `CASE frame_index WHEN 100 THEN ${each(`'NaN'::FLOAT`)} WHEN 101 THEN ${each(`CASE WHEN d = 2 THEN 'NaN'::FLOAT ELSE ${state}[d] END`)} WHEN 102 THEN ${each(`CASE WHEN d = 4 THEN 'NaN'::FLOAT ELSE ${state}[d] END`)} ELSE ${state} END`,
    });
    const [nulls, nan] = await Promise.all([withNulls, withNaN].map((written) => evaluate(written.dir, written.files)));
    expect(nan.episodes[2].metrics.non_finite).toBeGreaterThan(0);
    expect(perEpisode(nulls)).toEqual(perEpisode(nan));
  });

  it('reports a missing and an unreadable data file on their episodes and reads the rest', async () => {
    const { dir, files } = await generate('broken', spec);
    await writeFile(join(dir, 'data/chunk-000/episode_000004.parquet'), 'not parquet at all');
    const listed = files.filter((path) => path !== 'data/chunk-000/episode_000007.parquet');
    const report = await evaluate(dir, listed);
    const hard = (index: number) => report.episodes[index].reasons.filter((r) => r.level === EvidenceLevel.Hard).map((r) => r.message);
    expect(hard(4)).toEqual([expect.stringMatching(/^No rows of this episode were read: data\/chunk-000\/episode_000004\.parquet could not be read/)]);
    expect(hard(7)).toEqual([expect.stringContaining('the file is not in the repository')]);
    expect(report.episodes[4].metrics.jerk).toBeNull();
    expect(report.episodes[4].notApplicable.jerk).toContain('could not be read');
    expect(report.episodes.filter((e) => e.verdict === 'EXCLUDE').map((e) => e.episodeIndex)).toEqual([4, 7]);
    expect(report.summary.framesAnalysed).toBe(report.episodes.filter((e) => e.episodeIndex !== 4 && e.episodeIndex !== 7).reduce((sum, e) => sum + e.length, 0));
  });
});
