import { EvidenceLevel } from '@robokit/api';
import { EpisodeRecord, LeRobotDataset } from '../../dataset';
import { emptySummary, EpisodeSummary } from '../episode';
import { markDuplicates } from '../metrics/duplicates';
import { resolveQualityParameters } from '../parameters';
import { eigenSymmetric } from '../pca';
import { SignalFeature, SignalPlan } from '../signals';
import { noteLengthConfound } from './confound';
import { DatasetContext } from './context';
import { noteCoverage } from './coverage';
import { flagEndPoses } from './end-pose';
import { flagGrippers } from './grippers';
import { flagSmoothness } from './relative';
import { flagTasks } from './tasks';
import { flagTrajectories } from './trajectories';

/** The dataset pass on summaries alone: what it decides from per-episode values, without frames. */

const plan: SignalPlan = {
  features: [],
  dims: [{ slot: 0, feature: 'action', position: 0, name: 'gripper', gripper: true }],
  motion: null,
  pairs: [],
  skipped: [],
};

function summaries(count: number, fill: (summary: EpisodeSummary, index: number) => void): EpisodeSummary[] {
  return Array.from({ length: count }, (_, index) => {
    const record: EpisodeRecord = { index, length: 100 + index, tasks: [index % 2 ? 'Pick' : 'Place'], dataFile: '', fromIndex: null, toIndex: null, videos: {} };
    const summary = emptySummary(index, record, 1);
    summary.rows = 100 + index;
    summary.durationS = summary.rows / 30;
    fill(summary, index);
    return summary;
  });
}

function context(all: EpisodeSummary[], withPlan: SignalPlan = plan): DatasetContext {
  return {
    dataset: {} as LeRobotDataset,
    summaries: all,
    fit: all,
    plan: withPlan,
    params: resolveQualityParameters(),
    fps: 30,
    ranges: { min: new Float64Array(withPlan.dims.length), max: new Float64Array(withPlan.dims.length).fill(1) },
    stats: { episodes: null, dataset: null },
    success: null,
    discrete: withPlan.dims.map(() => false),
    findings: [],
    fitted: {},
    profile: null,
    notes: [],
  };
}

describe('dataset pass', () => {
  it('smoothness_sparc: flags the episode 3 robust σ under the median, fitted on the rest', () => {
    const all = summaries(12, (summary, index) => {
      summary.metrics.smoothness_sparc = index === 5 ? -9 : -2 - 0.05 * (index % 4);
    });
    const run = context(all);
    flagSmoothness(run);
    const flagged = all.filter((summary) => summary.findings.some((finding) => finding.metric === 'smoothness_sparc')).map((summary) => summary.index);
    expect(flagged).toEqual([5]);
    expect(run.fitted.smoothness_sparc_median).toBeCloseTo(-2.1);
    expect(run.notes).toEqual([expect.stringContaining('ldlj: 0 episode(s)')]);
  });

  it('gripper_chatter: changes per second, and events against the dataset mode', () => {
    const all = summaries(8, (summary, index) => {
      summary.durationS = 100;
      summary.grippers.push({ slot: 0, changes: index === 2 ? 400 : index === 6 ? 9 : 4, firstChange: 10, lastChange: 90 });
    });
    flagGrippers(context(all));
    const messages = (index: number) => all[index].findings.map((finding) => finding.message);
    expect(messages(2)).toEqual([expect.stringContaining('times per second'), expect.stringContaining('most episodes do so 4 times')]);
    expect(messages(6)).toEqual([expect.stringContaining('opens or closes 9 times')]);
    expect(messages(0)).toEqual([]);
    expect(all[2].metrics.gripper_chatter).toBe(4);
  });

  it('length_confound: an INFO note for a metric that tracks length', () => {
    const run = context(summaries(10, (summary) => (summary.metrics.idle = summary.rows / 1000)));
    noteLengthConfound(run);
    expect(run.findings).toEqual([expect.objectContaining({ metric: 'length_confound', level: EvidenceLevel.Info, value: 1 })]);
  });

  it('duplicate_episode: an exact copy is HARD, a near copy RISK, conflicting tasks named', () => {
    const all = summaries(4, (summary, index) => {
      summary.rows = 100;
      summary.hash = index === 3 ? 'h2' : `h${index % 2}`;
      summary.edges = Float64Array.from([index === 3 ? 5 : 1, 2]);
    });
    markDuplicates(all, (summary) => summary.record?.tasks[0] ?? null);
    expect(all[2].findings).toEqual([expect.objectContaining({ level: EvidenceLevel.Hard, value: 0 })]);
    expect(all[1].findings).toEqual([expect.objectContaining({ level: EvidenceLevel.Risk, value: 0, message: expect.stringContaining('Their tasks differ') })]);
    expect(all[0].findings).toEqual([]);
    expect(all[3].findings).toEqual([]);
  });
});

/** A two-joint state whose trajectories the task-relative metrics compare (values already range-normalised). */
const state: SignalFeature = {
  key: 'observation.state',
  dtype: 'float32',
  dims: [
    { slot: 0, feature: 'observation.state', position: 0, name: 'shoulder', gripper: false },
    { slot: 1, feature: 'observation.state', position: 1, name: 'elbow', gripper: false },
  ],
};
const motionPlan: SignalPlan = { features: [state], dims: state.dims, motion: state, pairs: [], skipped: [] };
const POINTS = 50;

