/**
 * Synthetic camera frames (RGB24): a wall with two posts, a table with a conveyor belt whose stripes always move,
 * and a yellow cube carried back and forth, plus a strip along
 * the bottom edge showing the frame index in binary (16 blocks, most significant first, so modulo 65536) so a
 * decoded frame can be matched to its row. Which index a row's frame shows is `videoFrameIndex`: the episode's
 * frame_index in v2.x (one clip per episode), the global `index` in v3.0 (episodes share files, and each
 * episode's picture differs). Frame i depends only on (width, height, fps, i): every clip is a slice of one
 * endless stream, so one ffmpeg run can encode many clips, and encoded clips can be cached and reused.
 * Bump FRAME_PATTERN_VERSION whenever the picture changes (it is part of the cache key).
 */
export const FRAME_PATTERN_VERSION = 4;

const CYCLE_S = 4;
const COUNTER_BITS = 16;

export function renderFrame(width: number, height: number, fps: number, frame: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  const phase = (frame / fps / CYCLE_S) % 1;
  const u = phase < 0.5 ? 2 * phase : 2 - 2 * phase;
  const carry = u * u * u * (10 - 15 * u + 6 * u * u);

  const tableTop = Math.floor(height * 0.62);
  const stripTop = height >= 16 ? height - 2 : height;
  const size = Math.max(2, Math.round(height / 6));
  const cubeX = Math.round((0.15 + 0.6 * carry) * (width - size));
  const cubeY = tableTop - size - Math.round(Math.sin(Math.PI * u) * height * 0.25);
  // Posts give the picture vertical edges to register against; the belt keeps consecutive frames apart in gray
  // (a real camera's noise and moving arm do), so only an injected freeze looks frozen. It runs two stripe
  // periods a second, so any second of it averages out to an even belt and no stripe phase tells episodes apart.
  const postWidth = Math.max(2, Math.round(width / 16));
  const posts = [Math.round(width * 0.28), Math.round(width * 0.7)];
  const stripe = Math.max(4, Math.round(width / 8));
  const beltShift = Math.floor((frame * 4 * stripe) / fps);

  const put = (o: number, r: number, g: number, b: number): void => {
    rgb[o] = r;
    rgb[o + 1] = g;
    rgb[o + 2] = b;
  };
  for (let y = 0; y < height; y++) {
    const inCubeRows = y >= cubeY && y < cubeY + size;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      if (y >= stripTop) {
        const bit = COUNTER_BITS - 1 - Math.floor((x * COUNTER_BITS) / width);
        const v = (frame >> bit) & 1 ? 235 : 25;
        put(o, v, v, v);
      } else if (inCubeRows && x >= cubeX && x < cubeX + size) {
        put(o, 245, 215, 60);
      } else if (y < tableTop) {
        const v = y / height;
        if (posts.some((p) => x >= p && x < p + postWidth)) put(o, 40, 42, 48);
        else put(o, 70 + 40 * v, 80 + 50 * v, 100 + 60 * v);
      } else {
        const v = (y - tableTop) / (height - tableTop);
        const light = Math.floor((x + beltShift) / stripe) % 2 === 0 ? 70 : 0;
        put(o, 120 - 30 * v + light, 90 - 20 * v + light, 60 + light);
      }
    }
  }
  return rgb;
}
