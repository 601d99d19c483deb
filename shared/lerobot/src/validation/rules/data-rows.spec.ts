import { folderRepo, generate, rewrite, editJson, editLines, validateFolder, finding } from '../../testing/dataset-folders';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Severity } from '@robokit/api';
import { DatasetSpec } from '@robokit/testing';
import { query } from '../../duckdb';
import { openDataset } from '../../open-dataset';
import { FindingCollector } from '../findings';
import { checkData } from './data';

// Generated datasets with one defect injected at a known place (parquet rewritten by DuckDB, jsonl edited).
const V2 = (episode: number) => `data/chunk-000/episode_${String(episode).padStart(6, '0')}.parquet`;
const V3 = (file: number) => `data/chunk-000/file-${String(file).padStart(3, '0')}.parquet`;
// Episodes 0, 1, 2 of 40, 50 and 30 frames (index 0–39, 40–89, 90–119); v3.0: episodes 0 and 1 in file-000, 2 in file-001.
const v21: DatasetSpec = { version: 'v2.1', episodes: 3, episodeLength: [40, 50, 30] };
const v30: DatasetSpec = { version: 'v3.0', episodes: 3, episodeLength: [40, 50, 30], episodesPerFile: 2 };

describe('data rule: clean generated datasets', () => {
  it.each(['v2.0', 'v2.1', 'v3.0'] as const)('%s yields no finding at all', async (version) => {
    const dir = await generate({ version, episodes: 4, episodeLength: { min: 30, max: 90 }, joints: 7, seed: 5, ...(version === 'v3.0' ? { episodesPerFile: 3 } : {}) });
    const report = await validateFolder(dir);
    expect(report.findings).toEqual([]);
  });

  it('reports progress once per data file, up to 1', async () => {
    const dir = await generate(v21);
    const { files, listing } = folderRepo(dir);
    const fractions: number[] = [];
    await checkData({ dataset: await openDataset(files), files, listing, findings: new FindingCollector(), options: { checkVideos: false }, progress: async (fraction) => void fractions.push(fraction) });
    expect(fractions).toEqual([1 / 3, 2 / 3, 1]);
  });
});

