import { anchored, fmt, risk } from '../findings';
import { QualityParameters } from '../parameters';
import { CameraResults } from './camera-results';
import { GraySize } from './decode-gray';
import { medianImage, phaseShift } from './phase-correlation';

/** One episode's view of one camera: the median of its first second of frames (moving things drop out). */
export interface OpeningView {
  episode: number;
  camera: string;
  image: Uint8Array;
  size: GraySize;
  /** Source pixels per gray pixel, so the shift is reported in the video's own pixels. */
  scale: number;
  frames: number;
}

/** The size most of the camera's videos have: one odd episode must not make every other one the odd one. */
function commonSize(views: OpeningView[]): GraySize {
  const counts = new Map<string, { size: GraySize; count: number }>();
  for (const { size } of views) {
    const key = `${size.width}x${size.height}`;
    const entry = counts.get(key) ?? { size, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].reduce((best, entry) => (entry.count > best.count ? entry : best)).size;
}

export function openingView(episode: number, camera: string, frames: Uint8Array[], size: GraySize, sourceWidth: number): OpeningView {
  return { episode, camera, image: medianImage(frames), size, scale: sourceWidth / size.width, frames: frames.length };
}

/**
 * camera_shift (quality-metrics.md §5) for every episode of one camera: the phase correlation of its opening
 * view with the per-pixel median of the opening views of the episodes without HARD findings (a camera moved
 * between sessions is off by the same translation for all the frames of its episodes).
 */
export function checkCameraShift(views: OpeningView[], fitOn: OpeningView[], params: QualityParameters, results: CameraResults): void {
  const common = commonSize(views);
  const sameSize = (view: OpeningView) => view.size.width === common.width && view.size.height === common.height;
  const sized = fitOn.filter(sameSize);
  if (sized.length < params.fit_min_episodes) {
    for (const view of views) {
      results.unmeasured(view.episode, 'camera_shift', `${view.camera}: ${sized.length} episode(s) without HARD findings have an opening view; ${params.fit_min_episodes} are needed for the dataset's median view`);
    }
    return;
  }
  const reference = medianImage(sized.map((view) => view.image));
  for (const view of views) {
    if (!sameSize(view)) {
      results.unmeasured(view.episode, 'camera_shift', `${view.camera}: this episode's video has another resolution than the dataset's`);
      continue;
    }
    const { dx, dy } = phaseShift(reference, view.image, view.size.width, view.size.height);
    const shift = Math.hypot(dx, dy) * view.scale;
    results.value(view.episode, 'camera_shift', shift);
    if (shift <= params.camera_shift_px) continue;
    const message = `${view.camera} looks ${fmt(shift)} px away from where it is in the other episodes (${fmt(dx * view.scale)} px right, ${fmt(dy * view.scale)} px down, median of the first ${view.frames} frames against the dataset's): the camera was moved.`;
    const frames: [number, number] = [0, view.frames - 1];
    results.finding(view.episode, risk({ metric: 'camera_shift', value: shift, threshold: params.camera_shift_px, feature: view.camera, dimension: view.camera, frames, message }, anchored(shift, params.camera_shift_px, params.camera_shift_bad_px)));
  }
}
