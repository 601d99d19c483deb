import { powerSpectrum } from './fft';
import { sparc } from './sparc';

function naiveSpectrum(signal: number[], length: number, bins: number): number[] {
  return Array.from({ length: bins }, (_, k) => {
    let re = 0;
    let im = 0;
    signal.forEach((x, t) => {
      re += x * Math.cos((2 * Math.PI * k * t) / length);
      im -= x * Math.sin((2 * Math.PI * k * t) / length);
    });
    return Math.hypot(re, im);
  });
}

describe('powerSpectrum', () => {
  it.each([
    [37, 256],
    [64, 64],
    [5, 8],
    [3, 4],
    [7, 16],
    [300, 8192],
    [100, 2048],
    [1000, 1024],
  ])('matches the DFT definition for %i samples padded to %i', (n, length) => {
    const signal = Array.from({ length: n }, (_, t) => Math.sin(t * 0.37) + 0.3 * Math.cos(t * 1.9) + (t % 7) / 10);
    const bins = length / 2 + 1;
    const { power, peak } = powerSpectrum(Float64Array.from(signal), n, length, bins);
    const expected = naiveSpectrum(signal, length, bins);
    expected.forEach((value, k) => expect(Math.sqrt(power[k])).toBeCloseTo(value, 8));
    expect(Math.sqrt(peak)).toBeCloseTo(Math.max(...expected), 8);
  });
});

describe('sparc', () => {
  const settings = { fps: 100, cutoffHz: 10, amplitude: 0.05, padding: 4 };
  const bell = (n: number) => Float64Array.from({ length: n }, (_, t) => Math.exp(-(((t - n / 2) / (n / 8)) ** 2)));

  it('gives the known value of a smooth Gaussian speed profile (≈ −1.4) and a lower one with tremor', () => {
    const smooth = sparc(bell(200), 200, settings) as number;
    expect(smooth).toBeGreaterThan(-1.6);
    expect(smooth).toBeLessThan(-1.3);
    const shaky = bell(200).map((v, t) => v * (1 + 0.3 * Math.sin(2 * Math.PI * 6 * (t / 100))));
    expect(sparc(shaky, 200, settings) as number).toBeLessThan(smooth - 0.2);
  });

  it('is not measurable on a profile that never moves', () => {
    expect(sparc(new Float64Array(50), 50, settings)).toBeNull();
  });
});
