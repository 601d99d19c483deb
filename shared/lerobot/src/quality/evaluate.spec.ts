import { EvidenceLevel, QualityReport, QualityVerdict } from '@robokit/api';
import { DatasetSpec } from '@robokit/testing';
import { column } from '../duckdb';
import { evaluateFolder, generate, inVersion, VERSIONS } from '../testing/dataset-folders';
import { EpisodeRewriter } from '../testing/episode-rewrite';
import { datasetFindings, episodeOf as episode, flaggedBy, reasonsOf as reasons } from '../testing/quality-report';
import { QUALITY_METRICS_NOT_IMPLEMENTED } from '.';

/**
 * The whole analysis on generated datasets of every version whose frames are rewritten with DuckDB to inject
 * one defect per episode at a known frame range; the untouched episodes must pass.
 */

const JOINTS = ['shoulder_pan', 'shoulder_lift', 'elbow', 'wrist', 'gripper'];
const TASKS = ['Pick the cube', 'Place the cube', 'Stack the cubes', 'debug'];
const STATE = 'observation.state';

/** A list column with element d (1-based) given by `element`, in which `x` is the old element. */
const perElement = (name: string, element: string) => `list_transform(range(1, ${JOINTS.length + 1}), d -> ${element.replace(/\bx\b/g, `${column(name)}[d]`)})::FLOAT[]`;

/** Episodes whose signals (not only their timestamps) are rewritten below: their stored stats no longer fit. */
const REWRITTEN_SIGNALS = [1, 2, 4, 5, 6, 7, 9, 10, 11];

