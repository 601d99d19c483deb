import { EvidenceLevel } from '@robokit/api';
import { EpisodeRecord } from '../dataset';
import { LeRobotInfo } from '../info';
import { analyseEpisode } from './analyse-episode';
import { emptySummary, EpisodeSummary, Scratch, StoredStats } from './episode';
import { Draft } from './findings';
import { resolveQualityParameters } from './parameters';
import { DimRanges } from './ranges';
import { INLINE_SIDE } from './side-metrics';
import { planSignals } from './signals';

/** Per-episode metrics on frames built in memory: each test injects one defect at a known frame range. */

const FPS = 30;
const NAMES = ['shoulder', 'elbow', 'wrist', 'gripper'];
const info = {
  fps: FPS,
  features: {
    action: { dtype: 'float32', shape: [4], names: NAMES },
    'observation.state': { dtype: 'float32', shape: [4], names: NAMES },
  },
} as unknown as LeRobotInfo;
const plan = planSignals(info, ['action', 'observation.state'], []);

interface Frames {
  action: Float64Array[];
  state: Float64Array[];
  timestamp: Float64Array;
  frame: Float64Array;
  index: Float64Array;
  episode: Float64Array;
}

/** Teleoperation-like motion: each joint a sum of slow sines; the state follows the action with a first-order lag. */
function cleanFrames(n = 300): Frames {
  const action = NAMES.map((_, j) => Float64Array.from({ length: n }, (_, i) => 40 * Math.sin((2 * Math.PI * (0.2 + 0.07 * j) * i) / FPS + j) + 10 * Math.sin((2 * Math.PI * 0.5 * i) / FPS)));
  const state = action.map((a) => {
    const s = new Float64Array(n);
    s[0] = a[0];
    for (let i = 1; i < n; i += 1) s[i] = s[i - 1] + 0.5 * (a[i] - s[i - 1]);
    return s;
  });
  const steps = Float64Array.from({ length: n }, (_, i) => i);
  return { action, state, timestamp: steps.map((i) => Math.fround(i / FPS)), frame: steps.slice(), index: steps.map((i) => 1000 + i), episode: new Float64Array(n).fill(7) };
}

/** Dataset ranges: the episode's own, widened by 10 % unless `exact` (so a clean episode stays off the limits). */
function rangesOf(frames: Frames, exact = false): DimRanges {
  const all = [...frames.action, ...frames.state];
  const min = Float64Array.from(all, (x) => Math.min(...x.filter(Number.isFinite)));
  const max = Float64Array.from(all, (x) => Math.max(...x.filter(Number.isFinite)));
  if (!exact) {
    for (let slot = 0; slot < all.length; slot += 1) {
      const margin = 0.1 * (max[slot] - min[slot]);
      min[slot] -= margin;
      max[slot] += margin;
    }
  }
  return { min, max };
}

/**
 * Exact float64 stats of each feature (population std), as the metadata would store them, and a q50: LeRobot reads
 * it where the cumulative count reaches q·n, i.e. near the ⌈q·n⌉-th smallest value.
 */
function storedStats(frames: Frames): StoredStats {
  const statsOf = (columns: Float64Array[]) => {
    const sorted = columns.map((x) => Float64Array.from(x).sort());
    const mean = columns.map((x) => x.reduce((a, b) => a + b, 0) / x.length);
    return {
      min: sorted.map((x) => x[0]),
      max: sorted.map((x) => x[x.length - 1]),
      mean,
      std: columns.map((x, j) => Math.sqrt(x.reduce((a, b) => a + (b - mean[j]) ** 2, 0) / x.length)),
      q50: sorted.map((x) => x[Math.ceil(0.5 * x.length) - 1]),
      count: [columns[0].length],
    };
  };
  return { byFeature: { action: statsOf(frames.action), 'observation.state': statsOf(frames.state) } };
}

