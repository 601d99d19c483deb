import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { query, sqlColumn, sqlFiles, sqlString, type Row } from './duckdb-query';
import { writeLeRobotDataset, type DatasetSpec, type GeneratedDataset } from './index';
import { estimateNumSamples } from './stats';
import { formatTemplate } from './template';

/**
 * Every version read back as a LeRobot reader would (JSON, jsonl, DuckDB, ffprobe) and checked against the
 * invariants of the format doc §7.5: totals, storage order, episode ranges, tasks, stats against the data and
 * videos against the metadata.
 */

jest.setTimeout(60_000);

const root = mkdtempSync(join(tmpdir(), 'robokit-factory-read-back-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const generate = (spec: DatasetSpec): Promise<GeneratedDataset> => writeLeRobotDataset(join(root, `ds-${counter++}`), spec);

const CAMERA = { key: 'observation.images.top', width: 32, height: 24 };
const base: DatasetSpec = {
  episodes: 5,
  episodeLength: { min: 15, max: 45 },
  joints: 4,
  tasks: ['Pick the cube', 'Stack the blocks'],
  cameras: [CAMERA],
  seed: 11,
};

interface EpisodeView {
  index: number;
  length: number;
  tasks: string[];
  /** Global row range of the episode (v3: from the metadata; v2: cumulative lengths, as LeRobot builds it). */
  from: number;
  to: number;
  /** Data file the episode's rows must be in. */
  dataFile: string;
  /** v3 only: per camera, the mp4 and the episode's segment in it. */
  videos: Record<string, { file: string; from: number; to: number }>;
}

interface DatasetView {
  info: Row;
  tasks: string[];
  episodes: EpisodeView[];
  /** All frame rows in storage order (data files in sorted path order), with the file they came from. */
  rows: Row[];
  /** Per-episode stats (v2.1: episodes_stats.jsonl, v3.0: stats/* columns), else null. */
  episodeStats: Record<string, Record<string, any>>[] | null;
  /** meta/stats.json (v2.0, v3.0), else null. */
  stats: Record<string, Record<string, any>> | null;
}

const text = (ds: GeneratedDataset, path: string): string => readFileSync(join(ds.dir, path), 'utf8');
const jsonl = (ds: GeneratedDataset, path: string): Row[] => text(ds, path).split('\n').filter(Boolean).map((l) => JSON.parse(l));
const files = (ds: GeneratedDataset, pattern: RegExp): string[] => ds.files.filter((f) => pattern.test(f)).sort();

async function readRows(ds: GeneratedDataset, dataFiles: string[]): Promise<Row[]> {
  const paths = dataFiles.map((f) => join(ds.dir, f));
  const rows = await query(`SELECT *, filename FROM read_parquet(${sqlFiles(paths)}, filename=true, file_row_number=true) ORDER BY filename, file_row_number`);
  return rows.map(({ filename, file_row_number, ...row }) => ({ ...row, _file: (filename as string).slice(ds.dir.length + 1) }));
}

async function readV2(ds: GeneratedDataset): Promise<DatasetView> {
  const info = ds.info as Row;
  const tasks = jsonl(ds, 'meta/tasks.jsonl').sort((a, b) => a.task_index - b.task_index).map((t) => t.task);
  let from = 0;
  const episodes = jsonl(ds, 'meta/episodes.jsonl')
    .sort((a, b) => a.episode_index - b.episode_index)
    .map((e): EpisodeView => {
      const chunk = Math.floor(e.episode_index / info.chunks_size);
      const view = {
        index: e.episode_index,
        length: e.length,
        tasks: e.tasks,
        from,
        to: from + e.length,
        dataFile: formatTemplate(info.data_path, { episode_chunk: chunk, episode_index: e.episode_index }),
        videos: {},
      };
      from += e.length;
      return view;
    });
  const v21 = info.codebase_version === 'v2.1';
  return {
    info,
    tasks,
    episodes,
    rows: await readRows(ds, files(ds, /^data\/.*\.parquet$/)),
    episodeStats: v21 ? jsonl(ds, 'meta/episodes_stats.jsonl').map((s) => s.stats) : null,
    stats: v21 ? null : JSON.parse(text(ds, 'meta/stats.json')),
  };
}

async function readV3(ds: GeneratedDataset): Promise<DatasetView> {
  const info = ds.info as Row;
  const tasksPath = sqlString(join(ds.dir, 'meta/tasks.parquet'));
  // The task strings are the pandas index: the column the `pandas` metadata names in index_columns.
  const [pandas] = await query(`SELECT decode(value) AS value FROM parquet_kv_metadata(${tasksPath}) WHERE decode(key) = 'pandas'`);
  const indexColumn = JSON.parse(pandas.value).index_columns[0];
  const tasks = (await query(`SELECT task_index, ${sqlColumn(indexColumn)} AS task FROM ${tasksPath}`)).map((t, i) => {
    expect(t.task_index).toBe(i); // LeRobot looks tasks up by row position
    return t.task as string;
  });
  const episodeFiles = files(ds, /^meta\/episodes\/.*\.parquet$/).map((f) => join(ds.dir, f));
  const metadata = await query(`SELECT * FROM read_parquet(${sqlFiles(episodeFiles)}, filename=true, file_row_number=true) ORDER BY filename, file_row_number`);
  const cameras = Object.entries(info.features).filter(([, f]: [string, any]) => f.dtype === 'video').map(([key]) => key);
  const episodes = metadata.map((m, position): EpisodeView => {
    expect(m.episode_index).toBe(position); // LeRobot indexes the episodes table by position
    // The row's own location columns name the file it is in.
    expect(m.filename).toBe(join(ds.dir, formatTemplate('meta/episodes/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet', {
      chunk_index: m['meta/episodes/chunk_index'], file_index: m['meta/episodes/file_index'],
    })));
    const videos = Object.fromEntries(cameras.map((key) => {
      const file = formatTemplate(info.video_path, { video_key: key, chunk_index: m[`videos/${key}/chunk_index`], file_index: m[`videos/${key}/file_index`] });
      return [key, { file, from: m[`videos/${key}/from_timestamp`], to: m[`videos/${key}/to_timestamp`] }];
    }));
    return {
      index: m.episode_index,
      length: m.length,
      tasks: m.tasks,
      from: m.dataset_from_index,
      to: m.dataset_to_index,
      dataFile: formatTemplate(info.data_path, { chunk_index: m['data/chunk_index'], file_index: m['data/file_index'] }),
      videos,
    };
  });
  const episodeStats = metadata.map((m) => {
    const stats: Record<string, Record<string, any>> = {};
    for (const [column, value] of Object.entries(m)) {
      const [prefix, feature, stat] = column.split('/');
      if (prefix === 'stats') (stats[feature] ??= {})[stat] = value;
    }
    return stats;
  });
  return {
    info,
    tasks,
    episodes,
    rows: await readRows(ds, files(ds, /^data\/.*\.parquet$/)),
    episodeStats,
    stats: JSON.parse(text(ds, 'meta/stats.json')),
  };
}

const read = (ds: GeneratedDataset): Promise<DatasetView> => (ds.version === 'v3.0' ? readV3(ds) : readV2(ds));

/** ffprobe's decoded frame count and every frame's presentation time. */
function probeFrames(path: string): { frames: number; times: number[] } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=pts_time', '-of', 'json', path]);
  const times = (JSON.parse(out.toString()).frames as { pts_time: string }[]).map((f) => Number(f.pts_time));
  return { frames: times.length, times };
}

const column = (rows: Row[], key: string, j: number, width: number): number[] => rows.map((r) => (width > 1 ? r[key][j] : r[key]));
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]): number => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};
const closeTo = (actual: number, expected: number, relative: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
};