describe('data rule: rows of each episode', () => {
  it('v2.1: a timestamp gap is an error, classified, at the frames where it happens', async () => {
    const dir = await generate(v21);
    await rewrite(dir, V2(1), `SELECT * REPLACE (CASE WHEN frame_index >= 20 THEN "timestamp" + 2.0 / 30 ELSE "timestamp" END::FLOAT AS "timestamp") FROM t`);
    const sync = finding(await validateFolder(dir), 'TIMESTAMP_SYNC');
    expect(sync).toEqual(expect.objectContaining({ severity: Severity.Error, occurrences: 1 }));
    expect(sync.locations).toEqual([{ file: V2(1), episode: 1, frames: [19, 20], feature: 'timestamp' }]);
    expect(sync.message).toContain('a gap (dropped frames)');
    expect(sync.message).toContain('1 gap');
  });

  it('v3.0: a duplicated timestamp is a warning (LeRobot v3 no longer checks), counted with the gap after it', async () => {
    const dir = await generate(v30);
    await rewrite(dir, V3(0), `SELECT * REPLACE (CASE WHEN episode_index = 1 AND frame_index = 10 THEN 9.0 / 30 ELSE "timestamp" END::FLOAT AS "timestamp") FROM t`);
    const sync = finding(await validateFolder(dir), 'TIMESTAMP_SYNC');
    expect(sync).toEqual(expect.objectContaining({ severity: Severity.Warning, occurrences: 2 }));
    expect(sync.locations).toEqual([{ file: V3(0), episode: 1, frames: [9, 10], feature: 'timestamp' }]);
    expect(sync.message).toMatch(/a duplicate timestamp.*1 duplicate, 1 gap/);
  });

  it('an episode that does not start at timestamp 0 is a warning at frame 0', async () => {
    const dir = await generate(v21);
    await rewrite(dir, V2(2), `SELECT * REPLACE (("timestamp" + 0.5)::FLOAT AS "timestamp") FROM t`);
    const report = await validateFolder(dir);
    expect(finding(report, 'TIMESTAMP_START')).toEqual(expect.objectContaining({ severity: Severity.Warning, occurrences: 1, locations: [{ file: V2(2), episode: 2, frames: [0, 0], feature: 'timestamp' }] }));
    expect(report.findings.map((f) => f.code)).not.toContain('TIMESTAMP_SYNC');
  });

  it('frame_index out of row order: the first break and the rows out of place', async () => {
    const dir = await generate(v21);
    await rewrite(dir, V2(0), `SELECT * REPLACE (CASE WHEN frame_index BETWEEN 10 AND 12 THEN frame_index + 100 ELSE frame_index END AS frame_index) FROM t`);
    const frames = finding(await validateFolder(dir), 'FRAME_INDEX_MISMATCH');
    // Two breaks: 9 → 110 at frame 10, and 112 → 13 at frame 13.
    expect(frames).toEqual(expect.objectContaining({ severity: Severity.Error, occurrences: 2, locations: [{ file: V2(0), episode: 0, frames: [9, 10], feature: 'frame_index' }] }));
    expect(frames.message).toContain('frame_index 110 where 10 follows');
  });

  it('rows against the metadata length: the frames beyond it', async () => {
    const dir = await generate(v21);
    editLines(dir, 'meta/episodes.jsonl', (row) => {
      if (row.episode_index === 1) row.length = 48;
    });
    const length = finding(await validateFolder(dir), 'EPISODE_LENGTH_MISMATCH');
    expect(length).toEqual(expect.objectContaining({ severity: Severity.Error, occurrences: 1, locations: [{ file: V2(1), episode: 1, frames: [48, 49] }] }));
    expect(length.message).toContain('has 50 rows');
  });

  it('v2.1: rows of another episode inside an episode file', async () => {
    const dir = await generate(v21);
    await rewrite(dir, V2(2), `SELECT * REPLACE (CASE WHEN frame_index >= 25 THEN 1 ELSE episode_index END AS episode_index) FROM t`);
    const report = await validateFolder(dir);
    const foreign = finding(report, 'EPISODE_ROWS_MISPLACED');
    expect(foreign).toEqual(expect.objectContaining({ severity: Severity.Error, occurrences: 5, locations: [{ file: V2(2), episode: 2, frames: [25, 29] }] }));
    expect(foreign.message).toContain('holds 5 row(s) (file rows 25–29) of episode 1');
    expect(finding(report, 'EPISODE_LENGTH_MISMATCH').locations).toEqual([{ file: V2(2), episode: 2, frames: [25, 29] }]);
  });

  it('v3.0: an episode whose rows are not in the file its metadata names', async () => {
    const dir = await generate(v30);
    await rewrite(dir, 'meta/episodes/chunk-000/file-000.parquet', `SELECT * REPLACE (CASE WHEN episode_index = 1 THEN 1 ELSE "data/file_index" END AS "data/file_index") FROM t`);
    const report = await validateFolder(dir);
    expect(finding(report, 'EPISODE_ROWS_MISPLACED')).toEqual(expect.objectContaining({ severity: Severity.Error, occurrences: 50, locations: [{ file: V3(0), episode: 1, frames: [0, 49] }] }));
    expect(finding(report, 'EPISODE_LENGTH_MISMATCH').locations).toEqual([{ file: V3(1), episode: 1, frames: [0, 49] }]);
  });

  it('v3.0: rows of two episodes interleaved in a file', async () => {
    const dir = await generate(v30);
    await rewrite(dir, V3(0), `SELECT * REPLACE (CASE "index" WHEN 39 THEN 1 WHEN 40 THEN 0 ELSE episode_index END AS episode_index) FROM t`);
    const report = await validateFolder(dir);
    const mixed = finding(report, 'EPISODE_ROWS_INTERLEAVED');
    expect(mixed).toEqual(expect.objectContaining({ severity: Severity.Error, occurrences: 2 }));
    expect(mixed.locations).toEqual([
      { file: V3(0), episode: 0, frames: [0, 39] },
      { file: V3(0), episode: 1, frames: [0, 49] },
    ]);
    // index still runs 0…119 in storage order: only the episodes are mixed.
    expect(report.findings.map((f) => f.code)).not.toContain('INDEX_NOT_CONTIGUOUS');
  });

  it('v3.0: index values outside [dataset_from_index, dataset_to_index)', async () => {
    const dir = await generate(v30);
    await rewrite(dir, V3(0), `SELECT * REPLACE (CASE WHEN episode_index = 1 THEN "index" + 1000 ELSE "index" END AS "index") FROM t`);
    const report = await validateFolder(dir);
    const range = finding(report, 'EPISODE_INDEX_RANGE');
    expect(range).toEqual(expect.objectContaining({ severity: Severity.Error, occurrences: 1, locations: [{ file: V3(0), episode: 1, frames: [0, 49], feature: 'index' }] }));
    expect(range.message).toContain('carry index 1040–1089, but its metadata range is [40, 90)');
  });

  it('task_index values missing from the task table', async () => {
    const dir = await generate(v21);
    await rewrite(dir, V2(0), `SELECT * REPLACE (CASE WHEN frame_index BETWEEN 5 AND 7 THEN 7 ELSE task_index END AS task_index) FROM t`);
    const tasks = finding(await validateFolder(dir), 'TASK_INDEX_UNKNOWN');
    expect(tasks).toEqual(expect.objectContaining({ severity: Severity.Error, occurrences: 3, locations: [{ file: V2(0), episode: 0, frames: [5, 7], feature: 'task_index' }] }));
    expect(tasks.message).toContain('task_index (7)');
  });
});