describe.each(VERSIONS)('%s: evaluateQuality on injected defects', (version) => {
  let report: QualityReport;
  const progress: number[] = [];

  beforeAll(async () => {
    const lengths = [300, 300, 310, 290, 300, 320, 300, 310, 60, 300, 290, 310, 300, 305, 295, 300];
    const dir = await generate(inVersion(version, { episodes: 16, episodeLength: lengths, joints: JOINTS, seed: 3, tasks: TASKS }));
    const episodes = new EpisodeRewriter(dir);
    await episodes.rewrite(1, { [STATE]: perElement(STATE, `CASE WHEN d = 3 AND frame_index BETWEEN 100 AND 102 THEN 'NaN'::FLOAT ELSE x END`) });
    await episodes.rewrite(2, { [STATE]: perElement(STATE, 'CASE WHEN d < 5 AND frame_index >= 150 THEN x + 25 ELSE x END') });
    await episodes.rewrite(3, { timestamp: 'CASE WHEN frame_index >= 60 THEN ((frame_index - 1) / 30)::FLOAT ELSE timestamp END' });
    await episodes.copySignals(4, 0, ['action', STATE]);
    const chatter = 'CASE WHEN d = 5 AND frame_index BETWEEN 100 AND 159 THEN (CASE WHEN (frame_index // 3) % 2 = 0 THEN 2 ELSE 40 END) ELSE x END';
    await episodes.rewrite(5, { action: perElement('action', chatter), [STATE]: perElement(STATE, chatter) });
    await episodes.rewrite(6, { action: `CASE WHEN frame_index BETWEEN 50 AND 119 THEN ${await episodes.rowAt(6, 'action', 50)} ELSE action END` });
    await episodes.rewrite(7, { [STATE]: `CASE WHEN frame_index BETWEEN 200 AND 209 THEN ${await episodes.rowAt(7, STATE, 200)} ELSE ${column(STATE)} END` });
    await episodes.rewrite(9, {
      action: `CASE WHEN frame_index < 90 THEN ${await episodes.rowAt(9, 'action', 90)} ELSE action END`,
      [STATE]: `CASE WHEN frame_index < 90 THEN ${await episodes.rowAt(9, STATE, 90)} ELSE ${column(STATE)} END`,
    });
    await episodes.rewrite(10, { action: perElement('action', 'CASE WHEN d = 4 AND frame_index = 77 THEN x + 30 ELSE x END') });
    await episodes.rewrite(11, { [STATE]: perElement(STATE, 'CASE WHEN d < 5 THEN x + (CASE WHEN frame_index % 2 = 0 THEN 1.5 ELSE -1.5 END) ELSE x END') });
    report = await evaluateFolder(dir, {}, {
      report: async (fraction) => {
        progress.push(fraction);
      },
    });
  });

  it('leaves the untouched episodes alone', () => {
    for (const index of [0, 12, 13, 14]) {
      expect(episode(report, index)).toEqual(expect.objectContaining({ verdict: QualityVerdict.Pass, score: 100, reasons: [] }));
    }
  });

  it('non_finite: NaN in the state elbow, frames 100–102, excludes the episode', () => {
    expect(episode(report, 1).verdict).toBe(QualityVerdict.Exclude);
    expect(reasons(report, 1, 'non_finite')).toEqual([expect.objectContaining({ level: EvidenceLevel.Hard, feature: STATE, dimension: 'elbow', frames: [100, 102], value: 3 })]);
  });

  it('coordinated_jump: four state joints teleport between frames 149 and 150', () => {
    const [jump] = reasons(report, 2, 'coordinated_jump');
    expect(jump).toEqual(expect.objectContaining({ feature: STATE, frames: [149, 150], message: expect.stringContaining('4 dimensions jump together') }));
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
    expect(reasons(report, 7, 'stale_state')).toEqual([expect.objectContaining({ feature: STATE, frames: [200, 209] })]);
    const [lead] = reasons(report, 9, 'idle').filter((f) => f.message.startsWith('The episode starts'));
    expect(lead.frames?.[0]).toBe(0);
    expect(lead.frames?.[1]).toBeGreaterThanOrEqual(89);
  });

  it('spikes: one action wrist sample at frame 77', () => {
    expect(reasons(report, 10, 'spikes')).toEqual([expect.objectContaining({ feature: 'action', dimension: 'wrist', frames: [77, 77] })]);
  });

  it('jerk: a state shaking frame to frame, against the dataset median', () => {
    expect(reasons(report, 11, 'jerk')).toEqual([expect.objectContaining({ feature: STATE })]);
    expect(report.summary.fitted.jerk_median).toBeGreaterThan(0);
  });

  it('length_outlier: the 60-frame episode is under the lower fence', () => {
    expect(reasons(report, 8, 'length_outlier')).toEqual([expect.objectContaining({ value: 60 })]);
  });

  it('task_label: the placeholder task "debug" flags its episodes only', () => {
    expect(flaggedBy(report, 'task_label')).toEqual([3, 7, 11, 15]);
  });

  it('stats_drift: only the episodes whose signals were rewritten no longer match their stored stats (v2.0: none are stored)', () => {
    const drifted = flaggedBy(report, 'stats_drift');
    if (version === 'v2.0') {
      expect(drifted).toEqual([]);
      expect(episode(report, 0).notApplicable.stats_drift).toContain('v2.0 keeps only dataset stats');
    } else {
      expect(drifted).toEqual(expect.arrayContaining([2, 4, 5, 9]));
      expect(drifted.filter((index) => !REWRITTEN_SIGNALS.includes(index))).toEqual([]);
      expect(episode(report, 0).metrics.stats_drift).toBe(0);
    }
    // Stale stored stats say nothing about the frames: the episodes still count for the dataset-relative fits.
    const hardFromFrames = report.episodes.filter((e) => e.reasons.some((r) => r.level === EvidenceLevel.Hard && r.metric !== 'stats_drift')).map((e) => e.episodeIndex);
    expect(hardFromFrames).toEqual([1, 3, 4]);
    expect(report.summary.verdicts[QualityVerdict.Exclude]).toBe(new Set([...hardFromFrames, ...drifted]).size);
  });

  it('summarises: verdict counts, worst first, distributions, progress to 1', () => {
    const { summary } = report;
    expect(summary.episodesAnalysed).toBe(16);
    expect(summary.flagged[0].verdict).toBe(QualityVerdict.Exclude);
    expect(summary.flagged.map((f) => f.episodeIndex)).not.toContain(0);
    expect(summary.distributions.length.count).toBe(16);
    expect(summary.distributions.score.bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(16);
    expect(summary.notImplemented).toEqual(QUALITY_METRICS_NOT_IMPLEMENTED);
    // The rewritten files no longer match their metadata stats: the ranges come from the data.
    if (version !== 'v2.0') expect(summary.notes).toEqual(expect.arrayContaining([expect.stringContaining('normalisation ranges were read from the data')]));
    expect(progress[progress.length - 1]).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});

describe.each(VERSIONS)('%s: evaluateQuality on a clean dataset', (version) => {
  it('finds nothing HARD, none of the task-relative or stats metrics fires, and every metric but video (no cameras) is measured', async () => {
    const spec: DatasetSpec = { episodes: 12, episodeLength: { min: 280, max: 320 }, joints: JOINTS, seed: 8 };
    const report = await evaluateFolder(await generate(inVersion(version, spec)));
    const silent = ['stats_drift', 'zero_std', 'schema_consistency', 'end_pose_deviation', 'trajectory_deviation', 'task_label', 'non_finite', 'timestamp_sync', 'index_integrity'];
    expect(report.episodes.flatMap((e) => e.reasons).filter((r) => r.level === EvidenceLevel.Hard || silent.includes(r.metric))).toEqual([]);
    expect(report.summary.findings.filter((f) => f.level !== EvidenceLevel.Info)).toEqual([]);
    // No stored stat is even LeRobot's float32 artefact on these.
    expect(report.episodes.flatMap((e) => e.notes)).toEqual([]);
    const measured = ['end_pose_deviation', 'trajectory_deviation', 'coverage', 'schema_consistency', 'non_finite', 'jerk', 'task_label'];
    if (version !== 'v2.0') measured.push('stats_drift');
    for (const e of report.episodes) for (const code of measured) expect(typeof e.metrics[code] === 'number' || `${code}: ${e.notApplicable[code]}`).toBe(true);
    expect(datasetFindings(report, 'coverage')).toEqual([expect.objectContaining({ level: EvidenceLevel.Info })]);
    expect(report.summary.notImplemented).toEqual([]);
    for (const code of ['video_missing', 'video_integrity', 'video_frozen', 'exposure', 'sharpness', 'camera_shift']) {
      expect(report.episodes[0].notApplicable[code]).toBe('the dataset has no video features');
    }
  });
});

describe.each(VERSIONS)('%s: evaluateQuality, dataset-level metrics', (version) => {
  it('constant_dimension, operator_drift and policy_window', async () => {
    const dir = await generate(inVersion(version, { episodes: 16, episodeLength: 40, joints: JOINTS, seed: 5 }));
    const episodes = new EpisodeRewriter(dir);
    for (let index = 0; index < 16; index += 1) {
      const shift = index >= 12 ? 'CASE WHEN d = 1 THEN x + 30 ELSE x END' : 'x';
      await episodes.rewrite(index, { [STATE]: perElement(STATE, `CASE WHEN d = 4 THEN 1.5 ELSE ${shift} END`) });
    }
    const report = await evaluateFolder(dir);
    const found = report.summary.findings.map((f) => [f.metric, f.dimension, f.level]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['constant_dimension', 'wrist', EvidenceLevel.Risk],
        ['operator_drift', 'shoulder_pan', EvidenceLevel.Risk],
        ['policy_window', null, EvidenceLevel.Risk],
      ]),
    );
    expect(datasetFindings(report, 'policy_window').map((f) => f.message)).toEqual([expect.stringContaining('chunk of 50 frames'), expect.stringContaining('chunk of 100 frames')]);
    expect(report.summary.metricCounts.constant_dimension).toBe(1);
  });
});