function analyse(frames: Frames, options: { length?: number; ranges?: DimRanges; stats?: StoredStats } = {}): EpisodeSummary {
  const n = frames.frame.length;
  const record: EpisodeRecord = { index: 7, length: options.length ?? n, tasks: ['Pick'], dataFile: 'data/e.parquet', fromIndex: null, toIndex: null, videos: {} };
  const summary = emptySummary(7, record, plan.dims.length);
  analyseEpisode(
    {
      run: { file: 'data/e.parquet', rows: n, episode: frames.episode, timestamp: frames.timestamp, frame: frames.frame, index: frames.index, signals: [...frames.action, ...frames.state] },
      n,
      fps: FPS,
      plan,
      params: resolveQualityParameters(),
      ranges: options.ranges ?? rangesOf(frames),
      record,
      expectedFirstIndex: 1000,
      stats: options.stats ?? { absent: 'no stats in this test' },
      trajectoryPoints: 64,
      scratch: new Scratch(),
    },
    summary,
    INLINE_SIDE,
  );
  return summary;
}

const of = (summary: EpisodeSummary, metric: string): Draft[] => summary.findings.filter((finding) => finding.metric === metric);
const where = (finding: Draft) => ({ level: finding.level, feature: finding.feature, dimension: finding.dimension, frames: finding.frames });

