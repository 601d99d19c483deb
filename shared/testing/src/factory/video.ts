import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FRAME_PATTERN_VERSION, renderFrame } from './frames';
import { pyFloat, type PyValue } from './py-json';
import type { VideoCodec } from './dataset-spec';

/**
 * Real mp4 clips of the synthetic frames, encoded by ffmpeg with LeRobot's settings (yuv420p, GOP 2, CRF 30)
 * plus `+faststart` so browsers can start playing before the whole file has arrived. A clip depends only on
 * (size, fps, frames, codec), so clips are cached on disk and copied. Missing clips of one size are encoded
 * together: one ffmpeg process writes many outputs (frames are prefix-stable), because starting ffmpeg costs
 * more than encoding a few hundred tiny frames.
 */

export interface ClipSpec {
  width: number;
  height: number;
  fps: number;
  frames: number;
  codec: VideoCodec;
}

export interface ClipRequest {
  clip: ClipSpec;
  dest: string;
}

const VIDEO_CACHE_DIR = join(tmpdir(), 'robokit-video-cache');

/** ffmpeg processes at a time, each single-threaded: sized for the 2-core machines this runs on. */
const MAX_PARALLEL_ENCODES = 2;

const ENCODERS: Record<VideoCodec, { args: string[]; maxOutputs: number }> = {
  h264: { args: ['-c:v', 'libx264', '-preset', 'ultrafast', '-threads', '1'], maxOutputs: 50 },
  // Every SVT-AV1 instance holds ~15 MB, and AV1 encoding (not process start-up) dominates anyway.
  av1: { args: ['-c:v', 'libsvtav1', '-preset', '12', '-svtav1-params', 'lp=1'], maxOutputs: 8 },
};

/** Clips being encoded by this process, so concurrent writers share the work. */
const inFlight = new Map<string, Promise<void>>();
const waiting: (() => void)[] = [];
let running = 0;
let toolsChecked: Promise<void> | undefined;

export async function writeClips(requests: ClipRequest[]): Promise<void> {
  // Checked even when every clip is cached, so a machine without ffmpeg fails the same way every time.
  await checkTools();
  const clips = new Map(requests.map(({ clip }) => [clipName(clip), clip]));
  const toEncode = [...clips].filter(([name]) => !inFlight.has(name));
  if (toEncode.length > 0) {
    const done = encodeMissing(toEncode.map(([, clip]) => clip));
    for (const [name] of toEncode) inFlight.set(name, done);
    done.then(
      () => toEncode.forEach(([name]) => inFlight.delete(name)),
      () => toEncode.forEach(([name]) => inFlight.delete(name)),
    );
  }
  await Promise.all([...clips.keys()].map((name) => inFlight.get(name)));
  await Promise.all(requests.map(({ clip, dest }) => copyFile(join(VIDEO_CACHE_DIR, clipName(clip)), dest)));
}

function clipName({ codec, width, height, fps, frames }: ClipSpec): string {
  return `${codec}-${width}x${height}-${fps}fps-${frames}f-p${FRAME_PATTERN_VERSION}.mp4`;
}

async function encodeMissing(clips: ClipSpec[]): Promise<void> {
  const cached = await Promise.all(clips.map((clip) => isNonEmptyFile(join(VIDEO_CACHE_DIR, clipName(clip)))));
  const missing = clips.filter((_, i) => !cached[i]);
  if (missing.length === 0) return;
  await mkdir(VIDEO_CACHE_DIR, { recursive: true });
  const streams = new Map<string, ClipSpec[]>();
  for (const clip of missing) {
    const key = `${clip.codec}-${clip.width}x${clip.height}-${clip.fps}`;
    streams.set(key, [...(streams.get(key) ?? []), clip]);
  }
  const batches = [...streams.values()].flatMap(splitIntoBatches);
  await Promise.all(batches.map((batch) => withEncodeSlot(() => encodeBatch(batch))));
}

/** Longest clips first into the lightest batch, so parallel ffmpeg runs finish together. */
function splitIntoBatches(clips: ClipSpec[]): ClipSpec[][] {
  const maxOutputs = ENCODERS[clips[0].codec].maxOutputs;
  const count = Math.max(Math.min(MAX_PARALLEL_ENCODES, clips.length), Math.ceil(clips.length / maxOutputs));
  const batches = Array.from({ length: count }, () => ({ frames: 0, clips: [] as ClipSpec[] }));
  for (const clip of [...clips].sort((a, b) => b.frames - a.frames)) {
    const lightest = batches.filter((b) => b.clips.length < maxOutputs).reduce((a, b) => (b.frames < a.frames ? b : a));
    lightest.frames += clip.frames;
    lightest.clips.push(clip);
  }
  return batches.map((b) => b.clips);
}

