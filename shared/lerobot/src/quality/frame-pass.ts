import { LeRobotDataset, EpisodeRecord } from '../dataset';
import { StatsByFeature } from '../stats';
import { analyseEpisode } from './analyse-episode';
import { emptySummary, EpisodeSummary, measure, Scratch, StoredStats } from './episode';
import { Draft, hard } from './findings';
import { DataFile, FrameRun, readFrames } from './frame-reader';
import { expectedFirstIndices } from './metrics/integrity';
import { TRAJECTORY_METRICS } from './metrics/trajectory';
import { QualityParameters } from './parameters';
import { SideMetrics } from './side-metrics';
import { DimRanges, matchesStats, StatsRanges } from './ranges';
import { SignalPlan } from './signals';

/** Metrics measured on frames: an episode whose frames could not be read has each of them n/a. */
const FRAME_METRICS = [
  'non_finite',
  'length_mismatch',
  'index_integrity',
  'timestamp_sync',
  'timestamp_jitter',
  'dropped_frames',
  'fps_mismatch',
  'timestamp_offset',
  'stale_state',
  'frozen_action',
  'jerk',
  'ldlj',
  'smoothness_sparc',
  'idle',
  'spikes',
  'saturation',
  'tracking_lag',
  'calibration_offset',
  'stats_drift',
  ...TRAJECTORY_METRICS,
];

/** What the frame pass reads and how (decided once from the metadata). */
export interface PassSetup {
  dataset: LeRobotDataset;
  selected: EpisodeRecord[];
  plan: SignalPlan;
  params: QualityParameters;
  /** Findings the metadata and the file schemas give, per episode. */
  metadataFindings: Map<number, Draft[]>;
  /** Stored per-episode stats; null with the reason when the dataset keeps none (v2.0) or they cannot be read. */
  episodeStats: Map<number, StatsByFeature> | null;
  episodeStatsAbsent: string;
  /** Per episode: points its trajectory is resampled to. */
  trajectoryPoints: Map<number, number>;
  dataFiles: DataFile[];
  /** v2.x: each file is one episode, whatever episode_index its rows carry. */
  fileEpisodes: Map<string, EpisodeRecord> | null;
  /** Rows of only these episodes (a v3.0 sample). */
  filter: number[] | undefined;
  /** Rows expected in all, for progress. */
  expectedRows: number;
}

interface FileProblem {
  error: string | null;
}

/** The frame pass: reads every data file once, analyses each episode as soon as its rows are complete. */
export class FramePass {
  readonly summaries = new Map<number, EpisodeSummary>();
  readonly findings: Draft[] = [];
  readonly problems = new Map<string, FileProblem>();
  private readonly scratch = new Scratch();
  private readonly firstIndex: Map<number, number>;
  private readonly selected: Map<number, EpisodeRecord>;
  private readonly known: Set<number>;

  constructor(
    private readonly setup: PassSetup,
    readonly ranges: DimRanges,
    private readonly side: SideMetrics,
  ) {
    this.selected = new Map(setup.selected.map((episode) => [episode.index, episode]));
    this.firstIndex = expectedFirstIndices(setup.dataset);
    this.known = new Set(setup.dataset.episodes.map((episode) => episode.index));
  }

  /** Analyses a run of rows as the episode it belongs to; returns that episode's summary, if any. */
  accept(run: FrameRun): EpisodeSummary | null {
    const own = this.setup.fileEpisodes?.get(run.file);
    if (own) return this.analyse(own, run);
    const value = run.episode ? run.episode[0] : NaN;
    if (!Number.isInteger(value)) {
      this.findings.push(hard({ metric: 'index_integrity', value: run.rows, message: `${run.rows} row(s) of ${run.file} have no usable episode_index and belong to no episode.` }));
      return null;
    }
    const record = this.selected.get(value);
    if (!record) {
      if (!this.known.has(value)) {
        this.findings.push(hard({ metric: 'index_integrity', value: run.rows, message: `${run.rows} row(s) of ${run.file} carry episode_index ${value}, which the metadata does not list.` }));
      }
      return null;
    }
    const earlier = this.summaries.get(value);
    if (earlier) {
      earlier.findings.push(hard({ metric: 'index_integrity', value: run.rows, message: `The episode's rows are not contiguous: ${run.rows} more row(s) follow later in ${run.file} (not analysed).` }));
      return null;
    }
    const summary = this.analyse(record, run);
    if (record.dataFile !== run.file) {
      summary.findings.push(hard({ metric: 'index_integrity', value: run.rows, message: `The episode's rows are in ${run.file}; the metadata puts them in ${record.dataFile}.` }));
    }
    return summary;
  }

