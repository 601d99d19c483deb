import { EvidenceLevel, QualityFinding } from '@robokit/api';

/**
 * A finding before scoring: `u` (0..1) is where its value sits between the metric's `good` and `bad` anchors
 * (quality-metrics.md §6). HARD findings are certain corruption, so u = 1.
 */
export interface Draft extends Omit<QualityFinding, 'severity'> {
  u: number;
}

export type DraftInput = Omit<Draft, 'u' | 'level' | 'feature' | 'dimension' | 'frames' | 'threshold'> &
  Partial<Pick<Draft, 'feature' | 'dimension' | 'frames' | 'threshold'>>;

/** Position of `value` from `good` (0) to `bad` (1), clamped; works for lower-is-worse anchors too. */
export function anchored(value: number, good: number, bad: number): number {
  if (bad === good) return value === good ? 0 : 1;
  return Math.min(1, Math.max(0, (value - good) / (bad - good)));
}

export function hard(input: DraftInput): Draft {
  return { feature: null, dimension: null, frames: null, threshold: null, ...input, level: EvidenceLevel.Hard, u: 1 };
}

export function risk(input: DraftInput, u: number): Draft {
  return { feature: null, dimension: null, frames: null, threshold: null, ...input, level: EvidenceLevel.Risk, u };
}

export function info(input: DraftInput): Draft {
  return { feature: null, dimension: null, frames: null, threshold: null, ...input, level: EvidenceLevel.Info, u: 0 };
}

/** Short numbers for messages. */
export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return Number(value.toPrecision(digits)).toString();
}
