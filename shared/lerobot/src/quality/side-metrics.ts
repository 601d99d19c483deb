import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EpisodeSummary, SideContext, SideSummary } from './episode';
import { fingerprint } from './metrics/duplicates';
import { checkSpikes } from './metrics/spikes';
import { checkStatsDrift } from './metrics/stats-drift';
import { checkCalibration, checkTracking } from './metrics/tracking';
import { QualityParameters } from './parameters';
import { SignalPlan } from './signals';
import { ThreadedSide } from './side-thread';

/**
 * The side metrics: the last per-episode metrics, which need only the signals and the profile the others made.
 * They take about half of the per-episode work; on a second thread they run while the main thread reads and
 * analyses the next episodes, on the core that DuckDB's decoding leaves half idle.
 */
export function analyseSide(context: SideContext, summary: SideSummary): void {
  checkSpikes(context, summary);
  checkTracking(context, summary);
  checkCalibration(context, summary);
  fingerprint(context, summary);
  checkStatsDrift(context, summary);
}

/** What stays the same for every episode of an analysis (handed to the thread once). */
export interface SideSetup {
  plan: SignalPlan;
  params: QualityParameters;
  fps: number;
}

/** Runs the side metrics of each episode handed over, now or later; `settled` says when they are in its summary. */
export interface SideMetrics {
  analyse(context: SideContext, summary: EpisodeSummary): void;
  /** Resolves when at most `backlog` episodes are still being analysed; rejects when the analysis failed. */
  settled(backlog: number): Promise<void>;
  close(): Promise<void>;
}

/** On the caller's thread: the results are in the summary when `analyse` returns. */
export const INLINE_SIDE: SideMetrics = {
  analyse: analyseSide,
  settled: async () => undefined,
  close: async () => undefined,
};

/**
 * Node starts a worker thread from JavaScript only: the build has side-worker.js beside this module, the jest
 * suites (run from the TypeScript source) do not, and there the metrics run inline. Both give the same report
 * (side-thread.spec.ts compares them).
 */
const WORKER = join(__dirname, 'side-worker.js');

export function openSideMetrics(setup: SideSetup): SideMetrics {
  return existsSync(WORKER) ? new ThreadedSide(WORKER, setup) : INLINE_SIDE;
}
