import { generate, rewrite, editJson, editLines, validateFolder, finding } from '../../testing/dataset-folders';
import { Severity } from '@robokit/api';
import { DatasetSpec } from '@robokit/testing';
import { moments } from '../../scan/moments';
import { withinTolerance } from '../../stats-tolerance';

// Generated datasets with one defect injected at a known place (parquet rewritten by DuckDB, jsonl edited).
const V2 = (episode: number) => `data/chunk-000/episode_${String(episode).padStart(6, '0')}.parquet`;
const V3 = (file: number) => `data/chunk-000/file-${String(file).padStart(3, '0')}.parquet`;
// Episodes 0, 1, 2 of 40, 50 and 30 frames (index 0–39, 40–89, 90–119); v3.0: episodes 0 and 1 in file-000, 2 in file-001.
const v21: DatasetSpec = { version: 'v2.1', episodes: 3, episodeLength: [40, 50, 30] };
const v30: DatasetSpec = { version: 'v3.0', episodes: 3, episodeLength: [40, 50, 30], episodesPerFile: 2 };


describe('data rule: columns against info.json', () => {
  it('a declared column missing from one file is an error for that file only', async () => {
    const dir = await generate(v21);
    await rewrite(dir, V2(1), 'SELECT * EXCLUDE (task_index) FROM t');
    const report = await validateFolder(dir);
    expect(finding(report, 'DATA_COLUMN_MISSING')).toEqual(expect.objectContaining({ severity: Severity.Error, occurrences: 1, locations: [{ file: V2(1), feature: 'task_index' }] }));
    expect(report.findings.map((f) => f.code)).toEqual(['DATA_COLUMN_MISSING']);
  });

  it.each([
    ['v2.1', v21, V2(1)],
    ['v3.0', v30, V3(0)],
  ])('%s: a file without episode_index gets the missing-column finding and no other', async (_, spec, path) => {
    const dir = await generate(spec);
    await rewrite(dir, path, 'SELECT * EXCLUDE (episode_index) FROM t');
    const report = await validateFolder(dir);
    expect(report.findings.map((f) => f.code)).toEqual(['DATA_COLUMN_MISSING']);
    expect(finding(report, 'DATA_COLUMN_MISSING').locations).toEqual([{ file: path, feature: 'episode_index' }]);
  });

  it('a column info.json does not declare is a warning', async () => {
    const dir = await generate(v21);
    await rewrite(dir, V2(2), `SELECT *, 1.5::FLOAT AS "observation.extra" FROM t`);
    const report = await validateFolder(dir);
    expect(finding(report, 'DATA_COLUMN_UNDECLARED')).toEqual(expect.objectContaining({ severity: Severity.Warning, occurrences: 1, locations: [{ file: V2(2), feature: 'observation.extra' }] }));
    expect(report.findings.map((f) => f.code)).toEqual(['DATA_COLUMN_UNDECLARED']);
  });

  it('v3.0: a scalar where a vector is declared is an error, and its stats are not compared', async () => {
    const dir = await generate(v30);
    await rewrite(dir, V3(1), 'SELECT * REPLACE (action[1] AS action) FROM t');
    const report = await validateFolder(dir);
    const type = finding(report, 'DATA_COLUMN_TYPE');
    expect(type).toEqual(expect.objectContaining({ severity: Severity.Error, occurrences: 1, locations: [{ file: V3(1), feature: 'action' }] }));
    expect(type.message).toContain('is FLOAT, but info.json declares float32 with shape [6] (expected FLOAT[] of shape [6])');
    expect(report.findings.map((f) => f.code)).toEqual(['DATA_COLUMN_TYPE']);
  });

  it('float64 values for a float32 feature are a warning (LeRobot casts them)', async () => {
    const dir = await generate(v21);
    await rewrite(dir, V2(0), `SELECT * REPLACE ("observation.state"::DOUBLE[] AS "observation.state") FROM t`);
    const report = await validateFolder(dir);
    expect(finding(report, 'DATA_COLUMN_DTYPE')).toEqual(expect.objectContaining({ severity: Severity.Warning, occurrences: 1, locations: [{ file: V2(0), feature: 'observation.state' }] }));
    expect(report.findings.map((f) => f.code)).toEqual(['DATA_COLUMN_DTYPE']);
  });

  it('v3.0: vector rows whose length is not the declared shape, located in their episode', async () => {
    const dir = await generate(v30);
    await rewrite(dir, V3(0), 'SELECT * REPLACE (CASE WHEN episode_index = 1 AND frame_index BETWEEN 5 AND 7 THEN action[1:5] ELSE action END AS action) FROM t');
    const length = finding(await validateFolder(dir), 'DATA_VECTOR_LENGTH');
    expect(length).toEqual(expect.objectContaining({ severity: Severity.Error, occurrences: 3, locations: [{ file: V3(0), episode: 1, frames: [5, 7], feature: 'action' }] }));
    expect(length.message).toContain('the first, at frame 5, has 5 values');
  });
});

