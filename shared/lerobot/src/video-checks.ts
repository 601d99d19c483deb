import { CameraInfo } from '@robokit/api';
import { EpisodeRecord } from './dataset';
import { LeRobotInfo } from './info';
import { VideoProbe } from './video-probe';

/**
 * Checks of the videos against the metadata, shared by the validation job (which reports per file) and the
 * quality analysis (which reports per episode and camera). Each returns problems; the caller words the finding.
 */

/** LeRobot's own recorder asserts frame counts within a couple of frames of the episode length. */
export const VIDEO_FRAME_SLACK = 2;
/** Frames per second a video may differ from info.json's fps before frames and rows drift apart. */
export const VIDEO_FPS_SLACK = 1;

export interface VideoFileUse {
  file: string;
  feature: string;
  /** In episode order. */
  episodes: EpisodeRecord[];
}

/** Validation's VIDEO_MISSING and quality's video_missing say the same of an episode without a video entry. */
export function noVideoEntry(episode: number, camera: string): string {
  return `Episode ${episode} names no video file for camera ${camera} in its metadata.`;
}

/** The video features whose frames live in mp4 files (none without a `video_path`). */
export function videoCameraKeys(info: LeRobotInfo): string[] {
  return info.video_path ? Object.keys(info.features).filter((key) => info.features[key].dtype === 'video') : [];
}

/** Which episodes of which camera each video file holds, in episode order. */
export function videoFileUses(episodes: EpisodeRecord[]): VideoFileUse[] {
  const uses = new Map<string, VideoFileUse>();
  for (const episode of episodes) {
    for (const [feature, video] of Object.entries(episode.videos)) {
      const use = uses.get(video.file) ?? { file: video.file, feature, episodes: [] };
      use.episodes.push(episode);
      uses.set(video.file, use);
    }
  }
  return [...uses.values()];
}

export interface RangeProblem {
  kind: 'gap' | 'length';
  episode: EpisodeRecord;
  message: string;
  /** What was found (start in s, or frames spanned) and what the metadata implies. */
  value: number;
  expected: number;
}

/** v3.0: each episode's time range starts where the previous one in the file ended and lasts its length. */
export function rangeProblems({ file, feature, episodes }: VideoFileUse, fps: number, frameSlack = VIDEO_FRAME_SLACK): RangeProblem[] {
  const problems: RangeProblem[] = [];
  let expectedFrom = 0;
  for (const episode of episodes) {
    const video = episode.videos[feature];
    if (Math.abs(video.fromTimestamp - expectedFrom) > 1 / fps / 2) {
      problems.push({ kind: 'gap', episode, value: video.fromTimestamp, expected: expectedFrom, message: `Episode ${episode.index} starts at ${video.fromTimestamp.toFixed(3)} s in ${file}, but the previous episode there ends at ${expectedFrom.toFixed(3)} s.` });
    }
    if (video.toTimestamp !== null && Math.abs((video.toTimestamp - video.fromTimestamp) * fps - episode.length) > frameSlack) {
      const frames = Math.round((video.toTimestamp - video.fromTimestamp) * fps);
      problems.push({ kind: 'length', episode, value: frames, expected: episode.length, message: `Episode ${episode.index} spans ${frames} frames of ${file} but has ${episode.length} rows.` });
    }
    expectedFrom = video.toTimestamp ?? video.fromTimestamp + episode.length / fps;
  }
  return problems;
}

/**
 * v3.0: how far each episode's from_timestamp is from where its first frame sits in the file (the frames of
 * the episodes before it, at fps). Small per-episode errors that each pass `rangeProblems` add up here.
 */
export function rangeDrift({ feature, episodes }: VideoFileUse, fps: number): { episode: EpisodeRecord; driftS: number }[] {
  let frames = 0;
  return episodes.map((episode) => {
    const driftS = episode.videos[feature].fromTimestamp - frames / fps;
    frames += episode.length;
    return { episode, driftS };
  });
}

export interface ProbeProblem {
  kind: 'codec' | 'resolution' | 'fps' | 'frames';
  message: string;
  /** What the file holds and what was declared or expected (a mismatching codec counts 1 against none). */
  value: number;
  expected: number | null;
}

/** The mp4's codec, resolution, fps and frame count against the camera's declaration and its episodes' lengths. */
export function probeProblems(
  { file, feature, episodes }: VideoFileUse,
  probe: VideoProbe,
  declared: CameraInfo,
  fps: number,
  slack = { frames: VIDEO_FRAME_SLACK, fps: VIDEO_FPS_SLACK },
): ProbeProblem[] {
  const problems: ProbeProblem[] = [];
  if (declared.codec && declared.codec !== probe.codec) {
    problems.push({ kind: 'codec', value: 1, expected: null, message: `${file} is ${probe.codec}, but info.json declares ${declared.codec} for ${feature}.` });
  }
  const wrongWidth = declared.width !== null && declared.width !== probe.width;
  if (wrongWidth || (declared.height !== null && declared.height !== probe.height)) {
    const [value, expected] = wrongWidth ? [probe.width, declared.width] : [probe.height, declared.height];
    problems.push({ kind: 'resolution', value, expected, message: `${file} is ${probe.width}×${probe.height}, but ${feature} is declared ${declared.width}×${declared.height}.` });
  }
  if (Math.abs(probe.fps - fps) > slack.fps) {
    problems.push({ kind: 'fps', value: probe.fps, expected: fps, message: `${file} plays at ${probe.fps.toFixed(2)} fps, but the dataset runs at ${fps} fps, so frames and rows drift apart.` });
  }
  const expected = episodes.reduce((sum, episode) => sum + episode.length, 0);
  if (Math.abs(probe.frames - expected) > slack.frames * episodes.length) {
    problems.push({ kind: 'frames', value: probe.frames, expected, message: `${file} holds ${probe.frames} frames, but its episode(s) have ${expected} rows.` });
  }
  return problems;
}
