import { describeCamera } from '../../cameras';
import { DatasetFiles, EpisodeRecord, LeRobotDataset } from '../../dataset';
import { noVideoEntry, probeProblems, rangeDrift, rangeProblems, videoFileUses } from '../../video-checks';
import { probeVideo, VideoProbe } from '../../video-probe';
import { fmt, hard } from '../findings';
import { QualityParameters } from '../parameters';
import { CameraResults } from './camera-results';

/** The metrics that decode frames. */
const DECODED = ['video_frozen', 'exposure', 'sharpness', 'camera_shift'] as const;

/** An episode's slice of one camera's mp4, ready to decode. */
export interface CameraClip {
  camera: string;
  local: string;
  fromS: number;
  probe: VideoProbe;
}

/**
 * video_missing and video_integrity (quality-metrics.md §5), with the validation job's checks of the files
 * against the metadata (video-checks.ts), reported on every episode of a file and camera they concern.
 * Returns, per episode, the clips that can be decoded.
 */
export async function checkVideoFiles(
  dataset: LeRobotDataset,
  files: DatasetFiles,
  selected: EpisodeRecord[],
  cameras: string[],
  params: QualityParameters,
  results: CameraResults,
): Promise<Map<number, CameraClip[]>> {
  const { fps } = dataset.info;
  const wanted = new Set(selected.map((episode) => episode.index));
  const clips = new Map<number, CameraClip[]>(selected.map((episode) => [episode.index, []]));
  const problems = new Map<number, number>();
  const integrity = (episode: EpisodeRecord, camera: string, value: number, threshold: number | null, message: string) => {
    if (!wanted.has(episode.index)) return;
    problems.set(episode.index, (problems.get(episode.index) ?? 0) + 1);
    results.finding(episode.index, hard({ metric: 'video_integrity', value, threshold, feature: camera, dimension: camera, message }));
  };

  const missingClips = new Set<string>();
  for (const episode of selected) {
    for (const camera of cameras) {
      const video = episode.videos[camera];
      const missing = !video
        ? noVideoEntry(episode.index, camera)
        : dataset.version === 'v3.0' && video.toTimestamp === null
          ? `Episode ${episode.index} has no to_timestamp for camera ${camera}: where its frames end in ${video.file} is unknown.`
          : files.localPath(video.file) === null
            ? `Video ${video.file} (camera ${camera}) is not in the repo, so its frames cannot be decoded.`
            : null;
      results.value(episode.index, 'video_missing', missing ? 1 : 0);
      if (missing) {
        missingClips.add(`${episode.index}/${camera}`);
        results.finding(episode.index, hard({ metric: 'video_missing', value: 1, threshold: 0, feature: camera, dimension: camera, message: missing }));
        for (const metric of DECODED) results.unmeasured(episode.index, metric, `${camera}: no video`);
        results.unmeasured(episode.index, 'video_integrity', `${camera}: no video`);
      }
    }
  }
  // Whole files, every episode in them: a file's frame count and time ranges depend on all of them.
  const present = videoFileUses(dataset.episodes).filter(
    (use) => cameras.includes(use.feature) && use.episodes.some((episode) => wanted.has(episode.index)) && files.localPath(use.file) !== null,
  );
  const probed = new Set<number>();
  for (const use of present) {
    const local = files.localPath(use.file) as string;
    use.episodes.forEach((episode) => probed.add(episode.index));
    let probe: VideoProbe;
    try {
      probe = await probeVideo(local);
    } catch (error) {
      for (const episode of use.episodes) {
        integrity(episode, use.feature, 1, null, `${use.file} is not a readable mp4 (${(error as Error).message}).`);
        if (wanted.has(episode.index)) for (const metric of DECODED) results.unmeasured(episode.index, metric, `${use.feature}: unreadable video`);
      }
      continue;
    }
    const found = probeProblems(use, probe, describeCamera(use.feature, dataset.info.features[use.feature]), fps, { frames: params.video_frame_slack, fps: params.video_fps_slack });
    for (const episode of use.episodes) for (const problem of found) integrity(episode, use.feature, problem.value, problem.expected, problem.message);
    if (dataset.version === 'v3.0') {
      for (const problem of rangeProblems(use, fps, params.video_frame_slack)) integrity(problem.episode, use.feature, problem.value, problem.expected, problem.message);
      for (const { episode, driftS } of rangeDrift(use, fps)) {
        if (Math.abs(driftS) * fps <= params.video_drift_frames) continue;
        integrity(episode, use.feature, driftS * fps, params.video_drift_frames, `Episode ${episode.index} starts at ${fmt(episode.videos[use.feature].fromTimestamp)} s in ${use.file}, ${fmt(driftS * fps)} frames from where the episodes before it end (their rows at ${fps} fps): its frames are read from the wrong place.`);
      }
    }
    for (const episode of use.episodes) {
      if (!wanted.has(episode.index) || missingClips.has(`${episode.index}/${use.feature}`)) continue;
      clips.get(episode.index)?.push({ camera: use.feature, local, fromS: episode.videos[use.feature].fromTimestamp, probe });
    }
  }
  for (const episode of selected) {
    if (probed.has(episode.index)) results.value(episode.index, 'video_integrity', problems.get(episode.index) ?? 0);
  }
  return clips;
}
