import { EvidenceLevel } from '@robokit/api';
import { DatasetFiles, EpisodeRecord } from '../../dataset';
import { videoCameraKeys } from '../../video-checks';
import { DatasetContext } from '../dataset/context';
import { idleStep } from '../parameters';
import { CameraResults, VIDEO_METRICS, VideoMetric } from './camera-results';
import { checkCameraShift, OpeningView, openingView } from './camera-shift';
import { decodeRange, decodeSamples, graySize } from './decode-gray';
import { checkExposure } from './exposure';
import { FrozenRuns } from './frozen';
import { CameraClip, checkVideoFiles } from './integrity';
import { CameraSamples, measureSample, samplePositions } from './samples';
import { checkSharpness } from './sharpness';
import { stateSpeed } from './state-speed';

/** Which way is worse, per metric, when an episode has several cameras. */
const WORST: Record<VideoMetric, (values: number[]) => number> = {
  video_missing: (values) => values.reduce((a, b) => a + b, 0),
  video_integrity: (values) => values.reduce((a, b) => a + b, 0),
  video_frozen: (values) => Math.max(...values),
  exposure: (values) => Math.max(...values),
  sharpness: (values) => Math.min(...values),
  camera_shift: (values) => Math.max(...values),
};

/** Why no video metric applies to this dataset, or null when they do. */
function notApplicable(context: DatasetContext, cameras: string[]): string | null {
  if (cameras.length === 0) {
    const images = Object.values(context.dataset.info.features).some((feature) => feature.dtype === 'image');
    return images ? 'the cameras are stored as images, not videos' : 'the dataset has no video features';
  }
  return context.params.video_metrics ? null : 'video metrics are off (video_metrics = false)';
}

/**
 * The video metrics of quality-metrics.md §5, after the frame pass, on the analysed episodes: the files
 * against the metadata, then per episode and camera 16 sampled frames (exposure, sharpness) and, within
 * `video_max_decoded_frames`, every frame (video_frozen) and the first second (camera_shift). Without video
 * it only marks the metrics n/a.
 */
export async function analyseVideos(context: DatasetContext, files: DatasetFiles, selected: EpisodeRecord[], progress: (fraction: number) => Promise<void>): Promise<void> {
  const { dataset, params, summaries, fps } = context;
  const cameras = videoCameraKeys(dataset.info);
  const off = notApplicable(context, cameras);
  const results = new CameraResults();
  if (off) {
    for (const episode of selected) for (const metric of VIDEO_METRICS) results.unmeasured(episode.index, metric, off);
    results.apply(summaries, WORST);
    return;
  }
  const clips = await checkVideoFiles(dataset, files, selected, cameras, params, results);
  const budget = (label: string, frames: number, metrics: VideoMetric[]): boolean => {
    if (frames <= params.video_max_decoded_frames) return true;
    const reason = `${label} would decode ${frames} frames, more than video_max_decoded_frames (${params.video_max_decoded_frames})`;
    for (const episode of selected) for (const metric of metrics) results.unmeasured(episode.index, metric, reason);
    context.notes.push(`${metrics.join(' and ')}: ${reason}; raise the parameter to measure it.`);
    return false;
  };
  const lengths = selected.map((episode) => (clips.get(episode.index)?.length ?? 0) * episode.length);
  const frozenOn = budget('video_frozen', lengths.reduce((a, b) => a + b, 0), ['video_frozen']);
  const openings = selected.map((episode) => (clips.get(episode.index)?.length ?? 0) * Math.min(fps, episode.length));
  const shiftOn = budget('camera_shift', openings.reduce((a, b) => a + b, 0), ['camera_shift']);

  const sampled: CameraSamples[] = [];
  const views: OpeningView[] = [];
  let done = 0;
  for (const episode of selected) {
    const episodeClips = clips.get(episode.index) ?? [];
    const motion = context.plan.motion;
    let speed: Float64Array | null = null;
    let noSpeed = 'no state feature tells whether the arm moves';
    if (episodeClips.length > 0 && motion) {
      try {
        speed = await stateSpeed(dataset, files, episode, motion, context.ranges, context.discrete);
      } catch (error) {
        noSpeed = `the state could not be read to tell whether the arm moves: ${(error as Error).message}`;
      }
    }
    for (const clip of episodeClips) {
      const clipSamples = emptySamples(clip, episode, speed, params.video_samples);
      const decoded = await decodeClip({ clip, episode, speed, noSpeed, frozenOn, shiftOn, samples: clipSamples }, context, results);
      // A decode of every frame has measured the samples on its way; otherwise they are decoded on their own.
      const samples = decoded.sampled ? clipSamples : await sampleClip(clip, episode, clipSamples, context, results);
      if (samples) {
        checkExposure(samples, params, results);
        sampled.push(samples);
      }
      if (decoded.view) views.push(decoded.view);
    }
    done += 1;
    await progress(done / selected.length);
  }
  const fitEpisodes = new Set(context.fit.map((summary) => summary.index));
  const fitOn = <T extends { episode: number }>(list: T[]) => list.filter((item) => fitEpisodes.has(item.episode) && !results.has(item.episode, (draft) => draft.level === EvidenceLevel.Hard));
  for (const camera of cameras) {
    const ofCamera = sampled.filter((samples) => samples.camera === camera);
    if (ofCamera.length > 0) checkSharpness(ofCamera, fitOn(ofCamera), params, results);
    const cameraViews = views.filter((view) => view.camera === camera);
    if (cameraViews.length > 0) checkCameraShift(cameraViews, fitOn(cameraViews), params, results);
  }
  results.apply(summaries, WORST);
}

