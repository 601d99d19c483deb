import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { aggregateEpisodeStats } from './aggregate';
import { dimensionQuantiles } from './quantiles';
import { pyJsonDumps } from './py-json';
import { numericStats, statsJson, type FeatureStats, type Stats } from './stats';

/** ../shared/datasets beside the checkout: real LeRobot datasets copied from public repositories. */
const REAL = process.env.ROBOKIT_REAL_DATASETS ?? join(__dirname, '..', '..', '..', '..', '..', 'shared', 'datasets');
const RECORD_TEST = join(REAL, 'record-test');

async function readParquet(path: string): Promise<Record<string, any>[]> {
  const buf = readFileSync(path);
  return parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer });
}

const plain = (value: unknown): unknown =>
  typeof value === 'bigint' ? Number(value) : Array.isArray(value) ? value.map(plain) : value;

/** What a JSON reader sees of stats as the factory serialises them. */
const asJson = (stats: Stats): Record<string, any> => JSON.parse(pyJsonDumps(statsJson(stats)));

describe('RunningQuantileStats quantiles', () => {
  it('interpolates inside the 5000-bin histogram like LeRobot (timestamps of a 373-frame episode)', () => {
    const timestamps = Array.from({ length: 373 }, (_, i) => i / 30);
    // record-test episode 0: stats/timestamp/q01 … q99.
    expect(dimensionQuantiles(timestamps, 0, 372 / 30, 373, 'float64')).toEqual({
      q01: 0.1010103999016292, q10: 1.233303999919892, q50: 6.20124000000002, q90: 11.166696000080108, q99: 12.298989600098372,
    });
  });

  it('returns tiny non-zero quantiles for a constant integer column (the ±1e-10 edges)', () => {
    const q = dimensionQuantiles(new Array(1492).fill(0), 0, 0, 1492, 'int64');
    expect(q.q01).toBe(3.9999999999994176e-16);
    expect(q.q99).toBe(3.9599999999994235e-14);
  });

  // Expected values: LeRobot 0.4.4's get_feature_stats run under NumPy 2.4 on the same arrays.
  it('handles constant float32 columns (zero-width float32 bins) and single rows like LeRobot', () => {
    const constant = Float64Array.from({ length: 40 * 3 }, (_, i) => [5.25, -1, 0][i % 3]);
    expect(asJson({ x: numericStats(constant, 3, 'float32', 'v3.0') }).x).toEqual({
      min: [5.25, -1.0, 0.0], max: [5.25, -1.0, 0.0], mean: [5.25, -1.0, 0.0], std: [0.0, 0.0, 0.0], count: [40],
      q01: [5.25, -1.0, 3.9995784462121265e-16], q10: [5.25, -1.0, 3.999578446212126e-15], q50: [5.25, -1.0, 1.9997892231060632e-14],
      q90: [5.25, -1.0, 3.599620601590914e-14], q99: [5.25, -1.0, 3.959582661750005e-14],
    });
    expect(asJson({ x: numericStats(Float64Array.from([1.5, 2.5]), 2, 'float32', 'v3.0') }).x).toEqual({
      min: [1.5, 2.5], max: [1.5, 2.5], mean: [1.5, 2.5], std: [0.0, 0.0], count: [1],
      q01: [1.5, 2.5], q10: [1.5, 2.5], q50: [1.5, 2.5], q90: [1.5, 2.5], q99: [1.5, 2.5],
    });
    expect(asJson({ x: numericStats(new Float64Array(77).fill(3), 1, 'int64', 'v3.0') }).x).toEqual({
      min: [3], max: [3], mean: [3.0], std: [0.0], count: [77],
      q01: [3.0000000000000004], q10: [3.000000000000004], q50: [3.00000000000002], q90: [3.000000000000036], q99: [3.0000000000000395],
    });
  });

  it('keeps float32 edges, so a quantile in the first bin is the float32 min itself', () => {
    const values = [Math.fround(-99.1005706787), ...Array.from({ length: 99 }, (_, i) => Math.fround(i))];
    expect(dimensionQuantiles(values, values[0], 98, 100, 'float32').q01).toBe(values[0]);
  });
});