type Case = [string, DatasetSpec];
const cases: Case[] = [
  ['v2.0', { ...base, version: 'v2.0' }],
  ['v2.1', { ...base, version: 'v2.1' }],
  ['v3.0', { ...base, version: 'v3.0' }],
  ['v3.0 spread over several files and chunks', { ...base, version: 'v3.0', episodes: 7, episodesPerFile: 2, chunksSize: 3, episodesPerMetadataFile: 4 }],
];

describe.each(cases)('%s read back', (_, spec) => {
  let ds: GeneratedDataset;
  let view: DatasetView;
  beforeAll(async () => {
    ds = await generate(spec);
    view = await read(ds);
  });

  it('has totals that match the files', () => {
    const { info, episodes, rows, tasks } = view;
    expect(info.codebase_version).toBe(spec.version);
    expect(info.total_episodes).toBe(episodes.length);
    expect(info.total_frames).toBe(rows.length);
    expect(info.total_frames).toBe(episodes.reduce((a, e) => a + e.length, 0));
    expect(info.total_tasks).toBe(tasks.length);
    expect(info.splits).toEqual({ train: `0:${episodes.length}` });
    expect(episodes.map((e) => e.length)).toEqual(ds.episodeLengths);
    expect(tasks).toEqual(ds.tasks);
  });

  it('stores frames in episode order with a contiguous global index', () => {
    view.rows.forEach((row, i) => expect(row.index).toBe(i));
    for (const [e, episode] of view.episodes.entries()) {
      expect(episode.index).toBe(e);
      expect(episode.to - episode.from).toBe(episode.length);
      if (e > 0) expect(episode.from).toBe(view.episodes[e - 1].to);
      const rows = view.rows.slice(episode.from, episode.to);
      rows.forEach((row, i) => {
        expect(row._file).toBe(episode.dataFile); // the rows lie in the file the metadata names
        expect(row.episode_index).toBe(e);
        expect(row.frame_index).toBe(i);
        expect(Math.abs(row.timestamp - i / view.info.fps)).toBeLessThanOrEqual(1e-4);
        expect(episode.tasks).toContain(view.tasks[row.task_index]);
      });
    }
  });

  it('has the non-video features as parquet columns, with their types and vector lengths', async () => {
    const features = Object.entries(view.info.features as Record<string, any>).filter(([, f]) => f.dtype !== 'video');
    const [first] = files(ds, /^data\/.*\.parquet$/);
    const described = await query(`DESCRIBE SELECT * FROM ${sqlString(join(ds.dir, first))}`);
    const sqlType = (f: any) => ({ float32: 'FLOAT', int64: 'BIGINT' })[f.dtype as string] + (f.shape[0] > 1 ? '[]' : '');
    expect(described.map((d) => [d.column_name, d.column_type])).toEqual(features.map(([key, f]) => [key, sqlType(f)]));
    for (const [key, f] of features) {
      if (f.shape[0] > 1) for (const row of view.rows) expect(row[key]).toHaveLength(f.shape[0]);
    }
  });

  it('stores per-episode stats that equal the data', () => {
    if (!view.episodeStats) return expect(spec.version).toBe('v2.0');
    const features = view.info.features as Record<string, any>;
    expect(view.episodeStats).toHaveLength(view.episodes.length);
    view.episodes.forEach((episode, e) => {
      const stats = view.episodeStats![e];
      expect(Object.keys(stats)).toEqual(Object.keys(features));
      const rows = view.rows.slice(episode.from, episode.to);
      for (const [key, feature] of Object.entries(features)) {
        const s = stats[key];
        const keys = ['min', 'max', 'mean', 'std', 'count'];
        expect(Object.keys(s)).toEqual(spec.version === 'v3.0' ? [...keys, 'q01', 'q10', 'q50', 'q90', 'q99'] : keys);
        if (feature.dtype === 'video') {
          expect(s.count).toEqual([estimateNumSamples(episode.length)]);
          for (const stat of ['min', 'max', 'mean', 'std']) {
            expect(s[stat].map((c: number[][]) => c[0][0]).every((v: number) => v >= 0 && v <= 1)).toBe(true);
          }
          continue;
        }
        expect(s.count).toEqual([episode.length]);
        const width = feature.shape[0];
        for (let j = 0; j < width; j++) {
          // The recorder computed timestamps from frame_index / fps before storing them as float32.
          const values = key === 'timestamp' ? rows.map((r) => r.frame_index / view.info.fps) : column(rows, key, j, width);
          expect(s.min[j]).toBe(Math.min(...values));
          expect(s.max[j]).toBe(Math.max(...values));
          closeTo(s.mean[j], mean(values), 1e-6);
          // v3.0 takes std as sqrt(E[x²] − E[x]²), in float32 for float32 features: compare variances, relative to E[x²].
          const meanOfSquares = mean(values.map((v) => v * v));
          expect(Math.abs(s.std[j] ** 2 - std(values) ** 2)).toBeLessThanOrEqual(1e-5 * Math.max(1, meanOfSquares));
          if (spec.version === 'v3.0') {
            const sorted = [...values].sort((a, b) => a - b);
            // Histogram quantiles: within one histogram bin of the empirical ones, and ordered.
            const bin = (s.max[j] - s.min[j]) / 5000 + 1e-9;
            for (const [q, p] of [['q10', 0.1], ['q50', 0.5], ['q90', 0.9]] as const) {
              const lo = sorted[Math.max(0, Math.ceil(p * sorted.length) - 2)];
              const hi = sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length))];
              expect(s[q][j]).toBeGreaterThanOrEqual(lo - bin);
              expect(s[q][j]).toBeLessThanOrEqual(hi + bin);
            }
            expect(s.q01[j]).toBeLessThanOrEqual(s.q99[j]);
          }
        }
      }
    });
  });

  it('has a meta/stats.json that matches the data (v2.0) or aggregates the episode stats (v3.0)', () => {
    if (!view.stats) return expect(spec.version).toBe('v2.1');
    const features = view.info.features as Record<string, any>;
    expect(Object.keys(view.stats).sort()).toEqual(Object.keys(features).sort());
    for (const [key, feature] of Object.entries(features)) {
      const s = view.stats[key];
      const width = feature.dtype === 'video' ? 3 : feature.shape[0];
      const at = (values: any[], j: number): number => (feature.dtype === 'video' ? values[j][0][0] : values[j]);
      if (spec.version === 'v2.0') {
        expect(Object.keys(s)).toEqual(['mean', 'std', 'max', 'min']);
        if (feature.dtype === 'video') continue;
        for (let j = 0; j < width; j++) {
          const values = column(view.rows, key, j, width);
          closeTo(s.min[j], Math.min(...values), 1e-7);
          closeTo(s.max[j], Math.max(...values), 1e-7);
          closeTo(s.mean[j], mean(values), 1e-6);
          closeTo(s.std[j], std(values), 1e-6);
        }
        continue;
      }
      // v3.0: count-weighted mean, parallel variance, weighted-mean quantiles over the episodes.
      const episodes = view.episodeStats!.map((stats) => stats[key]);
      const counts = episodes.map((e) => e.count[0]);
      const total = counts.reduce((a, b) => a + b, 0);
      expect(s.count).toEqual([total]);
      for (let j = 0; j < width; j++) {
        const weighted = (stat: string) => episodes.reduce((a, e, i) => a + at(e[stat], j) * counts[i], 0) / total;
        const m = weighted('mean');
        const variance = episodes.reduce((a, e, i) => a + (at(e.std, j) ** 2 + (at(e.mean, j) - m) ** 2) * counts[i], 0) / total;
        expect(at(s.min, j)).toBe(Math.min(...episodes.map((e) => at(e.min, j))));
        expect(at(s.max, j)).toBe(Math.max(...episodes.map((e) => at(e.max, j))));
        closeTo(at(s.mean, j), m, 1e-12);
        // The recorder squares float32 episode stds in float32.
        closeTo(at(s.std, j), Math.sqrt(variance), 1e-7);
        for (const q of ['q01', 'q10', 'q50', 'q90', 'q99']) closeTo(at(s[q], j), weighted(q), 1e-12);
      }
    }
  });

  it('has videos that match the metadata', () => {
    const cameras = Object.entries(view.info.features as Record<string, any>).filter(([, f]) => f.dtype === 'video');
    expect(cameras).toHaveLength(1);
    for (const [key] of cameras) {
      if (spec.version !== 'v3.0') {
        // v2: one mp4 per episode and camera, with one frame per row.
        for (const episode of view.episodes) {
          const chunk = Math.floor(episode.index / view.info.chunks_size);
          const path = formatTemplate(view.info.video_path, { episode_chunk: chunk, video_key: key, episode_index: episode.index });
          expect(probeFrames(join(ds.dir, path)).frames).toBe(episode.length);
        }
        continue;
      }
      // v3: segments start at 0.0 in each file and follow each other; a file holds its episodes' frames.
      const byFile = new Map<string, EpisodeView[]>();
      for (const episode of view.episodes) byFile.set(episode.videos[key].file, [...(byFile.get(episode.videos[key].file) ?? []), episode]);
      expect(ds.files.filter((f) => f.startsWith(`videos/${key}/`)).sort()).toEqual([...byFile.keys()].sort());
      for (const [file, episodes] of byFile) {
        episodes.forEach((episode, k) => {
          const { from, to } = episode.videos[key];
          expect(from).toBe(k === 0 ? 0 : episodes[k - 1].videos[key].to);
          closeTo(to - from, episode.length / view.info.fps, 1e-9);
        });
        const { frames, times } = probeFrames(join(ds.dir, file));
        expect(frames).toBe(episodes.reduce((a, e) => a + e.length, 0));
        // Every row's frame is where LeRobot looks for it: from_timestamp + timestamp, within its 1e-4 s tolerance.
        let position = 0;
        for (const episode of episodes) {
          for (const row of view.rows.slice(episode.from, episode.to)) {
            expect(Math.abs(times[position++] - (episode.videos[key].from + row.timestamp))).toBeLessThanOrEqual(1e-4);
          }
        }
      }
    }
  });
});

describe('determinism', () => {
  it.each(['v2.0', 'v2.1', 'v3.0'] as const)('writes %s byte for byte the same for a seed, and differently for another', async (version) => {
    const spec = { ...base, version, episodes: 3, ...(version === 'v3.0' ? { episodesPerFile: 2 } : {}) };
    const [a, b, c] = await Promise.all([generate(spec), generate(spec), generate({ ...spec, seed: 12 })]);
    expect(b.files).toEqual(a.files);
    for (const file of a.files) expect([file, readFileSync(join(b.dir, file)).equals(readFileSync(join(a.dir, file)))]).toEqual([file, true]);
    const data = a.files.find((f) => f.startsWith('data/'))!;
    expect(existsSync(join(c.dir, data)) && readFileSync(join(c.dir, data)).equals(readFileSync(join(a.dir, data)))).toBe(false);
  });
});
