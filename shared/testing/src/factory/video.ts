import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { VideoCodec } from './dataset-spec';
import { videoFrameIndex, type DatasetModel, type EpisodeData, type VideoFeature } from './model';
import { checkTools, MAX_PARALLEL_ENCODES, run, withProcessSlot } from './ffmpeg';
import { FRAME_PATTERN_VERSION } from './frames';
import { defectKey, renderWithDefects, type StreamDefect } from './video-defects';

/**
 * Real mp4 clips of the synthetic frames, encoded by ffmpeg with LeRobot's settings (yuv420p, GOP 2, CRF 30)
 * plus `+faststart` so browsers can start playing before the whole file has arrived. A clip shows frames
 * [firstFrame, firstFrame + frames) of the endless synthetic stream and depends only on (size, fps, frames,
 * firstFrame, codec), so clips are cached on disk and copied. Missing clips of one size are encoded together:
 * one ffmpeg process writes many outputs from one raw stream, because starting ffmpeg costs more than encoding
 * a few hundred tiny frames.
 */

export interface ClipSpec {
  width: number;
  height: number;
  fps: number;
  frames: number;
  codec: VideoCodec;
  /** Index of the clip's first synthetic frame (default 0). */
  firstFrame?: number;
  /** Defects injected into the clip's frames (default none). */
  defects?: StreamDefect[];
}

export interface ClipRequest {
  clip: ClipSpec;
  dest: string;
}

/** The clip LeRobot encodes for one episode of one camera. */
export function episodeClip(model: DatasetModel, { key, camera }: VideoFeature, episode: EpisodeData): ClipSpec {
  const { spec } = model;
  const { width, height } = camera;
  const defects = spec.videoDefects
    .filter((defect) => defect.episode === episode.episodeIndex && defect.camera === key)
    .map(({ kind, frames = [0, episode.length - 1] }) => ({ kind, from: videoFrameIndex(model, episode, frames[0]), to: videoFrameIndex(model, episode, frames[1]) }));
  return { width, height, fps: spec.fps, frames: episode.length, codec: spec.videoCodec, firstFrame: videoFrameIndex(model, episode, 0), defects };
}

const VIDEO_CACHE_DIR = join(tmpdir(), 'robokit-video-cache');

const ENCODERS: Record<VideoCodec, { args: string[]; maxOutputs: number }> = {
  h264: { args: ['-c:v', 'libx264', '-preset', 'ultrafast', '-threads', '1'], maxOutputs: 50 },
  // Every SVT-AV1 instance holds ~15 MB, and AV1 encoding (not process start-up) dominates anyway.
  av1: { args: ['-c:v', 'libsvtav1', '-preset', '12', '-svtav1-params', 'lp=1'], maxOutputs: 8 },
};

/** Clips being encoded by this process, so concurrent writers share the work. */
const inFlight = new Map<string, Promise<void>>();

/** Copies each requested clip to its destination, encoding the ones not cached yet. */
export async function writeClips(requests: ClipRequest[]): Promise<void> {
  const paths = await ensureClips(requests.map((r) => r.clip));
  await Promise.all(requests.map(({ dest }, i) => copyFile(paths[i], dest)));
}

/** Cached file of each clip (encoded when missing). The files are shared: copy them, never modify them. */
export async function ensureClips(clips: ClipSpec[]): Promise<string[]> {
  // Checked even when every clip is cached, so a machine without ffmpeg fails the same way every time.
  await checkTools();
  const unique = new Map(clips.map((clip) => [clipName(clip), clip]));
  const toEncode = [...unique].filter(([name]) => !inFlight.has(name));
  if (toEncode.length > 0) {
    const done = encodeMissing(toEncode.map(([, clip]) => clip));
    for (const [name] of toEncode) inFlight.set(name, done);
    const forget = () => toEncode.forEach(([name]) => inFlight.delete(name));
    done.then(forget, forget);
  }
  await Promise.all([...unique.keys()].map((name) => inFlight.get(name)));
  return clips.map((clip) => join(VIDEO_CACHE_DIR, clipName(clip)));
}

/**
 * Joins clips into one mp4 the way LeRobot's `concatenate_video_files` does: ffmpeg's concat demuxer with stream
 * copy (no re-encoding), `+faststart`. Left alone, the demuxer starts each clip where the previous clip's
 * container duration ends, and mp4 stores that in milliseconds rounded up: a 23-frame clip at 30 fps would
 * push the next one 0.33 ms late, beyond LeRobot's 1e-4 s decoding tolerance. Each clip's exact duration
 * (frames / fps) is therefore given to the demuxer, as cumulative microseconds, so every frame's pts is exactly
 * its file-relative frame number / fps.
 */