/** Stats of record-test (LeRobot 0.4 recorder) recomputed from its data: every stored number must come out the same. */
describe('v3.0 stats against a real LeRobot 0.4 recording (record-test)', () => {
  let rows: Record<string, any>[];
  let episodes: Record<string, any>[];
  beforeAll(async () => {
    if (!existsSync(RECORD_TEST)) throw new Error(`The real datasets are expected at ${REAL} (set ROBOKIT_REAL_DATASETS)`);
    rows = await readParquet(join(RECORD_TEST, 'data/chunk-000/file-000.parquet'));
    episodes = await readParquet(join(RECORD_TEST, 'meta/episodes/chunk-000/file-000.parquet'));
  });

  /** The stats columns of one episode row, as the factory's FeatureStats shape of the JSON. */
  const recorded = (episode: Record<string, any>, feature: string) =>
    Object.fromEntries(
      Object.entries(episode)
        .filter(([k]) => k.startsWith(`stats/${feature}/`))
        .map(([k, v]) => [k.slice(`stats/${feature}/`.length), plain(v)]),
    );

  it('reproduces every numeric per-episode stat bit for bit, quantiles included', () => {
    for (const episode of episodes) {
      const e = Number(episode.episode_index);
      const frames = rows.filter((r) => Number(r.episode_index) === e);
      const buffers: [string, Float64Array, number, 'float32' | 'float64' | 'int64'][] = [
        ['action', Float64Array.from(frames.flatMap((r) => r.action)), 6, 'float32'],
        ['observation.state', Float64Array.from(frames.flatMap((r) => r['observation.state'])), 6, 'float32'],
        // The recorder's buffer held frame_index / fps as Python floats; the parquet only keeps float32.
        ['timestamp', Float64Array.from(frames, (r) => Number(r.frame_index) / 30), 1, 'float64'],
        ...(['frame_index', 'episode_index', 'index', 'task_index'] as const).map(
          (key): [string, Float64Array, number, 'int64'] => [key, Float64Array.from(frames, (r) => Number(r[key])), 1, 'int64'],
        ),
      ];
      for (const [feature, values, width, dtype] of buffers) {
        const json = asJson({ [feature]: numericStats(values, width, dtype, 'v3.0') })[feature];
        expect([feature, json]).toEqual([feature, recorded(episode, feature)]);
      }
    }
  });

  it('aggregates the recorded per-episode stats into the recorded stats.json', () => {
    const fromRow = (episode: Record<string, any>, feature: string): FeatureStats => {
      const r = recorded(episode, feature) as Record<string, any>;
      const camera = feature.startsWith('observation.images.');
      const flat = (v: any): number[] => (camera ? v.map((c: number[][]) => c[0][0]) : v);
      const values = Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'count').map(([k, v]) => [k, flat(v)]));
      return {
        camera,
        integer: ['frame_index', 'episode_index', 'index', 'task_index'].includes(feature),
        float32: feature === 'action' || feature === 'observation.state',
        count: r.count[0],
        values: values as FeatureStats['values'],
      };
    };
    const features = ['action', 'observation.state', 'observation.images.front', 'observation.images.top', 'timestamp', 'frame_index', 'episode_index', 'index', 'task_index'];
    const perEpisode: Stats[] = episodes.map((episode) => Object.fromEntries(features.map((f) => [f, fromRow(episode, f)])));
    const recordedJson = JSON.parse(readFileSync(join(RECORD_TEST, 'meta/stats.json'), 'utf8'));
    const ours = asJson(aggregateEpisodeStats(perEpisode)!);
    for (const feature of features) {
      // Camera std: the recorded episodes hold 0.0 (LeRobot 0.4's uint8 overflow), stats.json does not: skip it.
      const { std, ...rest } = recordedJson[feature];
      const { std: ourStd, ...ourRest } = ours[feature];
      expect([feature, ourRest]).toEqual([feature, rest]);
      if (!feature.startsWith('observation.images.')) expect([feature, ourStd]).toEqual([feature, std]);
    }
  });
});