describe('data rule: the dataset as a whole', () => {
  it('global index: a jump inside a file and the boundary to the next file', async () => {
    const dir = await generate(v21);
    await rewrite(dir, V2(1), `SELECT * REPLACE (CASE WHEN frame_index >= 30 THEN "index" + 5 ELSE "index" END AS "index") FROM t`);
    const index = finding(await validateFolder(dir), 'INDEX_NOT_CONTIGUOUS');
    expect(index).toEqual(expect.objectContaining({ severity: Severity.Error, occurrences: 2 }));
    expect(index.locations).toEqual([
      { file: V2(1), episode: 1, frames: [29, 30], feature: 'index' },
      { file: V2(2), episode: 2, frames: [0, 0], feature: 'index' },
    ]);
    expect(index.message).toContain('index jumps from 69 to 75 at row 30 of data/chunk-000/episode_000001.parquet (frame 30 of episode 1)');
  });

  it('a parquet under data/ that no episode names: its rows belong to no episode', async () => {
    const dir = await generate(v21);
    await rewrite(dir, V2(2), 'SELECT * REPLACE (3 AS episode_index, "index" + 30 AS "index") FROM t');
    renameSync(join(dir, V2(2)), join(dir, V2(3)));
    await generate(v21).then((fresh) => writeFileSync(join(dir, V2(2)), readFileSync(join(fresh, V2(2)))));
    const report = await validateFolder(dir);
    expect(finding(report, 'DATA_EPISODE_UNKNOWN')).toEqual(expect.objectContaining({ severity: Severity.Error, occurrences: 30, locations: [{ file: V2(3), episode: 3, frames: [0, 29] }] }));
    expect(finding(report, 'DATA_ROWS_MISMATCH').message).toContain('hold 150 rows');
  });

  it('rows in the data files against info.json total_frames', async () => {
    const dir = await generate(v30);
    editJson(dir, 'meta/info.json', (info) => void (info.total_frames = 125));
    const rows = finding(await validateFolder(dir), 'DATA_ROWS_MISMATCH');
    expect(rows).toEqual(expect.objectContaining({ severity: Severity.Error, occurrences: 1, locations: [{ file: 'meta/info.json' }] }));
    expect(rows.message).toContain('hold 120 rows');
  });

  it('an unreadable data file is one finding, and the other files are still checked', async () => {
    const dir = await generate(v21);
    writeFileSync(join(dir, V2(1)), readFileSync(join(dir, V2(1))).subarray(0, 900));
    await rewrite(dir, V2(2), `SELECT * REPLACE (CASE WHEN frame_index >= 20 THEN "timestamp" + 2.0 / 30 ELSE "timestamp" END::FLOAT AS "timestamp") FROM t`);
    const report = await validateFolder(dir);
    expect(finding(report, 'DATA_FILE_UNREADABLE')).toEqual(expect.objectContaining({ severity: Severity.Error, occurrences: 1, locations: [{ file: V2(1), episode: 1 }] }));
    expect(finding(report, 'TIMESTAMP_SYNC').locations).toEqual([{ file: V2(2), episode: 2, frames: [19, 20], feature: 'timestamp' }]);
    // The rows of the unreadable file are unknown: no index or total-row finding follows from it.
    expect(report.findings.map((f) => f.code)).not.toContain('INDEX_NOT_CONTIGUOUS');
    expect(report.findings.map((f) => f.code)).not.toContain('DATA_ROWS_MISMATCH');
  });

  it('a file whose footer reads but whose pages are corrupt is told apart from the files scanned with it', async () => {
    const dir = await generate(v21);
    const file = join(dir, V2(1));
    const [chunk] = await query(`SELECT data_page_offset, total_compressed_size FROM parquet_metadata($file) WHERE path_in_schema LIKE 'action%'`, { file });
    const bytes = readFileSync(file);
    bytes.fill(0xff, Number(chunk.data_page_offset) + 20, Number(chunk.data_page_offset) + Number(chunk.total_compressed_size) - 4);
    writeFileSync(file, bytes);
    const report = await validateFolder(dir);
    expect(report.findings.map((f) => f.code)).toEqual(['DATA_FILE_UNREADABLE']);
    expect(finding(report, 'DATA_FILE_UNREADABLE').locations).toEqual([{ file: V2(1), episode: 1 }]);
  });
});
