import { createHash } from 'node:crypto';
import { EpisodeSummary, measure, SideContext, SideSummary } from '../episode';
import { hard, risk } from '../findings';

/**
 * duplicate_episode, in-pass part: SHA-256 over the signal columns as float64 (so the same values hash the
 * same whatever the stored float width; index, timestamp and task columns left out), and the first and last
 * rows for the near-duplicate test.
 */
export function fingerprint(context: SideContext, summary: SideSummary): void {
  const { run, n, plan } = context;
  const hash = createHash('sha256');
  const edges = new Float64Array(plan.dims.length * 2).fill(NaN);
  for (const dim of plan.dims) {
    const values = run.signals[dim.slot];
    if (!values || n === 0) continue;
    hash.update(new Uint8Array(values.buffer, values.byteOffset, n * Float64Array.BYTES_PER_ELEMENT));
    edges[dim.slot * 2] = values[0];
    edges[dim.slot * 2 + 1] = values[n - 1];
  }
  summary.hash = hash.digest('hex');
  summary.edges = edges;
}

/**
 * Dataset part: exact copies (same hash) are HARD on every copy after the first; near copies (same length,
 * same first and last rows, other data) are RISK. Conflicting task labels are named.
 */
export function markDuplicates(summaries: EpisodeSummary[], taskOf: (summary: EpisodeSummary) => string | null): void {
  const exact = new Map<string, EpisodeSummary>();
  const near = new Map<string, EpisodeSummary>();
  for (const summary of summaries) {
    if (summary.hash === null || summary.edges === null || summary.rows === 0) {
      measure(summary, 'duplicate_episode', null, 'no frames were read');
      continue;
    }
    measure(summary, 'duplicate_episode', 0);
    const tasks = (other: EpisodeSummary) => {
      const mine = taskOf(summary);
      const theirs = taskOf(other);
      return mine === theirs ? '' : ` Their tasks differ: "${theirs ?? ''}" against "${mine ?? ''}".`;
    };
    const original = exact.get(summary.hash);
    if (original) {
      summary.metrics.duplicate_episode = 1;
      summary.findings.push(
        hard({ metric: 'duplicate_episode', value: original.index, message: `The signals are identical to episode ${original.index} (same SHA-256).${tasks(original)}` }),
      );
      continue;
    }
    exact.set(summary.hash, summary);
    const key = `${summary.rows}|${Array.from(summary.edges).join(',')}`;
    const similar = near.get(key);
    if (similar) {
      summary.metrics.duplicate_episode = 1;
      summary.findings.push(
        risk(
          { metric: 'duplicate_episode', value: similar.index, message: `Same length and same first and last rows as episode ${similar.index}, other frames differ (a near copy).${tasks(similar)}` },
          1,
        ),
      );
      continue;
    }
    near.set(key, summary);
  }
}