  private analyse(record: EpisodeRecord, run: FrameRun): EpisodeSummary {
    const summary = this.start(record);
    analyseEpisode(
      {
        run,
        n: run.rows,
        fps: this.setup.dataset.info.fps,
        plan: this.setup.plan,
        params: this.setup.params,
        ranges: this.ranges,
        record,
        expectedFirstIndex: this.firstIndex.get(record.index) ?? null,
        stats: this.storedStats(record.index),
        trajectoryPoints: this.setup.trajectoryPoints.get(record.index) ?? 2,
        scratch: this.scratch,
      },
      summary,
      this.side,
    );
    return summary;
  }

  private storedStats(episode: number): StoredStats {
    const { episodeStats, episodeStatsAbsent } = this.setup;
    const byFeature = episodeStats?.get(episode);
    if (byFeature) return { byFeature };
    return { absent: episodeStats ? 'the metadata holds no stats for this episode' : episodeStatsAbsent };
  }

  private start(record: EpisodeRecord): EpisodeSummary {
    const summary = emptySummary(record.index, record, this.setup.plan.dims.length);
    summary.findings.push(...(this.setup.metadataFindings.get(record.index) ?? []));
    this.summaries.set(record.index, summary);
    return summary;
  }

  /** Episodes with no rows read, and what the files' problems mean for their episodes. */
  finish(): EpisodeSummary[] {
    for (const record of this.selected.values()) {
      if (this.summaries.has(record.index)) continue;
      const summary = this.start(record);
      const error = this.problems.get(record.dataFile)?.error;
      const reason = error ? `${record.dataFile} could not be read (${error})` : `${record.dataFile} holds no row of this episode`;
      summary.findings.push(hard({ metric: 'length_mismatch', value: 0, threshold: record.length, message: `No rows of this episode were read: ${reason}; the metadata says ${record.length}.` }));
      for (const code of FRAME_METRICS) measure(summary, code, null, reason);
      measure(summary, 'length_mismatch', record.length);
    }
    return [...this.summaries.values()].sort((a, b) => a.index - b.index);
  }
}

/** Progress that only moves forward, over a span that a restarted pass narrows. */
export class Progress {
  private shown = 0;
  private base = 0;

  constructor(private readonly report: (fraction: number) => Promise<void>) {}

  /** A new pass covers what is left. */
  restart(): void {
    this.base = this.shown;
  }

  async at(fraction: number): Promise<void> {
    const value = Math.min(1, this.base + (1 - this.base) * fraction);
    if (value <= this.shown) return;
    this.shown = value;
    await this.report(value);
  }
}

/** Episodes whose side metrics may still be running while the pass reads on: their copies are what memory holds. */
const SIDE_BACKLOG = 4;

/**
 * Runs the frame pass with the given normalisation ranges. With ranges taken from the metadata stats, each
 * episode's data must reproduce its own stats min/max; at the first that does not, the pass stops and
 * returns null, so that the caller reruns it on ranges read from the data. An aborted `signal` stops it at the
 * next run of rows. When it returns, every summary holds its side metrics.
 */
export async function runFramePass(setup: PassSetup, ranges: DimRanges, stats: StatsRanges | null, progress: Progress, side: SideMetrics, signal?: AbortSignal): Promise<FramePass | null> {
  const pass = new FramePass(setup, ranges, side);
  const grouping = setup.fileEpisodes ? 'file' : 'episode';
  let files = 0;
  let rows = 0;
  // The dataset pass after it is quick: the frame pass takes the progress to 99 %.
  const fraction = () => 0.99 * Math.min(1, Math.max(files / Math.max(1, setup.dataFiles.length), rows / Math.max(1, setup.expectedRows)));
  for await (const event of readFrames(setup.dataFiles, setup.plan, { grouping, episodes: setup.filter })) {
    signal?.throwIfAborted();
    if (event.kind === 'run') {
      const summary = pass.accept(event.run);
      if (stats && summary && !matchesStats(stats.episodes.get(summary.index), summary.min, summary.max)) {
        await side.settled(0);
        return null;
      }
      await side.settled(SIDE_BACKLOG);
      continue;
    }
    if (event.kind === 'rows') {
      rows += event.rows;
    } else {
      pass.problems.set(event.file.file, { error: event.file.error });
      files += 1;
    }
    await progress.at(fraction());
  }
  await side.settled(0);
  return pass;
}
