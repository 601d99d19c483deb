import { createRng, RngStream } from './random';
import { VIDEO_DEFECT_KINDS, type VideoDefect } from './video-defects';

export interface CameraSpec {
  /** Feature key, e.g. 'observation.images.top'. */
  key: string;
  width: number;
  height: number;
}

/** Codec names as ffprobe reports them (`video.codec` in info.json). */
export type VideoCodec = 'h264' | 'av1';

export type LeRobotVersion = 'v2.0' | 'v2.1' | 'v3.0';

export const LEROBOT_VERSIONS: readonly LeRobotVersion[] = ['v2.0', 'v2.1', 'v3.0'];

/** Name of the task-string column of v3.0's meta/tasks.parquet (pandas writes the DataFrame index under it). */
export type TaskColumn = '__index_level_0__' | 'task';

export interface DatasetSpec {
  /**
   * Format written, as the LeRobot recorder of that era writes it: 'v2.0' (global meta/stats.json), 'v2.1'
   * (default; per-episode meta/episodes_stats.jsonl) or 'v3.0' (LeRobot 0.4.x: many episodes per file).
   */
  version?: LeRobotVersion;
  episodes: number;
  /** Frames per episode: one value for all, one per episode, or drawn from the seed. */
  episodeLength: number | number[] | { min: number; max: number };
  /** Default 30. */
  fps?: number;
  /** Default 'so100'. */
  robotType?: string;
  /** State and action dimensions, or their names (default joint_0…); default 6. The last joint acts as gripper. */
  joints?: number | string[];
  /** Video features; default none. */
  cameras?: CameraSpec[];
  /** Write a real mp4 per episode and camera (default true when cameras are given); false = declared only. */
  videos?: boolean;
  /** Default 'h264' (libx264, fast); 'av1' (libsvtav1) is LeRobot's own default but slower to encode. */
  videoCodec?: VideoCodec;
  /** Camera defects injected at known frames (tests of the video quality metrics); default none. */
  videoDefects?: VideoDefect[];
  /** Default ['Pick the cube and place it in the bin']; episodes cycle through them. */
  tasks?: string[];
  /** The same spec (seed included) always produces the same files. Default 0. */
  seed?: number;
  /**
   * Default 1000 as in LeRobot. v2.x: episodes per chunk directory; v3.0: files per chunk directory. Lower it to
   * exercise multi-chunk layouts.
   */
  chunksSize?: number;
  /**
   * v3.0 only. LeRobot starts a new data parquet before an episode once the current file plus the episode would
   * reach this size (MB = 1024² bytes; the file's bytes so far, extrapolated per frame). Default 100.
   */
  dataFilesSizeInMb?: number;
  /** v3.0 only. The same for each camera's mp4, from the encoded sizes. Default 200 (LeRobot ≥ 0.4.2). */
  videoFilesSizeInMb?: number;
  /**
   * v3.0 only, not a LeRobot setting: also start new data and video files after this many episodes. Real
   * LeRobot rolls over by size only; this forces several files (and file boundaries at known episodes) in tests.
   */
  episodesPerFile?: number;
  /**
   * v3.0 only, not a LeRobot setting: start a new meta/episodes file after this many episodes (LeRobot does at
   * 100 MB of metadata, or when a recording session is resumed).
   */
  episodesPerMetadataFile?: number;
  /** v3.0 only: '__index_level_0__' (default; LeRobot < 0.5) or 'task' (LeRobot ≥ 0.5 names the index). */
  taskColumn?: TaskColumn;
}

/** A spec with every default applied and every value checked. */
export interface ResolvedSpec {
  version: LeRobotVersion;
  episodeLengths: number[];
  fps: number;
  robotType: string;
  jointNames: string[];
  cameras: CameraSpec[];
  videos: boolean;
  videoCodec: VideoCodec;
  videoDefects: VideoDefect[];
  tasks: string[];
  seed: number;
  chunksSize: number;
  dataFilesSizeInMb: number;
  videoFilesSizeInMb: number;
  /** Infinity when only sizes roll files over. */
  episodesPerFile: number;
  episodesPerMetadataFile: number;
  taskColumn: TaskColumn;
}

export const DEFAULT_TASK = 'Pick the cube and place it in the bin';

/** Keys LeRobot reserves for the state/action vectors and the default frame columns. */
const RESERVED_KEYS = ['action', 'observation.state', 'timestamp', 'frame_index', 'episode_index', 'index', 'task_index'];

export function resolveSpec(spec: DatasetSpec): ResolvedSpec {
  const version = spec.version ?? 'v2.1';
  if (!LEROBOT_VERSIONS.includes(version)) throw new Error(`LeRobot dataset factory: version ${String(version)} is not supported`);
  const v30 = resolveV30Options(spec, version);
  requireInt('episodes', spec.episodes, 0);
  const seed = spec.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new Error(`LeRobot dataset factory: seed must be an integer, got ${seed}`);
  const fps = spec.fps ?? 30;
  requireInt('fps', fps, 1);
  const chunksSize = spec.chunksSize ?? 1000;
  requireInt('chunksSize', chunksSize, 1);

  const cameras = spec.cameras ?? [];
  const videoCodec = spec.videoCodec ?? 'h264';
  for (const camera of cameras) checkCamera(camera, videoCodec);
  const keys = cameras.map((c) => c.key);
  if (new Set(keys).size !== keys.length) throw new Error('LeRobot dataset factory: camera keys must be unique');

  const tasks = spec.tasks ?? [DEFAULT_TASK];
  if (tasks.length === 0 || new Set(tasks).size !== tasks.length || tasks.some((t) => t.length === 0)) {
    throw new Error('LeRobot dataset factory: tasks must be a non-empty list of distinct, non-empty strings');
  }

  const episodeLengths = resolveEpisodeLengths(spec.episodes, spec.episodeLength, seed);
  const videoDefects = spec.videoDefects ?? [];
  videoDefects.forEach((defect) => checkVideoDefect(defect, keys, episodeLengths));

  return {
    version,
    episodeLengths,
    fps,
    robotType: spec.robotType ?? 'so100',
    jointNames: resolveJointNames(spec.joints ?? 6),
    cameras: cameras.map(({ key, width, height }) => ({ key, width, height })),
    videos: cameras.length > 0 && (spec.videos ?? true),
    videoCodec,
    videoDefects,
    tasks,
    seed,
    chunksSize,
    ...v30,
  };
}

