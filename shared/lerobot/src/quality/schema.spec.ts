import { EvidenceLevel } from '@robokit/api';
import { editJson, evaluateFolder, generate, inVersion, rewrite, VERSIONS } from '../testing/dataset-folders';
import { EpisodeRewriter } from '../testing/episode-rewrite';
import { datasetFindings, episodeOf, flaggedBy, reasonsOf } from '../testing/quality-report';

/** schema_consistency on generated datasets whose files or info.json are edited; v3.0 holds 4 episodes per file. */

const JOINTS = ['shoulder_pan', 'shoulder_lift', 'elbow', 'wrist', 'gripper'];

describe.each(VERSIONS)('%s: schema_consistency', (version) => {
  it('a declared column missing from one file (HARD on its episodes), float64 for float32 (INFO), names short of the shape (dataset)', async () => {
    const dir = await generate(inVersion(version, { episodes: 8, episodeLength: 60, joints: JOINTS, seed: 2 }, 4));
    const episodes = new EpisodeRewriter(dir);
    await rewrite(dir, await episodes.fileOf(2), 'SELECT * EXCLUDE (task_index) FROM t');
    await rewrite(dir, await episodes.fileOf(5), 'SELECT * REPLACE (action::DOUBLE[] AS action) FROM t');
    editJson(dir, 'meta/info.json', (info) => {
      (info.features as Record<string, { names: unknown }>)['observation.state'].names = JOINTS.slice(0, 4);
    });
    const report = await evaluateFolder(dir);
    const inFileOf = (episode: number) => (version === 'v3.0' ? [0, 1, 2, 3].map((k) => k + 4 * Math.floor(episode / 4)) : [episode]);

    expect(flaggedBy(report, 'schema_consistency')).toEqual(inFileOf(2));
    for (const index of inFileOf(2)) {
      expect(reasonsOf(report, index, 'schema_consistency')).toEqual([expect.objectContaining({ level: EvidenceLevel.Hard, feature: 'task_index', message: expect.stringContaining('has no column "task_index"') })]);
      expect(episodeOf(report, index).metrics.schema_consistency).toBe(1);
    }
    const widened = report.episodes.filter((e) => e.notes.some((note) => note.metric === 'schema_consistency' && note.feature === 'action')).map((e) => e.episodeIndex);
    expect(widened).toEqual(inFileOf(5));
    expect(episodeOf(report, inFileOf(5)[0]).notes[0].message).toContain('DOUBLE[]');
    expect(datasetFindings(report, 'schema_consistency')).toEqual([expect.objectContaining({ level: EvidenceLevel.Hard, feature: 'observation.state', value: 4, threshold: 5 })]);
  });
});
