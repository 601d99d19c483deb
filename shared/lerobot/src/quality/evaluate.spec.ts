import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EpisodeQuality, EvidenceLevel, QualityFinding, QualityReport, QualityVerdict } from '@robokit/api';
import { writeLeRobotDataset } from '@robokit/testing';
import { DatasetSpec } from '@robokit/testing';
import { directoryFiles } from '../directory-files';
import { column, query } from '../duckdb';
import { openDataset } from '../open-dataset';
import { evaluateQuality } from './evaluate';

/**
 * The whole analysis on generated v2.1 datasets whose parquet files are rewritten with DuckDB to inject one
 * defect per episode at a known frame range; the untouched episodes must pass.
 */

const JOINTS = ['shoulder_pan', 'shoulder_lift', 'elbow', 'wrist', 'gripper'];
const TASKS = ['Pick the cube', 'Place the cube', 'Stack the cubes', 'debug'];

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'quality-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const episodeFile = (dir: string, index: number) => join(dir, `data/chunk-000/episode_${String(index).padStart(6, '0')}.parquet`);

/** Rewrites one data file with some columns replaced by SQL expressions (`frame_index` and the others are in scope). */
async function rewrite(dir: string, index: number, replace: Record<string, string>, from = 'read_parquet($file)'): Promise<void> {
  const file = episodeFile(dir, index);
  const replaced = Object.entries(replace).map(([name, expression]) => `${expression} AS ${column(name)}`);
  await query(`COPY (SELECT * REPLACE (${replaced.join(', ')}) FROM ${from} ORDER BY frame_index) TO '${file}.new' (FORMAT parquet)`, { file });
  await rename(`${file}.new`, file);
}

/** A list column with element d (1-based) given by `element`, in which `x` is the old element. */
const perElement = (name: string, element: string) => `list_transform(range(1, ${JOINTS.length + 1}), d -> ${element.replace(/\bx\b/g, `${column(name)}[d]`)})::FLOAT[]`;
/** The row at `frame` of the same file, for holding a pose. */
const rowAt = (name: string, frame: number) => `(SELECT ${column(name)} FROM read_parquet($file) WHERE frame_index = ${frame})`;

async function analyse(name: string, spec: DatasetSpec, inject: (dir: string) => Promise<void>, parameters: Record<string, unknown> = {}): Promise<QualityReport> {
  const dir = join(root, name);
  const written = await writeLeRobotDataset(dir, spec);
  await inject(dir);
  const files = directoryFiles(dir, written.files);
  return evaluateQuality(await openDataset(files), files, parameters);
}

const episode = (report: QualityReport, index: number) => report.episodes.find((e) => e.episodeIndex === index) as EpisodeQuality;
const reasons = (report: QualityReport, index: number, metric: string): QualityFinding[] => episode(report, index).reasons.filter((r) => r.metric === metric);

