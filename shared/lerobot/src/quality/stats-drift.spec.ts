import { EvidenceLevel, QualityReport } from '@robokit/api';
import { LeRobotVersion } from '@robokit/testing';
import { editJson, editLines, evaluateFolder, generate, inVersion, rewrite, VERSIONS } from '../testing/dataset-folders';
import { datasetFindings, episodeOf, flaggedBy, reasonsOf } from '../testing/quality-report';

/**
 * stats_drift and zero_std on generated datasets whose stored stats are edited where each version keeps them:
 * v2.0 meta/stats.json, v2.1 meta/episodes_stats.jsonl, v3.0 the stats/* columns of meta/episodes and
 * meta/stats.json. The frames are untouched, so whatever fires is the edited stat.
 */

const JOINTS = ['shoulder_pan', 'shoulder_lift', 'elbow', 'wrist', 'gripper'];
const STATE = 'observation.state';
const ELBOW = 2;
const WRIST = 3;

type Stat = { min: number[]; max: number[]; mean: number[]; std: number[] };

/** Moves the elbow's stored mean by 5 % of its stored range. */
const shiftElbowMean = (stats: Record<string, Stat>) => {
  const state = stats[STATE];
  state.mean[ELBOW] += 0.05 * (state.max[ELBOW] - state.min[ELBOW]);
};

async function datasetWithEditedStats(version: LeRobotVersion): Promise<QualityReport> {
  const dir = await generate(inVersion(version, { episodes: 8, episodeLength: 120, joints: JOINTS, seed: 4 }, 4));
  if (version === 'v2.0' || version === 'v3.0') {
    editJson(dir, 'meta/stats.json', (stats) => {
      shiftElbowMean(stats as Record<string, Stat>);
      (stats as Record<string, Stat>).action.std[WRIST] = 0;
    });
  }
  if (version === 'v2.1') {
    let firstMean: number | undefined;
    editLines(dir, 'meta/episodes_stats.jsonl', (row) => {
      const stats = row.stats as Record<string, Stat>;
      if (row.episode_index === 2) shiftElbowMean(stats);
      // The aggregate LeRobot normalises with has std 0 only when every episode has std 0 around one mean.
      firstMean ??= stats.action.mean[WRIST];
      stats.action.mean[WRIST] = firstMean;
      stats.action.std[WRIST] = 0;
    });
  }
  if (version === 'v3.0') {
    const mean = `"stats/${STATE}/mean"`;
    const q50 = `"stats/${STATE}/q50"`;
    const range = (d: number) => `("stats/${STATE}/max"[${d}] - "stats/${STATE}/min"[${d}])`;
    await rewrite(
      dir,
      'meta/episodes/chunk-000/file-000.parquet',
      `SELECT * REPLACE (
         CASE WHEN episode_index = 2 THEN list_transform(range(1, 6), d -> CASE WHEN d = ${ELBOW + 1} THEN ${mean}[d] + 0.05 * ${range(ELBOW + 1)} ELSE ${mean}[d] END) ELSE ${mean} END AS ${mean},
         CASE WHEN episode_index = 5 THEN list_transform(range(1, 6), d -> CASE WHEN d = 1 THEN ${q50}[d] + 0.1 * ${range(1)} ELSE ${q50}[d] END) ELSE ${q50} END AS ${q50}
       ) FROM t`,
    );
  }
  return evaluateFolder(dir);
}

describe.each(VERSIONS)('%s: stats_drift and zero_std', (version) => {
  let report: QualityReport;

  beforeAll(async () => {
    report = await datasetWithEditedStats(version);
  });

  it('zero_std: the stored std the normalisation divides by is 0 for the action wrist, whose frames do move', () => {
    const [zero] = datasetFindings(report, 'zero_std');
    expect(zero).toEqual(expect.objectContaining({ level: EvidenceLevel.Hard, feature: 'action', dimension: 'wrist', severity: 0 }));
    expect(zero.message).toContain('the stored stats are wrong');
    expect(datasetFindings(report, 'zero_std')).toHaveLength(1);
  });

  if (version === 'v2.0') {
    it('stats_drift: meta/stats.json against every frame, as a dataset finding (v2.0 keeps no episode stats)', () => {
      expect(datasetFindings(report, 'stats_drift')).toEqual([
        expect.objectContaining({ level: EvidenceLevel.Hard, feature: 'action', dimension: 'wrist', message: expect.stringContaining('the stored std of wrist is 0') }),
        expect.objectContaining({ level: EvidenceLevel.Hard, feature: STATE, dimension: 'elbow', message: expect.stringMatching(/^meta\/stats\.json: the stored mean of elbow/) }),
      ]);
      expect(flaggedBy(report, 'stats_drift')).toEqual([]);
      expect(episodeOf(report, 0).notApplicable.stats_drift).toContain('v2.0');
    });
  }

  if (version === 'v2.1') {
    it('stats_drift: the edited episode, over its whole frame range, on the elbow mean; every episode on the zeroed wrist std', () => {
      const elbow = reasonsOf(report, 2, 'stats_drift').filter((r) => r.feature === STATE);
      expect(elbow).toEqual([expect.objectContaining({ level: EvidenceLevel.Hard, dimension: 'elbow', frames: [0, 119], message: expect.stringContaining('stored mean of elbow') })]);
      expect(elbow[0].value).toBeCloseTo(0.05, 2);
      for (const e of report.episodes) {
        expect(reasonsOf(report, e.episodeIndex, 'stats_drift').filter((r) => r.feature === STATE)).toHaveLength(e.episodeIndex === 2 ? 1 : 0);
      }
      expect(flaggedBy(report, 'stats_drift')).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    });
  }

  if (version === 'v3.0') {
    it('stats_drift: the edited episodes (a mean, a stored quantile) and meta/stats.json, nothing else', () => {
      expect(flaggedBy(report, 'stats_drift')).toEqual([2, 5]);
      expect(reasonsOf(report, 2, 'stats_drift')).toEqual([expect.objectContaining({ feature: STATE, dimension: 'elbow', frames: [0, 119], message: expect.stringContaining('stored mean of elbow') })]);
      expect(reasonsOf(report, 5, 'stats_drift')).toEqual([expect.objectContaining({ feature: STATE, dimension: 'shoulder_pan', message: expect.stringContaining('stored q50 of shoulder_pan') })]);
      expect(datasetFindings(report, 'stats_drift').map((f) => [f.feature, f.dimension])).toEqual([
        ['action', 'wrist'],
        [STATE, 'elbow'],
      ]);
    });
  }
});
