import { QualityVerdict } from '@robokit/api';
import { emptySummary } from './episode';
import { hard, risk } from './findings';
import { resolveQualityParameters } from './parameters';
import { scoreEpisode, severityOf } from './score';

const params = resolveQualityParameters();

function scored(...findings: ReturnType<typeof risk>[]) {
  const summary = emptySummary(3, null, 0);
  summary.rows = 300;
  summary.findings.push(...findings);
  return scoreEpisode(summary, params, 'Pick', 30);
}

describe('score and verdict', () => {
  it('is 100 and PASS with nothing flagged', () => {
    expect(scored()).toEqual(expect.objectContaining({ score: 100, verdict: QualityVerdict.Pass, flags: [], reasons: [], durationS: 10 }));
  });

  it('follows 100 × exp(−w × −ln(1 − 0.98 × smoothstep(u))): u = 0 costs nothing, u = 1 leaves 2 points', () => {
    expect(severityOf(0, 1)).toBe(0);
    expect(100 * Math.exp(-severityOf(1, 1))).toBeCloseTo(2, 10);
    expect(severityOf(0.5, 1)).toBeCloseTo(-Math.log(1 - 0.98 * 0.5), 10);
    expect(scored(risk({ metric: 'idle', value: 0.55, message: '' }, 0.5)).score).toBeCloseTo(100 * (1 - 0.98 * 0.5), 8);
  });

  it('counts a metric once, at its worst finding, and sorts the reasons worst first', () => {
    const episode = scored(risk({ metric: 'spikes', value: 1, message: 'a' }, 0.2), risk({ metric: 'spikes', value: 9, message: 'b' }, 0.9), risk({ metric: 'idle', value: 0.4, message: 'c' }, 0.5));
    expect(episode.reasons.map((r) => r.message)).toEqual(['b', 'c', 'a']);
    expect(episode.flags).toEqual(['spikes', 'idle']);
    expect(episode.score).toBeCloseTo(100 * Math.exp(-(severityOf(0.9, 1) + severityOf(0.5, 1))), 8);
    expect(episode.verdict).toBe(QualityVerdict.Review);
  });

  it('excludes on any HARD finding, weighted 3 for integrity metrics', () => {
    const episode = scored(hard({ metric: 'non_finite', value: 2, message: 'NaN' }), risk({ metric: 'idle', value: 0.4, message: 'idle' }, 1));
    expect(episode.verdict).toBe(QualityVerdict.Exclude);
    expect(episode.reasons[0].metric).toBe('non_finite');
    expect(episode.reasons[0].severity).toBeCloseTo(3 * -Math.log(0.02), 10);
    expect(episode.score).toBeGreaterThan(0);
  });
});
