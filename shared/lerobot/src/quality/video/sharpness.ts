import { anchored, fmt, risk } from '../findings';
import { QualityParameters } from '../parameters';
import { median, robustScale } from '../robust';
import { CameraResults } from './camera-results';
import { CameraSamples, sampleSpan } from './samples';

interface Fit {
  intercept: number;
  slope: number;
  centre: number;
  sigma: number;
}

/**
 * ln(1 + variance of the Laplacian) against the arm's speed, least squares over the sampled frames of one
 * camera (a moving arm blurs the picture, and that blur is not a camera fault), with the median and robust σ
 * of the residuals. Null with fewer than `minEpisodes` episodes to fit on.
 */
function fitSharpness(fitOn: CameraSamples[], minEpisodes: number): Fit | null {
  if (fitOn.length < minEpisodes) return null;
  const x = fitOn.flatMap((samples) => samples.speeds);
  const y = fitOn.flatMap((samples) => samples.sharpness);
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i += 1) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const intercept = my - slope * mx;
  const residuals = Float64Array.from(y, (value, i) => value - intercept - slope * x[i]);
  const { median: centre, sigma } = robustScale(residuals, residuals.length, new Float64Array(residuals.length));
  return { intercept, slope, centre, sigma };
}

/**
 * sharpness (quality-metrics.md §5) for every episode of one camera. Blur: the median of an episode's
 * residuals (how much less detail its frames show than the arm's speed explains, in ln units) below
 * −max(`sharpness_sigma` robust σ, `sharpness_min_drop`): the floor keeps a dataset of near-identical
 * frames, whose σ is tiny, from flagging codec noise. Contrast: the median std of gray below `contrast_min`;
 * such an episode is not also called blurred.
 */
export function checkSharpness(camera: CameraSamples[], fitOn: CameraSamples[], params: QualityParameters, results: CameraResults): void {
  // A dark or washed-out picture shows little detail at any focus: it is reported as low contrast, not as blur.
  const flat = new Set<CameraSamples>();
  for (const samples of camera) {
    const contrast = median(samples.exposures.map((exposure) => exposure.std));
    if (contrast < params.contrast_min) {
      flat.add(samples);
      const frames = sampleSpan(samples, (k) => samples.exposures[k].std < params.contrast_min);
      const message = `${samples.camera} has little contrast: the std of its gray levels is ${fmt(contrast)} (median of ${samples.exposures.length} sampled frames).`;
      results.finding(samples.episode, risk({ metric: 'sharpness', value: contrast, threshold: params.contrast_min, feature: samples.camera, dimension: samples.camera, frames, message }, anchored(contrast, params.contrast_min, params.contrast_bad)));
    }
  }
  const fit = fitSharpness(fitOn, params.fit_min_episodes);
  if (!fit) {
    for (const samples of camera) {
      results.unmeasured(samples.episode, 'sharpness', `${samples.camera}: ${fitOn.length} episode(s) without HARD findings have sampled frames; ${params.fit_min_episodes} are needed to fit sharpness against arm speed`);
    }
    return;
  }
  const scale = Math.max(fit.sigma, params.sharpness_min_drop / params.sharpness_sigma);
  const threshold = -params.sharpness_sigma * scale;
  const bad = -params.sharpness_sigma_bad * scale;
  for (const samples of camera) {
    const residuals = samples.sharpness.map((value, k) => value - fit.intercept - fit.slope * samples.speeds[k] - fit.centre);
    const value = median(residuals);
    results.value(samples.episode, 'sharpness', value);
    if (value >= threshold || flat.has(samples)) continue;
    const frames = sampleSpan(samples, (k) => residuals[k] < threshold);
    const message = `${samples.camera} is blurred: its frames show ${fmt(100 * (1 - Math.exp(value)))} % less detail (variance of the Laplacian) than the dataset's at the same arm speed (median of ${residuals.length} sampled frames).`;
    results.finding(samples.episode, risk({ metric: 'sharpness', value, threshold, feature: samples.camera, dimension: samples.camera, frames, message }, anchored(value, threshold, bad)));
  }
}
