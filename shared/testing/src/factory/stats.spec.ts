import { estimateNumSamples, featureStatsJson, numericStats, sampleIndices } from './stats';
import { pyJsonDumps } from './py-json';

const v21 = (values: number[], width: number, buffer: 'float32' | 'float64' | 'int64') =>
  featureStatsJson(numericStats(Float64Array.from(values), width, buffer, 'v2.1'));
const stats = (values: number[], width: number, buffer: 'float32' | 'float64' | 'int64') =>
  JSON.parse(pyJsonDumps(v21(values, width, buffer))) as Record<string, number[]>;

describe('episode stats', () => {
  it('reproduces NumPy float32 stats of a (frames x joints) buffer bit for bit', () => {
    // NumPy 2.4: a = np.array([[0.1,-2],[0.2,0.3],[0.7,7.7],[1e-3,5.5]], dtype=np.float32); np.mean(a, axis=0) ...
    const values = [0.1, -2, 0.2, 0.3, 0.7, 7.7, 1e-3, 5.5].map(Math.fround);
    expect(stats(values, 2, 'float32')).toEqual({
      min: [0.0010000000474974513, -2.0],
      max: [0.699999988079071, 7.699999809265137],
      mean: [0.2502500116825104, 2.875],
      std: [0.26902636885643005, 3.891256093978882],
      count: [4],
    });
  });

  it('matches the stats LeRobot recorded for a 479-frame episode (g1-policy-train episode 0)', () => {
    const frames = Array.from({ length: 479 }, (_, i) => i);
    expect(stats(frames.map((i) => i / 30), 1, 'float64')).toEqual({
      min: [0.0], max: [15.933333333333334], mean: [7.966666666666666], std: [4.609169604651628], count: [479],
    });
    expect(stats(frames, 1, 'int64')).toEqual({ min: [0], max: [478], mean: [239.0], std: [138.27508813954884], count: [479] });
    const text = pyJsonDumps(v21(frames, 1, 'int64'));
    expect(text).toBe('{"min": [0], "max": [478], "mean": [239.0], "std": [138.27508813954884], "count": [479]}');
  });

  it('samples camera frames like LeRobot (estimate_num_samples, round-half-even linspace)', () => {
    expect([1, 50, 100, 299, 470, 479, 1000, 10_000, 1_000_000].map(estimateNumSamples)).toEqual([
      1, 50, 100, 100, 100, 102, 177, 1000, 10_000,
    ]);
    expect(sampleIndices(299).slice(0, 12)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33]);
    expect(sampleIndices(479).slice(0, 12)).toEqual([0, 5, 9, 14, 19, 24, 28, 33, 38, 43, 47, 52]);
    expect(sampleIndices(479)).toHaveLength(102);
    expect(sampleIndices(479).at(-1)).toBe(478);
    expect(sampleIndices(1)).toEqual([0]);
  });
});
