import { anchored, fmt, risk } from '../findings';
import { QualityParameters } from '../parameters';
import { median } from '../robust';
import { CameraResults } from './camera-results';
import { CameraSamples, sampleSpan } from './samples';

const MID_GRAY = 127.5;

/**
 * exposure (quality-metrics.md §5) on an episode's sampled frames: the median over the samples of
 * |mean gray − 127.5| and of the share of clipped pixels, so that a moment of shade (an arm in front of a
 * wrist camera) does not flag; the frame range spans the samples beyond the threshold.
 */
export function checkExposure(samples: CameraSamples, params: QualityParameters, results: CameraResults): void {
  const { episode, camera, exposures } = samples;
  const offsets = exposures.map((exposure) => Math.abs(exposure.mean - MID_GRAY));
  const offset = median(offsets);
  const clipped = median(exposures.map((exposure) => exposure.clipped));
  results.value(episode, 'exposure', offset);
  const where = { feature: camera, dimension: camera };
  if (offset > params.exposure_offset) {
    const dark = median(exposures.map((exposure) => exposure.mean)) < MID_GRAY;
    const frames = sampleSpan(samples, (k) => offsets[k] > params.exposure_offset);
    const message = `${camera} is ${dark ? 'too dark' : 'over-exposed'}: its mean gray level is ${fmt(offset)} from mid-gray (median of ${exposures.length} sampled frames).`;
    results.finding(episode, risk({ metric: 'exposure', value: offset, threshold: params.exposure_offset, frames, message, ...where }, anchored(offset, params.exposure_offset, params.exposure_offset_bad)));
  }
  if (clipped > params.exposure_clipped_share) {
    const frames = sampleSpan(samples, (k) => exposures[k].clipped > params.exposure_clipped_share);
    const message = `${camera}: ${fmt(100 * clipped)} % of the pixels are clipped (gray above ${params.exposure_high} or below ${params.exposure_low}; median of ${exposures.length} sampled frames).`;
    results.finding(episode, risk({ metric: 'exposure', value: clipped, threshold: params.exposure_clipped_share, frames, message, ...where }, anchored(clipped, params.exposure_clipped_share, params.exposure_clipped_bad)));
  }
}