describe('per-episode metrics', () => {
  it('stay silent on a clean episode and measure every metric', () => {
    const frames = cleanFrames();
    const summary = analyse(frames, { stats: storedStats(frames) });
    expect(summary.findings).toEqual([]);
    expect(summary.metrics).toEqual(
      expect.objectContaining({ non_finite: 0, length_mismatch: 0, index_integrity: 0, timestamp_sync: 0, dropped_frames: 0, spikes: 0, stale_state: 0, saturation: 0, stats_drift: 0 }),
    );
    expect(summary.metrics.timestamp_jitter).toBeLessThan(0.005);
    for (const code of ['jerk', 'ldlj', 'smoothness_sparc', 'idle', 'tracking_lag', 'frozen_action']) {
      expect(typeof summary.metrics[code]).toBe('number');
    }
    // Always moving: no stable frame to compare action and state on, which is said, not hidden as 0.
    expect(summary.metrics.calibration_offset).toBeNull();
    expect(summary.notApplicable).toEqual({ calibration_offset: 'only 0 stable frame(s); 30 needed' });
  });

  it('non_finite: NaN and Inf at frames 40–42 of the state elbow', () => {
    const frames = cleanFrames();
    frames.state[1].set([NaN, Infinity, NaN], 40);
    const [finding] = of(analyse(frames), 'non_finite');
    expect(where(finding)).toEqual({ level: EvidenceLevel.Hard, feature: 'observation.state', dimension: 'elbow', frames: [40, 42] });
    expect(finding.value).toBe(3);
  });

  it('timestamp_sync: a duplicate, a backward step, a gap and a drift, each classified at its frames', () => {
    const frames = cleanFrames();
    const t = frames.timestamp;
    // A frame written twice (the clock repeats, then goes on), a boundary inside the episode (the clock
    // restarts), two dropped frames, and one late frame.
    t.copyWithin(50, 49);
    for (let i = 80; i < t.length; i += 1) t[i] = (i - 80) / FPS;
    for (let i = 120; i < t.length; i += 1) t[i] += 2 / FPS;
    t[200] += 0.002;
    const summary = analyse(frames);
    const messages = of(summary, 'timestamp_sync').map((finding) => [finding.message.split(' (')[0], finding.frames]);
    expect(messages).toEqual(
      expect.arrayContaining([
        [expect.stringContaining('duplicate'), [49, 50]],
        [expect.stringContaining('backward'), [79, 80]],
        [expect.stringContaining('gap'), [119, 120]],
        [expect.stringContaining('drift'), [199, 201]],
      ]),
    );
    expect(of(summary, 'timestamp_sync').every((finding) => finding.level === EvidenceLevel.Hard)).toBe(true);
    expect(where(of(summary, 'dropped_frames')[0])).toEqual({ level: EvidenceLevel.Risk, feature: 'timestamp', dimension: null, frames: [119, 120] });
  });

  it('index_integrity: frame_index restarting at 60, a break in index, a foreign episode_index', () => {
    const frames = cleanFrames();
    for (let i = 60; i < 300; i += 1) frames.frame[i] = i - 60;
    frames.index[150] += 5;
    frames.episode[299] = 8;
    const found = of(analyse(frames), 'index_integrity').map((finding) => finding.frames);
    expect(found).toEqual([
      [60, 299],
      [150, 151],
      [299, 299],
    ]);
  });

  it('length_mismatch: rows against the metadata length', () => {
    const [finding] = of(analyse(cleanFrames(), { length: 320 }), 'length_mismatch');
    expect(finding).toEqual(expect.objectContaining({ level: EvidenceLevel.Hard, value: 300, threshold: 320 }));
  });

  it('stale_state: the state repeats frames 100–109 while the action moves; idle repeats are not stale', () => {
    const frames = cleanFrames();
    for (const s of frames.state) s.fill(s[100], 100, 110);
    const [finding] = of(analyse(frames), 'stale_state');
    expect(where(finding)).toEqual({ level: EvidenceLevel.Risk, feature: 'observation.state', dimension: null, frames: [100, 109] });

    const still = cleanFrames();
    for (const x of [...still.action, ...still.state]) x.fill(x[100], 100, 110);
    expect(of(analyse(still), 'stale_state')).toEqual([]);
  });

  it('frozen_action: the action holds one row for frames 200–259 (20 %)', () => {
    const frames = cleanFrames();
    for (const a of frames.action) a.fill(a[200], 200, 260);
    const [finding] = of(analyse(frames), 'frozen_action');
    expect(where(finding)).toEqual({ level: EvidenceLevel.Risk, feature: 'action', dimension: null, frames: [200, 259] });
    expect(finding.value).toBeCloseTo(0.2);
  });

  it('spikes: one sample of the action wrist jumps out and back at frame 150', () => {
    const frames = cleanFrames();
    frames.action[2][150] += 30;
    const found = of(analyse(frames), 'spikes');
    expect(found.map(where)).toEqual([{ level: EvidenceLevel.Risk, feature: 'action', dimension: 'wrist', frames: [150, 150] }]);
  });

  it('idle: a 3 s still lead-in and a 4 s pause inside the episode', () => {
    const frames = cleanFrames(600);
    for (const x of [...frames.action, ...frames.state]) {
      x.fill(x[90], 0, 90);
      x.fill(x[300], 300, 420);
    }
    // Frames 0–90 hold one pose; in 300–419 the step into 300 still moves, so the pause is 301–419.
    const found = of(analyse(frames), 'idle').map((finding) => [finding.message.split(' ')[0], finding.frames]);
    expect(found).toEqual([
      ['35', [0, 599]],
      ['The', [0, 90]],
      ['A', [301, 419]],
    ]);
  });

  it('saturation: the state shoulder pinned at its dataset maximum for 40 % of the episode', () => {
    const frames = cleanFrames();
    const ranges = rangesOf(frames);
    frames.state[0].fill(ranges.max[4], 100, 220);
    const found = of(analyse(frames, { ranges }), 'saturation');
    expect(found.map(where)).toEqual([{ level: EvidenceLevel.Risk, feature: 'observation.state', dimension: 'shoulder', frames: [100, 219] }]);
  });

  it('tracking_lag: the state follows the action 8 frames late', () => {
    const frames = cleanFrames();
    frames.state = frames.action.map((a) => Float64Array.from(a, (_, i) => a[Math.max(0, i - 8)]));
    const found = of(analyse(frames), 'tracking_lag').filter((finding) => finding.value === 8);
    expect(found.map((finding) => finding.dimension).sort()).toEqual(['elbow', 'shoulder', 'wrist']);
  });

  it('calibration_offset: the action of the elbow sits 3 % of its range above the state when still', () => {
    const frames = cleanFrames(600);
    frames.action.forEach((a, j) => {
      a.fill(a[300], 300, 420);
      frames.state[j].fill(a[300], 300, 420);
    });
    const ranges = rangesOf(frames);
    const offset = 0.03 * (ranges.max[5] - ranges.min[5]);
    frames.action[1] = frames.action[1].map((v) => v + offset);
    const [finding] = of(analyse(frames, { ranges }), 'calibration_offset');
    expect(finding).toEqual(expect.objectContaining({ dimension: 'elbow', message: expect.stringMatching(/^significant/) }));
    expect(finding.value).toBeCloseTo(0.03, 2);
  });

  it("stats_drift: a stored mean 5 % of the range off is HARD; a stored q50 off too; a std LeRobot's float32 sums explain is an INFO note", () => {
    const frames = cleanFrames();
    // A joint far from 0 that barely moves: LeRobot's float32 E[x²] − E[x]² loses most of its std.
    frames.state[2] = frames.state[2].map((v) => Math.fround(500 + v / 100));
    const stats = storedStats(frames);
    const state = (stats.byFeature as Record<string, Record<string, number[]>>)['observation.state'];
    const range = (j: number) => state.max[j] - state.min[j];
    state.mean[1] += 0.05 * range(1);
    state.q50[0] += 0.02 * range(0);
    state.std[2] = Math.sqrt(state.std[2] ** 2 + 2);
    const summary = analyse(frames, { stats });
    const found = of(summary, 'stats_drift').map((finding) => [finding.level, finding.dimension, finding.message.split(' is ')[0]]);
    expect(found).toEqual([
      [EvidenceLevel.Hard, 'elbow', 'the stored mean of elbow'],
      [EvidenceLevel.Hard, 'shoulder', 'the stored q50 of shoulder'],
      [EvidenceLevel.Info, 'wrist', 'the stored std of wrist'],
    ]);
    expect(of(summary, 'stats_drift')[2].message).toContain("LeRobot's float32 arithmetic, not a data fault");
    expect(of(summary, 'stats_drift').every((finding) => finding.feature === 'observation.state' && finding.frames?.join() === '0,299')).toBe(true);
    expect(summary.metrics.stats_drift).toBeCloseTo(0.05, 3);
  });

  it('trajectory: the state resampled to the given points, range-normalised, ending on the last frame', () => {
    const frames = cleanFrames(301);
    const ranges = rangesOf(frames);
    const trajectory = analyse(frames, { ranges }).trajectory as Float32Array;
    expect(trajectory).toHaveLength(64 * 4);
    const normalised = (j: number, i: number) => (frames.state[j][i] - ranges.min[4 + j]) / (ranges.max[4 + j] - ranges.min[4 + j]);
    for (let j = 0; j < 4; j += 1) {
      expect(trajectory[j]).toBeCloseTo(normalised(j, 0), 5);
      expect(trajectory[63 * 4 + j]).toBeCloseTo(normalised(j, 300), 5);
      // Point 21 sits at frame 100 exactly (21 × 300 / 63).
      expect(trajectory[21 * 4 + j]).toBeCloseTo(normalised(j, 100), 5);
    }
  });

  it('timestamp_offset, fps_mismatch and timestamp_jitter on recorded clocks', () => {
    const frames = cleanFrames();
    frames.timestamp = frames.timestamp.map((t, i) => 1 + i / 25 + (i % 2 ? 0.006 : -0.006));
    const summary = analyse(frames);
    expect(of(summary, 'timestamp_offset')[0]).toEqual(expect.objectContaining({ frames: [0, 0], value: expect.closeTo(0.994, 3) }));
    expect(of(summary, 'fps_mismatch')[0].value).toBeCloseTo(1 / 6, 2);
    expect(of(summary, 'timestamp_jitter')[0].value).toBeGreaterThan(0.1);
  });
});
