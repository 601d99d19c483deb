import { execFile } from 'node:child_process';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Running ffmpeg/ffprobe: availability check, a cap on concurrent processes, errors that say what failed. */

/** ffmpeg processes at a time, each single-threaded: sized for the 2-core machines this runs on. */
const MAX_PARALLEL_PROCESSES = 2;

const waiting: (() => void)[] = [];
let running = 0;
let toolsChecked: Promise<void> | undefined;

export function checkTools(): Promise<void> {
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
export function run(command: string, args: string[], input?: Readable): Promise<string> {
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

/** Runs `task` once fewer than MAX_PARALLEL_PROCESSES ffmpeg jobs are running. */
export async function withProcessSlot<T>(task: () => Promise<T>): Promise<T> {
  while (running >= MAX_PARALLEL_PROCESSES) await new Promise<void>((wake) => waiting.push(wake));
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export const MAX_PARALLEL_ENCODES = MAX_PARALLEL_PROCESSES;
