import { JobParameterSpec } from '@robokit/api';
import { QUALITY_PARAMETERS, QualityParameterError, resolveQualityParameters } from './parameters';

describe('QUALITY_PARAMETERS', () => {
  const specs = Object.entries(QUALITY_PARAMETERS as Record<string, JobParameterSpec>);

  it('declares every parameter with a title, a description and a default inside its bounds', () => {
    for (const [name, spec] of specs) {
      expect([name, spec.title.length > 0, spec.description.length > 0]).toEqual([name, true, true]);
      if (typeof spec.default === 'number') {
        expect(spec.default).toBeGreaterThanOrEqual(spec.minimum ?? -Infinity);
        expect(spec.default).toBeLessThanOrEqual(spec.maximum ?? Infinity);
        if (spec.kind === 'integer') expect(Number.isInteger(spec.default)).toBe(true);
      }
    }
  });

  it('holds the catalogue defaults and a weight per scored metric (integrity 3)', () => {
    const defaults = resolveQualityParameters();
    expect(defaults).toEqual(
      expect.objectContaining({ features: 'action,observation.state', episode_sample: 0, tolerance_s: 1e-4, spike_sigma: 6, jerk_factor: 4, idle_ratio: 0.3, tracking_max_lag: 10 }),
    );
    expect([defaults.non_finite_weight, defaults.timestamp_sync_weight, defaults.jerk_weight]).toEqual([3, 3, 1]);
  });

  it('applies given values and refuses unknown names, wrong kinds and values out of bounds, all at once', () => {
    expect(resolveQualityParameters({ episode_sample: 50, features: 'action' })).toEqual(expect.objectContaining({ episode_sample: 50, features: 'action' }));
    let error: QualityParameterError | undefined;
    try {
      resolveQualityParameters({ nope: 1, spike_sigma: 0, episode_sample: 1.5, features: 3 });
    } catch (caught) {
      error = caught as QualityParameterError;
    }
    expect(error?.problems).toEqual([
      'nope is not a parameter',
      'features must be a string',
      'episode_sample must be a whole number',
      'spike_sigma must be at least 1',
    ]);
  });
});
