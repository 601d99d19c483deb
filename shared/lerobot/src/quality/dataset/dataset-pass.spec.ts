import { EvidenceLevel } from '@robokit/api';
import { EpisodeRecord, LeRobotDataset } from '../../dataset';
import { emptySummary, EpisodeSummary } from '../episode';
import { markDuplicates } from '../metrics/duplicates';
import { resolveQualityParameters } from '../parameters';
import { SignalPlan } from '../signals';
import { noteLengthConfound } from './confound';
import { DatasetContext } from './context';
import { flagGrippers } from './grippers';
import { flagSmoothness } from './relative';

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

function context(all: EpisodeSummary[]): DatasetContext {
  return { dataset: {} as LeRobotDataset, summaries: all, fit: all, plan, params: resolveQualityParameters(), fps: 30, discrete: [false], findings: [], fitted: {}, notes: [] };
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
