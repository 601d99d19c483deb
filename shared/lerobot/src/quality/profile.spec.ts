import { QualityVerdict } from '@robokit/api';
import { column } from '../duckdb';
import { evaluateFolder, generate, inVersion, VERSIONS } from '../testing/dataset-folders';
import { EpisodeRewriter } from '../testing/episode-rewrite';
import { flaggedBy } from '../testing/quality-report';

/**
 * Profiles (quality-metrics.md §6): the anchors fitted on a good session judge the next one. A second session
 * whose every episode shakes looks normal against itself; against the first session's profile it does not.
 */

const JOINTS = ['shoulder_pan', 'shoulder_lift', 'elbow', 'wrist', 'gripper'];
const STATE = 'observation.state';

describe.each(VERSIONS)('%s: a profile applied to the next session', (version) => {
  it("flags what the session's own fit hides, and reports the anchors that drifted", async () => {
    const spec = { episodes: 8, episodeLength: 200, joints: JOINTS };
    const good = await evaluateFolder(await generate(inVersion(version, { ...spec, seed: 1 })));
    const shaky = await generate(inVersion(version, { ...spec, seed: 2 }));
    const episodes = new EpisodeRewriter(shaky);
    const shake = `list_transform(range(1, 5), d -> ${column(STATE)}[d] + CASE WHEN frame_index % 2 = 0 THEN 1 ELSE -1 END) || [${column(STATE)}[5]]`;
    for (let index = 0; index < 8; index += 1) await episodes.rewrite(index, { [STATE]: `(${shake})::FLOAT[]` });

    const alone = await evaluateFolder(shaky);
    expect(flaggedBy(alone, 'jerk')).toEqual([]);

    const judged = await evaluateFolder(shaky, {}, { profile: { name: 'session 1', anchors: good.summary.fitted } });
    expect(flaggedBy(judged, 'jerk')).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(judged.summary.verdicts[QualityVerdict.Pass]).toBe(0);
    const jerk = judged.summary.profile?.anchors.find((entry) => entry.key === 'jerk_median');
    expect(jerk).toEqual(expect.objectContaining({ profile: good.summary.fitted.jerk_median, dataset: alone.summary.fitted.jerk_median, drifted: true }));
    expect(judged.summary.profile?.anchors[0].drifted).toBe(true);
    expect(judged.summary.notes).toEqual(expect.arrayContaining([expect.stringContaining('Thresholds taken from the profile "session 1"')]));
    expect(alone.summary.profile).toBeUndefined();
  });
});
