import { parentPort, workerData } from 'node:worker_threads';
import { Scratch, SideSummary } from './episode';
import { analyseSide, SideSetup } from './side-metrics';
import { SideAnswer, SideJob } from './side-thread';

/** The side metrics' thread: one episode per message, answered in the order received. */
const { plan, params, fps } = workerData as SideSetup;
const scratch = new Scratch();

parentPort?.on('message', (job: SideJob) => {
  const { n } = job;
  const columns = new Float64Array(job.columns, 0, job.present.length * n);
  const signals = job.present.map((present, slot) => (present ? columns.subarray(slot * n, (slot + 1) * n) : null));
  const summary: SideSummary = { findings: [], metrics: {}, notApplicable: {}, jumps: [], hash: null, edges: null, moments: job.moments, min: job.min, max: job.max };
  analyseSide({ run: { signals }, n, fps, plan, params, ranges: job.ranges, profiles: job.profiles, stats: job.stats, scratch }, summary);
  const { findings, metrics, notApplicable, jumps, hash, edges } = summary;
  const answer: SideAnswer = { result: { findings, metrics, notApplicable, jumps, hash, edges }, columns: job.columns };
  parentPort?.postMessage(answer, [job.columns]);
});