/** Episodes of one task: the same arc with a little per-episode wobble, then `alter` moves some points. */
function withTrajectories(count: number, alter: (index: number, point: number, joint: number, value: number) => number = (_i, _p, _j, v) => v): EpisodeSummary[] {
  return summaries(count, (summary, index) => {
    summary.rows = 99;
    summary.record = { ...(summary.record as EpisodeRecord), tasks: ['Pick the cube and place it'] };
    summary.trajectory = Float32Array.from({ length: POINTS * 2 }, (_, i) => {
      const point = Math.floor(i / 2);
      const joint = i % 2;
      const base = 0.5 + 0.3 * Math.sin((Math.PI * point) / (POINTS - 1) + joint) + 0.01 * Math.sin(index * 1.7 + point * 0.3 + joint);
      return alter(index, point, joint, base);
    });
  });
}

const flaggedBy = (all: EpisodeSummary[], metric: string) => all.filter((summary) => summary.findings.some((finding) => finding.metric === metric)).map((summary) => summary.index);

describe('dataset pass: the episodes of a task compared', () => {
  it('end_pose_deviation: the episode whose last state is far from the task median, at its last frame', () => {
    const all = withTrajectories(10, (index, point, joint, value) => (index === 6 && joint === 0 && point > 40 ? value + 0.4 : value));
    flagEndPoses(context(all, motionPlan));
    expect(flaggedBy(all, 'end_pose_deviation')).toEqual([6]);
    expect(all[6].findings[0]).toEqual(expect.objectContaining({ level: EvidenceLevel.Risk, dimension: 'shoulder', frames: [98, 98], value: expect.closeTo(0.4, 1) }));
    expect(all[0].metrics.end_pose_deviation).toBeLessThan(0.05);
  });

  it('end_pose_deviation and trajectory_deviation stay silent when every episode ends and goes alike', () => {
    const all = withTrajectories(10);
    flagEndPoses(context(all, motionPlan));
    flagTrajectories(context(all, motionPlan));
    expect(all.flatMap((summary) => summary.findings)).toEqual([]);
    expect(all.every((summary) => typeof summary.metrics.trajectory_deviation === 'number')).toBe(true);
  });

  it('trajectory_deviation: a detour in points 20–29 of the elbow, mapped back to frames', () => {
    const all = withTrajectories(10, (index, point, joint, value) => (index === 3 && joint === 1 && point >= 20 && point <= 29 ? value + 0.3 : value));
    const run = context(all, motionPlan);
    flagTrajectories(run);
    expect(flaggedBy(all, 'trajectory_deviation')).toEqual([3]);
    // Point p of 50 is frame p × 98 / 49.
    expect(all[3].findings[0]).toEqual(expect.objectContaining({ dimension: 'elbow', frames: [40, 58] }));
    expect(run.fitted['trajectory_threshold:Pick the cube and place it']).toBeGreaterThan(0);
  });

  it('a task with too few episodes to compare with gets n/a, with the reason', () => {
    const all = withTrajectories(3);
    flagTrajectories(context(all, motionPlan));
    expect(all[0].metrics.trajectory_deviation).toBeNull();
    expect(all[0].notApplicable.trajectory_deviation).toContain('3 episode(s) without HARD findings; 5 are needed');
  });

  it('coverage: an episode alone in its cells is uncommon, the ones sharing every cell are common', () => {
    const all = withTrajectories(10, (index, _point, joint, value) => (index === 9 && joint === 0 ? value * 0.2 : value));
    const run = context(all, motionPlan);
    noteCoverage(run);
    expect(all[9].metrics.coverage).toBeGreaterThan(0.6);
    for (const summary of all.slice(0, 9)) expect(summary.metrics.coverage).toBeLessThan(0.3);
    expect(run.findings).toEqual([expect.objectContaining({ metric: 'coverage', level: EvidenceLevel.Info, message: expect.stringContaining('2 range-normalised state dimension(s)') })]);
    expect(run.fitted.coverage_occupancy).toBeGreaterThan(0);
  });

  it('principal axes of a symmetric matrix, largest first', () => {
    const { values, vectors } = eigenSymmetric(Float64Array.of(2, 1, 0, 1, 2, 0, 0, 0, 0.5), 3);
    expect(values.map((v) => Number(v.toFixed(9)))).toEqual([3, 1, 0.5]);
    expect(Math.abs(vectors[0][0])).toBeCloseTo(Math.SQRT1_2);
    expect(vectors[0][0] * vectors[0][1]).toBeGreaterThan(0);
    expect(Math.abs(vectors[2][2])).toBeCloseTo(1);
  });
});

describe('dataset pass: success flags', () => {
  it('task_label: the failed episodes flag, and the success rate is shown', () => {
    const all = summaries(6, () => undefined);
    const run = context(all);
    run.dataset = { episodes: all.map((summary) => summary.record as EpisodeRecord) } as LeRobotDataset;
    run.success = { columns: ['next.success'], episodes: new Map(all.map((summary) => [summary.index, summary.index !== 4])) };
    flagTasks(run);
    expect(all[4].findings.filter((f) => f.message.includes('marked as failed'))).toHaveLength(1);
    expect(all[3].findings.filter((f) => f.message.includes('marked as failed'))).toHaveLength(0);
    expect(run.findings).toEqual(expect.arrayContaining([expect.objectContaining({ metric: 'task_label', level: EvidenceLevel.Info, value: 5 / 6, message: expect.stringContaining('failed: 4') })]));
  });
});
