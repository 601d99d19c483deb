import { stat } from 'node:fs/promises';
import { declaredVideoInfo, type VideoInfo } from './info';
import { videoFeatures, type DatasetModel } from './model';
import type { DatasetOutput } from './output';
import { formatTemplate } from './template';
import { concatClips, ensureClips, episodeClip } from './video';
import { probeVideoInfo } from './video-info';
import { FileSequence, MB, templateIndices, type FileIndex } from './v30-files';

/**
 * v3.0 videos (format doc §2.3, §5.2): per camera, each episode is encoded on its own and appended to
 * `videos/<key>/chunk-XXX/file-YYY.mp4` by stream copy, as LeRobot's recorder does. Frames show the global
 * `index` of their row (see `videoFrameIndex`). An episode's segment runs from `from_timestamp` to
 * `to_timestamp`: the first episode of a file starts at 0.0, each next one where the previous ended, and
 * `to = from + duration` is a running float sum, exactly as LeRobot accumulates it. The duration LeRobot adds is
 * the clip's stream duration (`stream.duration × time_base`), which for ffmpeg's mp4 time base (fps × 512) is
 * exactly frames / fps. In the file, frame p of the file sits at p / fps (see `concatClips`).
 */

export const VIDEO_PATH = 'videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4';

export interface VideoPlacement {
  file: FileIndex;
  from: number;
  to: number;
}

export interface WrittenVideos {
  /** Per camera key, one placement per episode. */
  placements: Map<string, VideoPlacement[]>;
  /** Per camera key, the `info` block LeRobot records from chunk-000/file-000 (absent with no episodes). */
  info: Map<string, VideoInfo>;
}

export async function writeVideoFiles(out: DatasetOutput, model: DatasetModel): Promise<WrittenVideos> {
  const cameras = videoFeatures(model);
  const placements = new Map<string, VideoPlacement[]>();
  const info = new Map<string, VideoInfo>();
  if (model.episodes.length === 0) return { placements, info };
  if (!model.spec.videos) {
    // Declared-only cameras: the metadata a recording would have, without the files (like a snapshot missing its mp4s).
    for (const camera of cameras) {
      placements.set(camera.key, placeEpisodes(model, null));
      info.set(camera.key, declaredVideoInfo(model, camera));
    }
    return { placements, info };
  }
  // Every camera's clips in one request, so ffmpeg runs encode all of them together.
  const clips = cameras.map((camera) => model.episodes.map((episode) => episodeClip(model, camera, episode)));
  const paths = await ensureClips(clips.flat());
  await Promise.all(
    cameras.map(async (camera, k) => {
      const clipPaths = paths.slice(k * model.episodes.length, (k + 1) * model.episodes.length);
      const sizes = await Promise.all(clipPaths.map(async (p) => (await stat(p)).size));
      const cameraPlacements = placeEpisodes(model, sizes);
      placements.set(camera.key, cameraPlacements);
      const files = new Map<FileIndex, { path: string; frames: number }[]>();
      cameraPlacements.forEach(({ file }, e) => {
        files.set(file, [...(files.get(file) ?? []), { path: clipPaths[e], frames: model.episodes[e].length }]);
      });
      const relatives = [...files.keys()].map((file) => videoPath(camera.key, file));
      await out.prepare(relatives);
      await Promise.all([...files.values()].map((inputs, i) => concatClips(inputs, model.spec.fps, out.path(relatives[i]))));
      // LeRobot probes the camera's first file once (at episode 0) and assumes every episode was encoded alike.
      info.set(camera.key, await probeVideoInfo(out.path(relatives[0]), 'v3'));
    }),
  );
  return { placements, info };
}

/**
 * Assigns one camera's episodes to files: before an episode, a new file starts when the current file plus the
 * encoded episode would reach `video_files_size_in_mb`. LeRobot compares the concatenated file's size on disk;
 * the sum of the episode clips' sizes stands in for it here (a few hundred bytes of container overhead apart).
 * Without encoded clips (`sizes` null) only `episodesPerFile` starts new files.
 */
function placeEpisodes(model: DatasetModel, sizes: number[] | null): VideoPlacement[] {
  const { spec } = model;
  const files = new FileSequence(spec.chunksSize, spec.episodesPerFile);
  const placements: VideoPlacement[] = [];
  let fileBytes = 0;
  model.episodes.forEach((episode, e) => {
    const size = sizes ? sizes[e] : 0;
    const previous = placements.at(-1);
    const file = files.place(sizes !== null && (fileBytes + size) / MB >= spec.videoFilesSizeInMb);
    const startsFile = !previous || previous.file !== file;
    if (startsFile) fileBytes = 0;
    fileBytes += size;
    const from = startsFile ? 0 : previous.to;
    placements.push({ file, from, to: from + episode.length / spec.fps });
  });
  return placements;
}

export const videoPath = (videoKey: string, file: FileIndex): string =>
  formatTemplate(VIDEO_PATH, { video_key: videoKey, ...templateIndices(file) });