describe('data rule: features beyond vectors', () => {
  it('a [2, 3] array and a bool: inner lengths and NaN are checked per row, and their stats are expected in stats.json', async () => {
    const dir = await generate({ ...v21, version: 'v2.0' });
    editJson(dir, 'meta/info.json', (info) => {
      const features = info.features as Record<string, unknown>;
      features['observation.pointcloud'] = { dtype: 'float32', shape: [2, 3], names: null };
      features['next.done'] = { dtype: 'bool', shape: [1], names: null };
    });
    for (const episode of [0, 1, 2]) {
      const cloud =
        episode === 0
          ? `CASE frame_index WHEN 3 THEN [[0, 1, 2], [3, 4]] WHEN 5 THEN [[0, 'NaN'::FLOAT, 2], [3, 4, 5]] ELSE [[frame_index, 1, 2], [3, 4, 5]] END`
          : '[[frame_index, 1, 2], [3, 4, 5]]';
      await rewrite(dir, V2(episode), `SELECT *, (${cloud})::FLOAT[][] AS "observation.pointcloud", frame_index % 7 = 0 AS "next.done" FROM t`);
    }
    const report = await validateFolder(dir);
    expect(finding(report, 'DATA_VECTOR_LENGTH')).toEqual(expect.objectContaining({ occurrences: 1, locations: [{ file: V2(0), episode: 0, frames: [3, 3], feature: 'observation.pointcloud' }] }));
    expect(finding(report, 'NON_FINITE_VALUES')).toEqual(expect.objectContaining({ occurrences: 1, locations: [{ file: V2(0), episode: 0, frames: [5, 5], feature: 'observation.pointcloud' }] }));
    // The point cloud's stats are not comparable (NaN); the bool's are recomputed and stats.json lacks them.
    expect(finding(report, 'STATS_FEATURE_MISSING').locations).toEqual([{ file: 'meta/stats.json', feature: 'next.done' }]);
    expect(report.findings.map((f) => f.code).sort()).toEqual(['DATA_VECTOR_LENGTH', 'NON_FINITE_VALUES', 'STATS_FEATURE_MISSING']);
  });
});

describe('data rule: NaN and Inf', () => {
  it('v2.1: NaN in one dimension, with its frames and the dimension name; the stats of the feature are not compared', async () => {
    const dir = await generate(v21);
    const nan = `list_concat("observation.state"[1:2], ['NaN'::FLOAT], "observation.state"[4:])`;
    await rewrite(dir, V2(1), `SELECT * REPLACE (CASE WHEN frame_index IN (10, 12) THEN ${nan} ELSE "observation.state" END AS "observation.state") FROM t`);
    const report = await validateFolder(dir);
    const nonFinite = finding(report, 'NON_FINITE_VALUES');
    expect(nonFinite).toEqual(expect.objectContaining({ severity: Severity.Error, occurrences: 2, locations: [{ file: V2(1), episode: 1, frames: [10, 12], feature: 'observation.state' }] }));
    expect(nonFinite.message).toContain('NaN/Inf values in 2 frame(s) between frames 10 and 12 (dimension 2 ("joint_2"))');
    expect(report.findings.map((f) => f.code)).toEqual(['NON_FINITE_VALUES']);
  });

  it('v3.0: +Inf in a vector of an episode that shares its file', async () => {
    const dir = await generate(v30);
    const inf = `list_concat(['Infinity'::FLOAT], action[2:])`;
    await rewrite(dir, V3(0), `SELECT * REPLACE (CASE WHEN episode_index = 1 AND frame_index = 0 THEN ${inf} ELSE action END AS action) FROM t`);
    const report = await validateFolder(dir);
    expect(finding(report, 'NON_FINITE_VALUES')).toEqual(expect.objectContaining({ occurrences: 1, locations: [{ file: V3(0), episode: 1, frames: [0, 0], feature: 'action' }] }));
    // meta/stats.json cannot be compared for action either (its aggregate would include the Inf).
    expect(report.findings.map((f) => f.code)).toEqual(['NON_FINITE_VALUES']);
  });
});