export async function concatClips(clips: { path: string; frames: number }[], fps: number, dest: string): Promise<void> {
  if (clips.length === 1) return copyFile(clips[0].path, dest);
  const lines = ['ffconcat version 1.0'];
  let frames = 0;
  let micros = 0;
  for (const clip of clips) {
    frames += clip.frames;
    const end = Math.round((frames * 1e6) / fps);
    const duration = end - micros;
    micros = end;
    lines.push(`file '${clip.path.replace(/'/g, "'\\''")}'`, `duration ${Math.floor(duration / 1e6)}.${String(duration % 1e6).padStart(6, '0')}`);
  }
  const list = `${dest}.${process.pid}-${randomBytes(4).toString('hex')}.ffconcat`;
  await writeFile(list, lines.join('\n') + '\n');
  try {
    await withProcessSlot(() =>
      run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', '-y', dest]),
    );
  } finally {
    await rm(list, { force: true });
  }
}

function clipName({ codec, width, height, fps, frames, firstFrame = 0, defects = [] }: ClipSpec): string {
  const start = firstFrame > 0 ? `-from${firstFrame}` : '';
  const defective = defects.length > 0 ? `-${defectKey(defects)}` : '';
  return `${codec}-${width}x${height}-${fps}fps-${frames}f${start}${defective}-p${FRAME_PATTERN_VERSION}.mp4`;
}

async function encodeMissing(clips: ClipSpec[]): Promise<void> {
  const cached = await Promise.all(clips.map((clip) => isNonEmptyFile(join(VIDEO_CACHE_DIR, clipName(clip)))));
  const missing = clips.filter((_, i) => !cached[i]);
  if (missing.length === 0) return;
  await mkdir(VIDEO_CACHE_DIR, { recursive: true });
  const streams = new Map<string, ClipSpec[]>();
  for (const clip of missing) {
    // A defective clip differs from the shared stream, so it gets a stream of its own.
    const key = `${clip.codec}-${clip.width}x${clip.height}-${clip.fps}-${defectKey(clip.defects ?? [])}`;
    streams.set(key, [...(streams.get(key) ?? []), clip]);
  }
  const batches = [...streams.values()].flatMap(splitIntoBatches);
  await Promise.all(batches.map((batch) => withProcessSlot(() => encodeBatch(batch))));
}

/**
 * Consecutive clips (by first frame, then length) share a batch, so each ffmpeg run only reads the part of the
 * stream its clips cover; batches are cut at equal shares of the frames to encode, so parallel runs finish together.
 */
function splitIntoBatches(clips: ClipSpec[]): ClipSpec[][] {
  const maxOutputs = ENCODERS[clips[0].codec].maxOutputs;
  const count = Math.max(Math.min(MAX_PARALLEL_ENCODES, clips.length), Math.ceil(clips.length / maxOutputs));
  const sorted = [...clips].sort((a, b) => (a.firstFrame ?? 0) - (b.firstFrame ?? 0) || a.frames - b.frames);
  const share = sorted.reduce((sum, c) => sum + c.frames, 0) / count;
  const batches: ClipSpec[][] = [[]];
  let frames = 0;
  for (const clip of sorted) {
    const current = batches[batches.length - 1];
    if (current.length > 0 && (current.length >= maxOutputs || frames >= share)) {
      batches.push([]);
      frames = 0;
    }
    batches[batches.length - 1].push(clip);
    frames += clip.frames;
  }
  return batches;
}

/** One ffmpeg run: raw frames on stdin, one mp4 per clip, each trimmed to its own frame range. */
async function encodeBatch(clips: ClipSpec[]): Promise<void> {
  const { width, height, fps, codec, defects = [] } = clips[0];
  const from = Math.min(...clips.map((c) => c.firstFrame ?? 0));
  const to = Math.max(...clips.map((c) => (c.firstFrame ?? 0) + c.frames));
  // Unique names, renamed into place when complete, so concurrent test workers never read a partial clip.
  const suffix = `.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
  const outputs = clips.map((clip) => join(VIDEO_CACHE_DIR, clipName(clip)));
  const args = [
    '-hide_banner', '-loglevel', 'error',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-video_size', `${width}x${height}`, '-framerate', String(fps), '-i', 'pipe:0',
    ...clips.flatMap((clip, i) => {
      const skip = (clip.firstFrame ?? 0) - from;
      // Restarting the timestamps makes a trimmed clip identical to one encoded from its first frame.
      const trim = skip > 0 ? ['-vf', `trim=start_frame=${skip},setpts=PTS-STARTPTS`] : [];
      return [
        ...trim, '-frames:v', String(clip.frames), ...ENCODERS[codec].args, '-pix_fmt', 'yuv420p', '-g', '2', '-crf', '30',
        '-movflags', '+faststart', '-f', 'mp4', '-y', outputs[i] + suffix,
      ];
    }),
  ];
  try {
    await run('ffmpeg', args, frameStream(width, height, fps, from, to, defects));
    await Promise.all(outputs.map((output) => rename(output + suffix, output)));
  } finally {
    await Promise.all(outputs.map((output) => rm(output + suffix, { force: true })));
  }
}

function frameStream(width: number, height: number, fps: number, from: number, to: number, defects: StreamDefect[]): Readable {
  return Readable.from(
    (function* () {
      for (let i = from; i < to; i++) yield renderWithDefects(width, height, fps, i, defects);
    })(),
  );
}

async function isNonEmptyFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}