/** Where one clip's samples are, with nothing measured yet. */
function emptySamples(clip: CameraClip, episode: EpisodeRecord, speed: Float64Array | null, count: number): CameraSamples {
  const positions = samplePositions(episode.length, count);
  return { episode: episode.index, camera: clip.camera, positions, exposures: [], sharpness: [], speeds: positions.map((p) => speed?.[p] ?? 0) };
}

/** The sampled frames of one clip, decoded and measured; null (the metrics n/a) when they cannot all be decoded. */
async function sampleClip(clip: CameraClip, episode: EpisodeRecord, samples: CameraSamples, context: DatasetContext, results: CameraResults): Promise<CameraSamples | null> {
  const { params, fps } = context;
  const size = graySize(clip.probe.width, clip.probe.height);
  const { positions } = samples;
  let reason: string | null = null;
  try {
    const times = positions.map((p) => clip.fromS + p / fps);
    const decoded = await decodeSamples(clip.local, size, times, fps, (frame) => measureSample(samples, frame, size.width, size.height, params.exposure_low, params.exposure_high), context.signal);
    if (decoded < positions.length) reason = `${clip.camera}: only ${decoded} of ${positions.length} sampled frames could be decoded`;
  } catch (error) {
    // Stopped on purpose: the analysis ends, no metric is marked unmeasured.
    context.signal?.throwIfAborted();
    reason = `${clip.camera}: ${(error as Error).message}`;
  }
  if (!reason) return samples;
  for (const metric of ['exposure', 'sharpness'] as const) results.unmeasured(episode.index, metric, reason);
  return null;
}

/** One clip to decode whole or in part, and what the decode measures. */
interface ClipDecode {
  clip: CameraClip;
  episode: EpisodeRecord;
  /** The arm's speed per frame, or null and why it is unknown. */
  speed: Float64Array | null;
  noSpeed: string;
  frozenOn: boolean;
  shiftOn: boolean;
  samples: CameraSamples;
}

/**
 * Every frame (video_frozen) or only the first second (camera_shift) of one clip, in one decode. A decode of
 * every frame also measures the clip's samples (`sampled`).
 */
async function decodeClip(
  { clip, episode, speed, noSpeed, frozenOn, shiftOn, samples }: ClipDecode,
  context: DatasetContext,
  results: CameraResults,
): Promise<{ view: OpeningView | null; sampled: boolean }> {
  const { params, fps } = context;
  const size = graySize(clip.probe.width, clip.probe.height);
  // The idle threshold of the motion metrics, applied to the state: a normalised step above it moves.
  const moving = idleStep(params, fps);
  const frozen = frozenOn && speed ? new FrozenRuns(size.width * size.height, params.video_frozen_diff, (frame) => (speed[frame] ?? 0) > moving) : null;
  if (frozenOn && !speed) results.unmeasured(episode.index, 'video_frozen', noSpeed);
  const opening = Math.min(fps, episode.length);
  const count = frozen ? episode.length : shiftOn ? opening : 0;
  if (count === 0) return { view: null, sampled: false };
  const first: Uint8Array[] = [];
  const sampleAt = new Set(frozen ? samples.positions : []);
  try {
    const decoded = await decodeRange(clip.local, size, clip.fromS, count, fps, (frame, position) => {
      frozen?.push(frame, position);
      if (shiftOn && position < opening) first.push(frame.slice());
      if (sampleAt.has(position)) measureSample(samples, frame, size.width, size.height, params.exposure_low, params.exposure_high);
    }, context.signal);
    if (decoded < count) throw new Error(`only ${decoded} of ${count} frames could be decoded`);
  } catch (error) {
    context.signal?.throwIfAborted();
    const reason = `${clip.camera}: ${(error as Error).message}`;
    if (frozen) results.unmeasured(episode.index, 'video_frozen', reason);
    if (shiftOn) results.unmeasured(episode.index, 'camera_shift', reason);
    // Measured in part: the samples are decoded again on their own.
    samples.exposures.length = 0;
    samples.sharpness.length = 0;
    return { view: null, sampled: false };
  }
  frozen?.report(episode.index, clip.camera, fps, params, results);
  return { view: shiftOn ? openingView(episode.index, clip.camera, first, size, clip.probe.width) : null, sampled: sampleAt.size > 0 };
}