describe('data rule: stored stats against the frames', () => {
  it('v2.1: a per-episode mean off by more than the tolerance', async () => {
    const dir = await generate(v21);
    editLines(dir, 'meta/episodes_stats.jsonl', (row) => {
      const stats = row.stats as Record<string, Record<string, number[]>>;
      if (row.episode_index === 1) stats.action.mean[3] += 1;
    });
    const report = await validateFolder(dir);
    const mismatch = finding(report, 'STATS_MISMATCH');
    expect(mismatch).toEqual(expect.objectContaining({ severity: Severity.Warning, occurrences: 1, locations: [{ file: 'meta/episodes_stats.jsonl', episode: 1, feature: 'action' }] }));
    expect(mismatch.message).toContain('the stored mean of action[3] ("joint_3")');
    expect(report.findings.map((f) => f.code)).toEqual(['STATS_MISMATCH']);
  });

  it('v2.1: a count that is not the episode length, and a feature without stats', async () => {
    const dir = await generate(v21);
    editLines(dir, 'meta/episodes_stats.jsonl', (row) => {
      const stats = row.stats as Record<string, Record<string, number[]>>;
      if (row.episode_index === 2) stats['observation.state'].count = [31];
      if (row.episode_index === 0) delete stats.timestamp;
    });
    const report = await validateFolder(dir);
    expect(finding(report, 'STATS_COUNT_MISMATCH')).toEqual(expect.objectContaining({ severity: Severity.Warning, occurrences: 1, locations: [{ file: 'meta/episodes_stats.jsonl', episode: 2, feature: 'observation.state' }] }));
    expect(finding(report, 'STATS_FEATURE_MISSING')).toEqual(expect.objectContaining({ severity: Severity.Warning, occurrences: 1, locations: [{ file: 'meta/episodes_stats.jsonl', episode: 0, feature: 'timestamp' }] }));
  });

  it('v3.0: a doubled per-episode std in meta/episodes, every dimension counted', async () => {
    const dir = await generate(v30);
    const column = '"stats/observation.state/std"';
    await rewrite(dir, 'meta/episodes/chunk-000/file-000.parquet', `SELECT * REPLACE (CASE WHEN episode_index = 1 THEN list_transform(${column}, x -> x * 2) ELSE ${column} END AS ${column}) FROM t`);
    const report = await validateFolder(dir);
    expect(finding(report, 'STATS_MISMATCH')).toEqual(expect.objectContaining({ severity: Severity.Warning, occurrences: 6, locations: [{ file: 'meta/episodes', episode: 1, feature: 'observation.state' }] }));
    expect(report.findings.map((f) => f.code)).toEqual(['STATS_MISMATCH']);
  });

  it('v3.0: meta/stats.json against the aggregate of the episodes, and a feature it lacks', async () => {
    const dir = await generate(v30);
    editJson(dir, 'meta/stats.json', (stats) => {
      (stats.action as Record<string, number[]>).max[0] += 10;
      delete stats.index;
    });
    const report = await validateFolder(dir);
    const mismatch = finding(report, 'STATS_MISMATCH');
    expect(mismatch).toEqual(expect.objectContaining({ severity: Severity.Warning, occurrences: 1, locations: [{ file: 'meta/stats.json', feature: 'action' }] }));
    expect(mismatch.message).toContain('meta/stats.json: the stored max of action[0] ("joint_0")');
    expect(finding(report, 'STATS_FEATURE_MISSING').locations).toEqual([{ file: 'meta/stats.json', feature: 'index' }]);
  });

  it('v2.0: meta/stats.json std against the frames', async () => {
    const dir = await generate({ ...v21, version: 'v2.0' });
    editJson(dir, 'meta/stats.json', (stats) => void ((stats['observation.state'] as Record<string, number[]>).std[1] *= 1.5));
    const report = await validateFolder(dir);
    expect(finding(report, 'STATS_MISMATCH')).toEqual(expect.objectContaining({ occurrences: 1, locations: [{ file: 'meta/stats.json', feature: 'observation.state' }] }));
    expect(report.findings.map((f) => f.code)).toEqual(['STATS_MISMATCH']);
  });
});

