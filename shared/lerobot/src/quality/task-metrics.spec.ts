import { EvidenceLevel, QualityReport } from '@robokit/api';
import { column } from '../duckdb';
import { editJson, evaluateFolder, folderRepo, generate, inVersion, rewrite, VERSIONS } from '../testing/dataset-folders';
import { EpisodeRewriter } from '../testing/episode-rewrite';
import { datasetFindings, flaggedBy, reasonsOf } from '../testing/quality-report';

/**
 * The metrics that compare an episode with the other episodes of its task (end_pose_deviation,
 * trajectory_deviation), coverage, and the success flags of task_label, on generated datasets of every version
 * with one task: every episode goes home → pick → place → home.
 */

const JOINTS = ['shoulder_pan', 'shoulder_lift', 'elbow', 'wrist', 'gripper'];
const STATE = 'observation.state';
const SPEC = { episodes: 12, episodeLength: 300, joints: JOINTS, seed: 7 };

describe.each(VERSIONS)('%s: task-relative metrics', (version) => {
  let report: QualityReport;

  beforeAll(async () => {
    const dir = await generate(inVersion(version, SPEC));
    const episodes = new EpisodeRewriter(dir);
    // Episode 5 stops at frame 180 and holds that pose to the end: it never gets home.
    await episodes.rewrite(5, {
      action: `CASE WHEN frame_index >= 180 THEN ${await episodes.rowAt(5, 'action', 180)} ELSE action END`,
      [STATE]: `CASE WHEN frame_index >= 180 THEN ${await episodes.rowAt(5, STATE, 180)} ELSE ${column(STATE)} END`,
    });
    // Episode 8 takes a detour in frames 100–159: three joints 40° off the way every other episode goes.
    const detour = (name: string) =>
      `list_transform(range(1, 6), d -> CASE WHEN d <= 3 AND frame_index BETWEEN 100 AND 159 THEN ${column(name)}[d] + 40 ELSE ${column(name)}[d] END)::FLOAT[]`;
    await episodes.rewrite(8, { action: detour('action'), [STATE]: detour(STATE) });
    report = await evaluateFolder(dir);
  });

  it('end_pose_deviation: the episode that stops half way, at its last frame; no other', () => {
    expect(flaggedBy(report, 'end_pose_deviation')).toEqual([5]);
    const [found] = reasonsOf(report, 5, 'end_pose_deviation');
    expect(found).toEqual(expect.objectContaining({ level: EvidenceLevel.Risk, feature: STATE, frames: [299, 299] }));
    expect(found.value).toBeGreaterThan(found.threshold as number);
    expect(report.summary.fitted['end_pose_fence:Pick the cube and place it in the bin']).toBeGreaterThan(0);
  });

  it('trajectory_deviation: the detour, at frames 100–159 of episode 8 in one of the joints moved', () => {
    const [found] = reasonsOf(report, 8, 'trajectory_deviation');
    expect(found).toEqual(expect.objectContaining({ level: EvidenceLevel.Risk, feature: STATE }));
    expect(['shoulder_pan', 'shoulder_lift', 'elbow']).toContain(found.dimension);
    const [first, last] = found.frames as [number, number];
    expect(first).toBeGreaterThanOrEqual(98);
    expect(first).toBeLessThanOrEqual(102);
    expect(last).toBeGreaterThanOrEqual(157);
    expect(last).toBeLessThanOrEqual(161);
    // The unfinished episode leaves the mean trajectory too; the others stay with it.
    expect(flaggedBy(report, 'trajectory_deviation').filter((index) => index !== 5)).toEqual([8]);
  });

  it('coverage: an INFO occupancy for the dataset and, per episode, how uncommon its cells are', () => {
    const [found] = datasetFindings(report, 'coverage');
    expect(found).toEqual(expect.objectContaining({ level: EvidenceLevel.Info, severity: 0, feature: STATE }));
    expect(found.message).toContain('principal components');
    expect(found.value).toBeGreaterThan(0);
    expect(found.value).toBeLessThan(1);
    // Each episode picks and places somewhere else, so most of its cells are its own (dataset-pass.spec.ts checks the values).
    for (const e of report.episodes) expect(e.metrics.coverage).toBeGreaterThan(0);
    for (const e of report.episodes) expect(e.metrics.coverage).toBeLessThanOrEqual(1);
    expect(report.episodes.every((e) => !e.flags.includes('coverage'))).toBe(true);
    expect(report.summary.metrics.coverage.count).toBe(12);
  });
});

describe.each(VERSIONS)('%s: task_label success flags', (version) => {
  it('lists the episode next.success never marks successful, and the success rate', async () => {
    const dir = await generate(inVersion(version, SPEC));
    editJson(dir, 'meta/info.json', (info) => {
      (info.features as Record<string, unknown>)['next.success'] = { dtype: 'bool', shape: [1], names: null };
    });
    for (const path of folderRepo(dir).listing.map((file) => file.path).filter((path) => path.startsWith('data/'))) {
      await rewrite(dir, path, 'SELECT *, episode_index <> 3 AND frame_index >= 290 AS "next.success" FROM t');
    }
    const report = await evaluateFolder(dir);
    expect(flaggedBy(report, 'task_label')).toEqual([3]);
    expect(reasonsOf(report, 3, 'task_label')).toEqual([expect.objectContaining({ level: EvidenceLevel.Risk, message: expect.stringContaining('marked as failed: next.success') })]);
    expect(datasetFindings(report, 'task_label')).toEqual([expect.objectContaining({ level: EvidenceLevel.Info, value: 11 / 12, message: expect.stringContaining('(11 of 12 episodes by next.success); failed: 3') })]);
  });
});
