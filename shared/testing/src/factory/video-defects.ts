import { renderFrame } from './frames';

/**
 * Camera defects injected into the synthetic frames, so that tests of the video quality metrics have a known
 * answer: a frozen picture, a dark or over-exposed one, a blurred one, and a camera moved off its place.
 */

export type VideoDefectKind = 'frozen' | 'dark' | 'bright' | 'blur' | 'shift';

export const VIDEO_DEFECT_KINDS: readonly VideoDefectKind[] = ['frozen', 'dark', 'bright', 'blur', 'shift'];

export interface VideoDefect {
  episode: number;
  /** Camera (video feature) key. */
  camera: string;
  kind: VideoDefectKind;
  /** First and last frame of the episode affected (inclusive); default the whole episode. */
  frames?: [number, number];
}

/** A defect on the endless synthetic stream: stream frames `from`..`to` inclusive (see `videoFrameIndex`). */
export interface StreamDefect {
  kind: VideoDefectKind;
  from: number;
  to: number;
}

/** Exposure of a dark (or, mirrored, an over-exposed) frame: 8 % of the light. */
const DIM = 0.08;

/** Part of the cache key of a clip: clips with different defects are different files. */
export function defectKey(defects: readonly StreamDefect[]): string {
  return defects.map(({ kind, from, to }) => `${kind}${from}-${to}`).join('_');
}

/** Frame `frame` of the stream with the defects that cover it. */
export function renderWithDefects(width: number, height: number, fps: number, frame: number, defects: readonly StreamDefect[]): Uint8Array {
  const active = defects.filter((defect) => frame >= defect.from && frame <= defect.to);
  const frozen = active.find((defect) => defect.kind === 'frozen');
  let rgb = renderFrame(width, height, fps, frozen ? frozen.from : frame);
  const radius = Math.max(2, Math.round(width / 32));
  for (const { kind } of active) {
    if (kind === 'dark') rgb = rgb.map((v) => Math.round(v * DIM));
    else if (kind === 'bright') rgb = rgb.map((v) => 255 - Math.round((255 - v) * DIM));
    else if (kind === 'blur') rgb = boxBlur(boxBlur(rgb, width, height, radius), width, height, radius);
    else if (kind === 'shift') rgb = translate(rgb, width, height, Math.round(width / 8), Math.round(height / 6));
  }
  return rgb;
}

/** Separable box blur of radius r, edges replicated; twice in a row it approximates a Gaussian (defocus). */
function boxBlur(rgb: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const pass = (source: Uint8Array, along: 'x' | 'y'): Uint8Array => {
    const out = new Uint8Array(source.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < 3; c++) {
          let sum = 0;
          for (let k = -r; k <= r; k++) {
            const xx = along === 'x' ? Math.min(width - 1, Math.max(0, x + k)) : x;
            const yy = along === 'y' ? Math.min(height - 1, Math.max(0, y + k)) : y;
            sum += source[(yy * width + xx) * 3 + c];
          }
          out[(y * width + x) * 3 + c] = Math.round(sum / (2 * r + 1));
        }
      }
    }
    return out;
  };
  return pass(pass(rgb, 'x'), 'y');
}

/** The picture moved right by dx and down by dy (a camera knocked off its mount), edges replicated. */
function translate(rgb: Uint8Array, width: number, height: number, dx: number, dy: number): Uint8Array {
  const out = new Uint8Array(rgb.length);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(height - 1, Math.max(0, y - dy));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(width - 1, Math.max(0, x - dx));
      out.set(rgb.subarray((sy * width + sx) * 3, (sy * width + sx) * 3 + 3), (y * width + x) * 3);
    }
  }
  return out;
}
