import { Worker } from 'node:worker_threads';
import { DimProfile, EpisodeSummary, measure, SideContext, SideResult, StoredStats } from './episode';
import { DimRanges } from './ranges';
import { SideMetrics, SideSetup } from './side-metrics';

/**
 * One episode for the side thread: its signals copied into one buffer, slot after slot. The buffer is moved to
 * the thread and back with the results, and used again: a new one per episode cost more than the copy.
 */
export interface SideJob {
  n: number;
  columns: ArrayBuffer;
  /** Per slot: whether the file has the column. */
  present: boolean[];
  ranges: DimRanges;
  profiles: DimProfile[];
  stats: StoredStats;
  moments: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

/** The side metrics' results and the job's buffer, back for the next episode. */
export interface SideAnswer {
  result: SideResult;
  columns: ArrayBuffer;
}

interface InFlight {
  summary: EpisodeSummary;
  /** Where the side metrics' findings go: after the main metrics', before any the caller adds later. */
  at: number;
  done: Promise<void>;
  settle: (error?: Error) => void;
}

/** The side metrics on a worker thread. The worker answers in order, so the oldest episode is the one answered. */
export class ThreadedSide implements SideMetrics {
  private readonly worker: Worker;
  private readonly queue: InFlight[] = [];
  private readonly spare: ArrayBuffer[] = [];
  private failure: Error | null = null;
  private closing = false;

  constructor(path: string, setup: SideSetup) {
    this.worker = new Worker(path, { workerData: setup });
    this.worker.on('message', ({ result, columns }: SideAnswer) => {
      this.spare.push(columns);
      this.merge(result);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`The side metrics' thread stopped with exit code ${code}.`)));
  }

  analyse(context: SideContext, summary: EpisodeSummary): void {
    if (this.failure) throw this.failure;
    const { n, plan, run } = context;
    const length = plan.dims.length * n;
    const columns = new Float64Array(this.buffer(length * Float64Array.BYTES_PER_ELEMENT), 0, length);
    const present = plan.dims.map((dim) => {
      const values = run.signals[dim.slot];
      if (values) columns.set(values.subarray(0, n), dim.slot * n);
      return values !== null;
    });
    const job: SideJob = { n, columns: columns.buffer, present, ranges: context.ranges, profiles: context.profiles, stats: context.stats, moments: summary.moments, min: summary.min, max: summary.max };
    this.worker.postMessage(job, [columns.buffer]);
    let settle: InFlight['settle'] = () => undefined;
    const done = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    // Awaited through settled(); an episode nobody waits for (an aborted pass) must not count as unhandled.
    done.catch(() => undefined);
    this.queue.push({ summary, at: summary.findings.length, done, settle });
  }

  async settled(backlog: number): Promise<void> {
    while (this.queue.length > backlog) await this.queue[0].done;
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }

  /** A spare buffer that holds `bytes`, or a new one in place of a spare too small: the spares stay as many as the episodes in flight. */
  private buffer(bytes: number): ArrayBuffer {
    const fits = this.spare.findIndex((buffer) => buffer.byteLength >= bytes);
    if (fits >= 0) return this.spare.splice(fits, 1)[0];
    this.spare.pop();
    return new ArrayBuffer(bytes);
  }

  /** The results in the summary as the inline run leaves them: findings in place, metrics in their order. */
  private merge(result: SideResult): void {
    const job = this.queue.shift() as InFlight;
    const { summary } = job;
    summary.findings.splice(job.at, 0, ...result.findings);
    for (const code of Object.keys(result.metrics)) measure(summary, code, result.metrics[code], result.notApplicable[code]);
    summary.jumps.push(...result.jumps);
    summary.hash = result.hash;
    summary.edges = result.edges;
    job.settle();
  }

  private fail(error: Error): void {
    if (this.closing || this.failure) return;
    this.failure = error;
    for (const job of this.queue.splice(0)) job.settle(error);
  }
}