describe('evaluateQuality on injected defects', () => {
  let report: QualityReport;
  const progress: number[] = [];

  beforeAll(async () => {
    const lengths = [300, 300, 310, 290, 300, 320, 300, 310, 60, 300, 290, 310, 300, 305, 295, 300];
    const spec: DatasetSpec = { episodes: 16, episodeLength: lengths, joints: JOINTS, seed: 3, tasks: TASKS };
    const dir = join(root, 'defects');
    const written = await writeLeRobotDataset(dir, spec);
    const state = 'observation.state';
    await rewrite(dir, 1, { [state]: perElement(state, `CASE WHEN d = 3 AND frame_index BETWEEN 100 AND 102 THEN 'NaN'::FLOAT ELSE x END`) });
    await rewrite(dir, 2, { [state]: perElement(state, 'CASE WHEN d < 5 AND frame_index >= 150 THEN x + 25 ELSE x END') });
    await rewrite(dir, 3, { timestamp: 'CASE WHEN frame_index >= 60 THEN ((frame_index - 1) / 30)::FLOAT ELSE timestamp END' });
    await rewrite(
      dir,
      4,
      { action: 'e0.action', [state]: `e0.${column(state)}` },
      `read_parquet($file) JOIN (SELECT frame_index, action, ${column(state)} FROM read_parquet('${episodeFile(dir, 0)}')) e0 USING (frame_index)`,
    );
    const chatter = 'CASE WHEN d = 5 AND frame_index BETWEEN 100 AND 159 THEN (CASE WHEN (frame_index // 3) % 2 = 0 THEN 2 ELSE 40 END) ELSE x END';
    await rewrite(dir, 5, { action: perElement('action', chatter), [state]: perElement(state, chatter) });
    await rewrite(dir, 6, { action: `CASE WHEN frame_index BETWEEN 50 AND 119 THEN ${rowAt('action', 50)} ELSE action END` });
    await rewrite(dir, 7, { [state]: `CASE WHEN frame_index BETWEEN 200 AND 209 THEN ${rowAt(state, 200)} ELSE ${column(state)} END` });
    await rewrite(dir, 9, {
      action: `CASE WHEN frame_index < 90 THEN ${rowAt('action', 90)} ELSE action END`,
      [state]: `CASE WHEN frame_index < 90 THEN ${rowAt(state, 90)} ELSE ${column(state)} END`,
    });
    await rewrite(dir, 10, { action: perElement('action', 'CASE WHEN d = 4 AND frame_index = 77 THEN x + 30 ELSE x END') });
    await rewrite(dir, 11, { [state]: perElement(state, 'CASE WHEN d < 5 THEN x + (CASE WHEN frame_index % 2 = 0 THEN 1.5 ELSE -1.5 END) ELSE x END') });
    const files = directoryFiles(dir, written.files);
    report = await evaluateQuality(await openDataset(files), files, {}, async (fraction) => {
      progress.push(fraction);
    });
  });

  it('leaves the untouched episodes alone', () => {
    for (const index of [0, 12, 13, 14]) {
      expect(episode(report, index)).toEqual(expect.objectContaining({ verdict: QualityVerdict.Pass, score: 100, reasons: [] }));
    }
  });

  it('non_finite: NaN in the state elbow, frames 100–102, excludes the episode', () => {
    expect(episode(report, 1).verdict).toBe(QualityVerdict.Exclude);
    expect(reasons(report, 1, 'non_finite')).toEqual([expect.objectContaining({ level: EvidenceLevel.Hard, feature: 'observation.state', dimension: 'elbow', frames: [100, 102], value: 3 })]);
  });

  it('coordinated_jump: four state joints teleport between frames 149 and 150', () => {
    const [jump] = reasons(report, 2, 'coordinated_jump');
    expect(jump).toEqual(expect.objectContaining({ feature: 'observation.state', frames: [149, 150], message: expect.stringContaining('4 dimensions jump together') }));
  });

  it('timestamp_sync: a duplicate timestamp at frame 60', () => {
    expect(reasons(report, 3, 'timestamp_sync')).toEqual([expect.objectContaining({ frames: [59, 60], message: expect.stringContaining('duplicate') })]);
    expect(episode(report, 3).verdict).toBe(QualityVerdict.Exclude);
  });

  it('duplicate_episode: episode 4 carries the signals of episode 0', () => {
    expect(reasons(report, 4, 'duplicate_episode')).toEqual([expect.objectContaining({ level: EvidenceLevel.Hard, value: 0 })]);
    expect(reasons(report, 0, 'duplicate_episode')).toEqual([]);
  });

  it('gripper_chatter: the gripper toggles every 3 frames in 100–159, in action and state', () => {
    const found = reasons(report, 5, 'gripper_chatter');
    expect(new Set(found.map((f) => `${f.feature}/${f.dimension}`))).toEqual(new Set(['action/gripper', 'observation.state/gripper']));
    expect(found.every((f) => f.frames !== null && f.frames[0] <= 103 && f.frames[1] >= 156)).toBe(true);
    expect(found.some((f) => f.message.includes('gripper_events'))).toBe(true);
  });

  it('frozen_action, stale_state and idle at the frames they were injected', () => {
    expect(reasons(report, 6, 'frozen_action')).toEqual([expect.objectContaining({ feature: 'action', frames: [50, 119] })]);
    expect(reasons(report, 7, 'stale_state')).toEqual([expect.objectContaining({ feature: 'observation.state', frames: [200, 209] })]);
    const [lead] = reasons(report, 9, 'idle').filter((f) => f.message.startsWith('The episode starts'));
    expect(lead.frames?.[0]).toBe(0);
    expect(lead.frames?.[1]).toBeGreaterThanOrEqual(89);
  });

  it('spikes: one action wrist sample at frame 77', () => {
    expect(reasons(report, 10, 'spikes')).toEqual([expect.objectContaining({ feature: 'action', dimension: 'wrist', frames: [77, 77] })]);
  });

  it('jerk: a state shaking frame to frame, against the dataset median', () => {
    expect(reasons(report, 11, 'jerk')).toEqual([expect.objectContaining({ feature: 'observation.state' })]);
    expect(report.summary.fitted.jerk_median).toBeGreaterThan(0);
  });

  it('length_outlier: the 60-frame episode is under the lower fence', () => {
    expect(reasons(report, 8, 'length_outlier')).toEqual([expect.objectContaining({ value: 60 })]);
  });

  it('task_label: the placeholder task "debug" flags its episodes only', () => {
    const flagged = report.episodes.filter((e) => e.flags.includes('task_label')).map((e) => e.episodeIndex);
    expect(flagged).toEqual([3, 7, 11, 15]);
  });

  it('summarises: verdict counts, worst first, distributions, progress to 1', () => {
    const { summary } = report;
    expect(summary.episodesAnalysed).toBe(16);
    expect(summary.verdicts[QualityVerdict.Exclude]).toBe(3);
    expect(summary.flagged[0].verdict).toBe(QualityVerdict.Exclude);
    expect(summary.flagged.map((f) => f.episodeIndex)).not.toContain(0);
    expect(summary.distributions.length.count).toBe(16);
    expect(summary.distributions.score.bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(16);
    expect(summary.notImplemented).toContain('video_frozen');
    // The rewritten files no longer match their metadata stats: the ranges come from the data.
    expect(summary.notes).toEqual(expect.arrayContaining([expect.stringContaining('normalisation ranges were read from the data')]));
    expect(progress[progress.length - 1]).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});

describe('evaluateQuality: dataset-level metrics', () => {
  it('constant_dimension, operator_drift and policy_window', async () => {
    const state = 'observation.state';
    const report = await analyse('dataset-level', { episodes: 16, episodeLength: 40, joints: JOINTS, seed: 5 }, async (dir) => {
      for (let index = 0; index < 16; index += 1) {
        const shift = index >= 12 ? 'CASE WHEN d = 1 THEN x + 30 ELSE x END' : 'x';
        await rewrite(dir, index, { [state]: perElement(state, `CASE WHEN d = 4 THEN 1.5 ELSE ${shift} END`) });
      }
    });
    const found = report.summary.findings.map((f) => [f.metric, f.dimension, f.level]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['constant_dimension', 'wrist', EvidenceLevel.Risk],
        ['operator_drift', 'shoulder_pan', EvidenceLevel.Risk],
        ['policy_window', null, EvidenceLevel.Risk],
      ]),
    );
    expect(report.summary.findings.filter((f) => f.metric === 'policy_window').map((f) => f.message)).toEqual([
      expect.stringContaining('chunk of 50 frames'),
      expect.stringContaining('chunk of 100 frames'),
    ]);
    expect(report.summary.metricCounts.constant_dimension).toBe(1);
  });
});