/** LeRobot's float32 arithmetic, reproduced: NumPy sums a (rows × dims) float32 array row by row. */
function float32Stats(values: number[]) {
  const f = Math.fround;
  let sum = 0;
  let squares = 0;
  for (const value of values) {
    sum = f(sum + f(value));
    squares = f(squares + f(f(value) * f(value)));
  }
  const mean = f(sum / values.length);
  let deviations = 0;
  for (const value of values) deviations = f(deviations + f(f(f(value) - mean) ** 2));
  return {
    mean,
    twoPassStd: f(Math.sqrt(f(deviations / values.length))), // np.std (LeRobot ≤ 0.3)
    onePassStd: f(Math.sqrt(Math.max(0, f(f(squares / values.length) - f(mean * mean))))), // RunningQuantileStats (≥ 0.4)
  };
}

function truthOf(values: number[]) {
  const exact = values.map(Math.fround);
  const mean = exact.reduce((a, b) => a + b, 0) / exact.length;
  const std = Math.sqrt(exact.reduce((a, b) => a + (b - mean) ** 2, 0) / exact.length);
  return moments(exact.length, Math.min(...exact), Math.max(...exact), mean, std);
}

describe('stats tolerance', () => {
  const u = 2 ** -24;

  it('accepts LeRobot float32 artefacts: std 6e-3 for a constant 0.7 over 5,000 frames', () => {
    const values = Array.from({ length: 5000 }, () => 0.7);
    const stored = float32Stats(values);
    expect(stored.onePassStd).toBeGreaterThan(5e-3);
    const input = { truth: truthOf(values), storedMean: stored.mean, u, n: 5000 };
    expect(withinTolerance('mean', stored.mean, input)).toBe(true);
    expect(withinTolerance('std', stored.onePassStd, input)).toBe(true);
    expect(withinTolerance('std', 0.05, input)).toBe(false);
  });

  it('accepts a std of 0 where the float64 value is 3.8e-4 (cancellation in float32)', () => {
    const values = Array.from({ length: 5000 }, (_, i) => 50 + 3.8e-4 * Math.sin(i));
    const truth = truthOf(values);
    expect(Math.sqrt(truth.m2 / truth.n)).toBeGreaterThan(2e-4);
    expect(withinTolerance('std', 0, { truth, storedMean: float32Stats(values).mean, u, n: 5000 })).toBe(true);
  });

  it('accepts both generations of LeRobot std on moving data, rejects 1 % off', () => {
    const values = Array.from({ length: 5000 }, (_, i) => 40 + 25 * Math.sin(i / 300) + Math.cos(i));
    const stored = float32Stats(values);
    const input = { truth: truthOf(values), storedMean: stored.mean, u, n: 5000 };
    expect(withinTolerance('std', stored.twoPassStd, input)).toBe(true);
    expect(withinTolerance('std', stored.onePassStd, input)).toBe(true);
    expect(withinTolerance('std', stored.twoPassStd * 1.01, input)).toBe(false);
    expect(withinTolerance('mean', stored.mean + 0.1, input)).toBe(false);
  });

  it('is exact for integer columns up to 1e-3 of the range', () => {
    const truth = moments(100, 0, 99, 49.5, Math.sqrt((100 * 100 - 1) / 12));
    const input = { truth, storedMean: 49.5, u: 2 ** -53, n: 100 };
    expect(withinTolerance('max', 99, input)).toBe(true);
    expect(withinTolerance('max', 99.2, input)).toBe(false);
    expect(withinTolerance('mean', 49.59, input)).toBe(true);
  });
});