const V30_OPTIONS = ['dataFilesSizeInMb', 'videoFilesSizeInMb', 'episodesPerFile', 'episodesPerMetadataFile', 'taskColumn'] as const;

function resolveV30Options(spec: DatasetSpec, version: LeRobotVersion) {
  const given = V30_OPTIONS.filter((option) => spec[option] !== undefined);
  if (version !== 'v3.0' && given.length > 0) {
    throw new Error(`LeRobot dataset factory: ${given.join(', ')} only apply to version v3.0`);
  }
  const size = (name: string, value: number): number => {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`LeRobot dataset factory: ${name} must be > 0, got ${String(value)}`);
    return value;
  };
  const taskColumn = spec.taskColumn ?? '__index_level_0__';
  if (taskColumn !== '__index_level_0__' && taskColumn !== 'task') {
    throw new Error(`LeRobot dataset factory: taskColumn must be '__index_level_0__' or 'task', got ${String(taskColumn)}`);
  }
  const perFile = (name: string, value: number | undefined): number => {
    if (value === undefined) return Infinity;
    requireInt(name, value, 1);
    return value;
  };
  return {
    dataFilesSizeInMb: size('dataFilesSizeInMb', spec.dataFilesSizeInMb ?? 100),
    videoFilesSizeInMb: size('videoFilesSizeInMb', spec.videoFilesSizeInMb ?? 200),
    episodesPerFile: perFile('episodesPerFile', spec.episodesPerFile),
    episodesPerMetadataFile: perFile('episodesPerMetadataFile', spec.episodesPerMetadataFile),
    taskColumn,
  };
}

function resolveEpisodeLengths(episodes: number, length: DatasetSpec['episodeLength'], seed: number): number[] {
  let lengths: number[];
  if (typeof length === 'number') {
    lengths = Array.from({ length: episodes }, () => length);
  } else if (Array.isArray(length)) {
    if (length.length !== episodes) {
      throw new Error(`LeRobot dataset factory: episodeLength has ${length.length} entries for ${episodes} episodes`);
    }
    lengths = [...length];
  } else {
    requireInt('episodeLength.min', length.min, 1);
    requireInt('episodeLength.max', length.max, length.min);
    const rng = createRng(seed, RngStream.episodeLengths);
    lengths = Array.from({ length: episodes }, () => rng.int(length.min, length.max));
  }
  lengths.forEach((n, i) => requireInt(`episodeLength[${i}]`, n, 1));
  return lengths;
}

function resolveJointNames(joints: number | string[]): string[] {
  if (typeof joints === 'number') {
    requireInt('joints', joints, 1);
    return Array.from({ length: joints }, (_, i) => `joint_${i}`);
  }
  if (joints.length === 0 || new Set(joints).size !== joints.length) {
    throw new Error('LeRobot dataset factory: joint names must be a non-empty list of distinct names');
  }
  return [...joints];
}

function checkCamera({ key, width, height }: CameraSpec, codec: VideoCodec): void {
  // LeRobot rejects '/' in feature names (v3 metadata columns use it as a separator).
  if (!key || key.includes('/') || RESERVED_KEYS.includes(key)) {
    throw new Error(`LeRobot dataset factory: invalid camera key '${key}'`);
  }
  requireInt(`${key} width`, width, 2);
  requireInt(`${key} height`, height, 2);
  // yuv420p subsamples chroma 2x2, which libx264 and libsvtav1 only accept for even sizes.
  if (width % 2 !== 0 || height % 2 !== 0) {
    throw new Error(`LeRobot dataset factory: camera ${key} must have an even width and height (yuv420p)`);
  }
  // SVT-AV1 1.x refuses smaller sources.
  if (codec === 'av1' && (width < 64 || height < 64)) {
    throw new Error(`LeRobot dataset factory: camera ${key} must be at least 64x64 for av1`);
  }
}

function checkVideoDefect({ episode, camera, kind, frames }: VideoDefect, cameras: string[], lengths: number[]): void {
  const where = `video defect ${kind} of episode ${episode}, camera ${camera}`;
  if (!VIDEO_DEFECT_KINDS.includes(kind)) throw new Error(`LeRobot dataset factory: unknown video defect ${String(kind)}`);
  if (!cameras.includes(camera) || lengths[episode] === undefined) throw new Error(`LeRobot dataset factory: ${where}: no such camera or episode`);
  if (frames && !(Number.isInteger(frames[0]) && Number.isInteger(frames[1]) && frames[0] >= 0 && frames[0] <= frames[1] && frames[1] < lengths[episode])) {
    throw new Error(`LeRobot dataset factory: ${where}: frames ${JSON.stringify(frames)} are not inside the episode`);
  }
}

function requireInt(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new Error(`LeRobot dataset factory: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}
