import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

/**
 * Gray frames of an mp4, decoded by the system ffmpeg and scaled to GRAY_WIDTH pixels wide (the resolution the
 * video metrics of quality-metrics.md §5 are defined at). Frames stream through one reused buffer, so memory
 * stays at a frame or two whatever the length.
 */

export const GRAY_WIDTH = 160;

export interface GraySize {
  width: number;
  height: number;
}

/** The scaled size: 160 wide, the height that keeps the aspect ratio, even (as ffmpeg's scaler wants). */
export function graySize(sourceWidth: number, sourceHeight: number): GraySize {
  return { width: GRAY_WIDTH, height: Math.max(2, 2 * Math.round((GRAY_WIDTH * sourceHeight) / sourceWidth / 2)) };
}

/** Receives each decoded frame in order; the buffer is reused after the call returns. */
export type FrameSink = (frame: Uint8Array, position: number) => void;

/**
 * Seeking to a quarter frame before a frame's time lands on that frame: ffmpeg's accurate seek keeps the
 * first frame whose time is at or after the position, and a timestamp rounded in the container cannot push
 * the wanted frame before it.
 */
const seekTo = (seconds: number, fps: number) => Math.max(0, seconds - 0.25 / fps).toFixed(6);

const scale = ({ width, height }: GraySize) => `scale=${width}:${height}:flags=area,format=gray`;

// One thread per stage: the decode is background work beside an API that must stay quick on two cores.
const COMMON = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-filter_threads', '1', '-filter_complex_threads', '1'];
// Decoding is the most CPU a job spends; it runs at the lowest priority so that it only takes what is idle.
const DECODE_NICENESS = 19;
// A decode that sends nothing for this long is stuck (a frame takes milliseconds): the job must not hang on it,
// all the more as its heartbeat would keep it looking alive.
const SILENCE_MS = 120_000;
const RAW_OUT = ['-fps_mode', 'passthrough', '-f', 'rawvideo', 'pipe:1'];

/**
 * `count` consecutive frames from `fromS` seconds into the file; resolves with the number decoded. An aborted
 * `signal` stops ffmpeg and rejects with the signal's reason (so do decodeSamples').
 */
export function decodeRange(path: string, size: GraySize, fromS: number, count: number, fps: number, sink: FrameSink, signal?: AbortSignal): Promise<number> {
  const args = [...COMMON, '-threads', '1', '-ss', seekTo(fromS, fps), '-i', path, '-frames:v', String(count), '-vf', scale(size), ...RAW_OUT];
  return runFfmpeg(args, size, sink, signal);
}

/**
 * One frame at each of `timesS`, in that order, decoding only from the keyframe before each (one input per
 * time, joined by the concat filter): the sampled metrics cost a few frames per sample, not the episode.
 */
export function decodeSamples(path: string, size: GraySize, timesS: number[], fps: number, sink: FrameSink, signal?: AbortSignal): Promise<number> {
  const inputs = timesS.flatMap((time) => ['-threads', '1', '-ss', seekTo(time, fps), '-i', path]);
  const chains = timesS.map((_, k) => `[${k}:v]trim=end_frame=1,${scale(size)}[v${k}]`);
  // Each trimmed input starts at time 0: numbering the joined frames keeps their times increasing.
  const graph = `${chains.join(';')};${timesS.map((_, k) => `[v${k}]`).join('')}concat=n=${timesS.length}:v=1,setpts=N[out]`;
  return runFfmpeg([...COMMON, ...inputs, '-filter_complex', graph, '-map', '[out]', ...RAW_OUT], size, sink, signal);
}

function runFfmpeg(args: string[], { width, height }: GraySize, sink: FrameSink, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    try {
      if (child.pid !== undefined) setPriority(child.pid, DECODE_NICENESS);
    } catch (error) {
      // ESRCH: it has ended already, and how it ended is reported on 'close'.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
    const frame = new Uint8Array(width * height);
    let filled = 0;
    let frames = 0;
    let stderr = '';
    let failure: unknown = null;
    const stuck = () => {
      failure = new Error(`ffmpeg sent no frame for ${SILENCE_MS / 1000} s and was stopped`);
      child.kill('SIGKILL');
    };
    let silence = setTimeout(stuck, SILENCE_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      clearTimeout(silence);
      silence = setTimeout(stuck, SILENCE_MS);
      for (let offset = 0; offset < chunk.length && failure === null; ) {
        const take = Math.min(frame.length - filled, chunk.length - offset);
        frame.set(chunk.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled < frame.length) continue;
        filled = 0;
        try {
          sink(frame, frames);
        } catch (error) {
          failure = error;
          child.kill();
        }
        frames += 1;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(silence);
      // An abort kills ffmpeg and arrives here as an AbortError: the caller gets the reason it aborted for.
      if (signal?.aborted) reject(signal.reason);
      else reject(error.code === 'ENOENT' ? new Error('ffmpeg is not installed (the video metrics decode with the system ffmpeg)') : error);
    });
    child.on('close', (code) => {
      clearTimeout(silence);
      if (failure !== null) reject(failure);
      else if (code !== 0) reject(new Error(`ffmpeg failed: ${stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${code}`}`));
      else resolve(frames);
    });
  });
}
