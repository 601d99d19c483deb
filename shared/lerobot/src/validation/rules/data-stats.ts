import { FindingLocation, Severity } from '@robokit/api';
import { LeRobotDataset } from '../../dataset';
import { FeatureSpec } from '../../info';
import { normaliseNames } from '../../names';
import { isNumericDtype } from '../../scan/column-types';
import { FeatureScan } from '../../scan/episode-scan';
import { combineMoments, EMPTY_MOMENTS, Moments } from '../../scan/moments';
import { EPISODES_STATS, FeatureStats, StatsByFeature, STATS_JSON, storedValues } from '../../stats';
import { FindingCollector } from '../findings';
import { CheckedStat, truthOf, unitRoundoff, withinTolerance } from '../../stats-tolerance';

const CHECKED: CheckedStat[] = ['min', 'max', 'mean', 'std'];

const format = (value: number) => (Number.isInteger(value) ? String(value) : value.toPrecision(6));

/**
 * Stored stats against the frames (lerobot-format.md §6): per episode (v2.1 episodes_stats.jsonl, v3.0 the
 * stats/* columns) and, for v2.0 and v3.0, meta/stats.json against the aggregate of the recomputed episodes.
 * Cameras are left out: their stats come from decoded video.
 */
export class StatsCheck {
  private readonly features: [string, FeatureSpec][];
  private readonly dataset = new Map<string, { dims: Moments[]; rows: number; longest: number }>();
  /** Features whose frames hold NaN/Inf or misshapen rows somewhere: their stats cannot match. */
  private readonly tainted = new Set<string>();

  constructor(
    private readonly source: LeRobotDataset,
    private readonly findings: FindingCollector,
    private readonly perEpisode: Map<number, StatsByFeature> | null,
  ) {
    this.features = Object.entries(source.info.features).filter(([, feature]) => isNumericDtype(feature.dtype));
  }

  /** Adds a group of rows to the dataset aggregate. */
  addRows(numeric: Map<string, FeatureScan>, rows: number, misshapen: Set<string>): void {
    // A feature some rows lack (no column, another type, too many elements) has no complete aggregate.
    for (const [key] of this.features) if (!numeric.has(key)) this.tainted.add(key);
    for (const [key, scan] of numeric) {
      if (scan.nonFinite || misshapen.has(key)) this.tainted.add(key);
      const total = this.dataset.get(key) ?? { dims: scan.dims.map(() => EMPTY_MOMENTS), rows: 0, longest: 0 };
      total.dims = total.dims.map((dim, d) => combineMoments(dim, scan.dims[d] ?? EMPTY_MOMENTS));
      total.rows += rows;
      total.longest = Math.max(total.longest, rows);
      this.dataset.set(key, total);
    }
  }

  /** The episode's stored stats against its frames (the rows in its own file, which number `length`). */
  checkEpisode(episode: number, length: number, numeric: Map<string, FeatureScan>, misshapen: Set<string>): void {
    const stored = this.perEpisode?.get(episode);
    if (!stored) return; // v2.0 keeps none; a missing entry is EPISODE_STATS_MISSING (stats-meta)
    const file = this.source.version === 'v2.1' ? EPISODES_STATS : 'meta/episodes';
    for (const [key, feature] of this.features) {
      const scan = numeric.get(key);
      if (!scan || scan.nonFinite || misshapen.has(key)) continue;
      const location = { file, episode, feature: key };
      const stats = stored[key];
      if (!stats) {
        this.findings.add('STATS_FEATURE_MISSING', Severity.Warning, `Episode ${episode} has no stats for feature "${key}" in ${file}; LeRobot aggregates the episodes' stats into the normalisation stats, which then lack it.`, location);
        continue;
      }
      this.compare(`Episode ${episode}`, key, feature, stats, scan.dims, length, length, location);
    }
  }

  /** meta/stats.json against the aggregate of every episode's recomputed stats (§6.3); only when every file was read. */
  checkDatasetStats(stored: StatsByFeature): void {
    for (const [key, feature] of this.features) {
      const total = this.dataset.get(key);
      if (!total || this.tainted.has(key)) continue;
      const location = { file: STATS_JSON, feature: key };
      const stats = stored[key];
      if (!stats) {
        this.findings.add('STATS_FEATURE_MISSING', Severity.Warning, `${STATS_JSON} has no stats for feature "${key}"; LeRobot cannot normalise it.`, location);
        continue;
      }
      // v3.0 aggregates float32 per-episode stats (errors of the longest episode); v2.0 summed over the whole dataset.
      const n = this.source.version === 'v3.0' ? total.longest : total.rows;
      this.compare(STATS_JSON, key, feature, stats, total.dims, total.rows, n, location);
    }
  }

  private compare(subject: string, key: string, feature: FeatureSpec, stats: FeatureStats, truth: Moments[], rows: number, n: number, location: FindingLocation): void {
    const names = normaliseNames(feature.names).names;
    const label = (d: number) => `${key}[${d}]${names?.[d] ? ` ("${names[d]}")` : ''}`;
    const u = unitRoundoff(feature.dtype);
    const means = stats.mean === undefined ? [] : storedValues(stats.mean);
    for (const stat of CHECKED) {
      if (stats[stat] === undefined) {
        this.findings.add('STATS_FEATURE_MISSING', Severity.Warning, `${subject}: the stats of "${key}" have no ${stat}; LeRobot's normalisation needs it.`, location);
        continue;
      }
      const values = storedValues(stats[stat]);
      if (values.length !== truth.length) {
        this.findings.add('STATS_SHAPE_MISMATCH', Severity.Warning, `${subject}: the stored ${stat} of "${key}" has ${values.length} value(s), but the feature has ${truth.length} element(s); LeRobot broadcasts stats against the feature and fails or mixes dimensions.`, location);
        continue;
      }
      const bad = truth.flatMap((dim, d) => (withinTolerance(stat, values[d], { truth: dim, storedMean: means[d], u, n }) ? [] : [d]));
      if (bad.length === 0) continue;
      const d = bad[0];
      const range = truth[d].max - truth[d].min;
      this.findings.add(
        'STATS_MISMATCH',
        Severity.Warning,
        `${subject}: the stored ${stat} of ${label(d)} is ${format(values[d])}, but the frames give ${format(truthOf(stat, truth[d]))} (dimension range ${format(range)}; allowed: 1e-3 of the range plus LeRobot's float32 rounding)` +
          `${bad.length > 1 ? `; ${bad.length} of ${truth.length} dimensions differ` : ''}. LeRobot normalises the feature with these stats, so a policy trained on them sees shifted or rescaled values.`,
        location,
        bad.length,
      );
    }
    const count = stats.count === undefined ? undefined : storedValues(stats.count)[0];
    if (count !== undefined && count !== rows) {
      this.findings.add('STATS_COUNT_MISMATCH', Severity.Warning, `${subject}: the stored count of "${key}" is ${format(count)}, but there are ${rows} frames; LeRobot weights each episode by its count when it aggregates stats.`, location);
    }
  }
}