/** One ffmpeg run: raw frames on stdin, one mp4 per clip, each cut after its own frame count. */
async function encodeBatch(clips: ClipSpec[]): Promise<void> {
  const { width, height, fps, codec } = clips[0];
  // Unique names, renamed into place when complete, so concurrent test workers never read a partial clip.
  const suffix = `.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
  const outputs = clips.map((clip) => join(VIDEO_CACHE_DIR, clipName(clip)));
  const args = [
    '-hide_banner', '-loglevel', 'error',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-video_size', `${width}x${height}`, '-framerate', String(fps), '-i', 'pipe:0',
    ...clips.flatMap((clip, i) => [
      '-frames:v', String(clip.frames), ...ENCODERS[codec].args, '-pix_fmt', 'yuv420p', '-g', '2', '-crf', '30',
      '-movflags', '+faststart', '-f', 'mp4', '-y', outputs[i] + suffix,
    ]),
  ];
  const frames = Math.max(...clips.map((c) => c.frames));
  try {
    await run('ffmpeg', args, frameStream(width, height, fps, frames));
    await Promise.all(outputs.map((output) => rename(output + suffix, output)));
  } finally {
    await Promise.all(outputs.map((output) => rm(output + suffix, { force: true })));
  }
}

function frameStream(width: number, height: number, fps: number, frames: number): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < frames; i++) yield renderFrame(width, height, fps, i);
    })(),
  );
}

/** The `info` block of a video feature as LeRobot v2.1 records it: an ffprobe of the episode-0 video. */
export async function probeVideoInfo(path: string): Promise<Record<string, PyValue>> {
  const stdout = await run('ffprobe', [
    '-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height,pix_fmt,r_frame_rate', '-of', 'json', path,
  ]);
  const streams = (JSON.parse(stdout) as { streams: Record<string, string | number>[] }).streams;
  const video = streams.find((s) => s.codec_type === 'video');
  if (!video) throw new Error(`ffprobe found no video stream in ${path}`);
  const [num, den] = String(video.r_frame_rate).split('/').map(Number);
  return videoInfoBlock({
    fps: num / den,
    width: Number(video.width),
    height: Number(video.height),
    codec: String(video.codec_name),
    pixFmt: String(video.pix_fmt),
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
  });
}

/** Key order and types of LeRobot v2.1's ffprobe-based `get_video_info` (fps is num/den, hence a float). */
export function videoInfoBlock(v: {
  fps: number;
  width: number;
  height: number;
  codec: string;
  pixFmt: string;
  hasAudio: boolean;
}): Record<string, PyValue> {
  return {
    'video.fps': pyFloat(v.fps),
    'video.height': v.height,
    'video.width': v.width,
    'video.channels': pixelChannels(v.pixFmt),
    'video.codec': v.codec,
    'video.pix_fmt': v.pixFmt,
    'video.is_depth_map': false,
    has_audio: v.hasAudio,
  };
}

/** LeRobot `get_video_pixel_channels`. */
function pixelChannels(pixFmt: string): number {
  if (/gray|depth|monochrome/.test(pixFmt)) return 1;
  if (/rgba|yuva/.test(pixFmt)) return 4;
  if (/rgb|yuv/.test(pixFmt)) return 3;
  throw new Error(`LeRobot dataset factory: unknown pixel format ${pixFmt}`);
}

function checkTools(): Promise<void> {
  toolsChecked ??= Promise.all(['ffmpeg', 'ffprobe'].map((tool) => run(tool, ['-hide_banner', '-version']))).then(
    () => undefined,
    (error: unknown) => {
      toolsChecked = undefined;
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new Error(
        missing
          ? 'LeRobot dataset factory: ffmpeg/ffprobe not found on PATH; install ffmpeg (apt-get install ffmpeg) or pass videos: false'
          : `LeRobot dataset factory: ${(error as Error).message}`,
      );
    },
  );
  return toolsChecked;
}

/** execFile (no shell), optionally streaming `input` to stdin with backpressure. */
function run(command: string, args: string[], input?: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let inputError: unknown;
    const child = execFile(command, args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        reject(Object.assign(new Error(`${command} failed: ${stderr.trim() || error.message}`), { code }));
      } else if (inputError) {
        reject(inputError);
      } else {
        resolve(stdout);
      }
    });
    if (input && child.stdin) {
      pipeline(input, child.stdin).catch((error: unknown) => {
        // A broken pipe means the process exited early; its own error (reported above) is the useful one.
        inputError = error;
      });
    }
  });
}

async function withEncodeSlot<T>(task: () => Promise<T>): Promise<T> {
  while (running >= MAX_PARALLEL_ENCODES) await new Promise<void>((wake) => waiting.push(wake));
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

async function isNonEmptyFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}
