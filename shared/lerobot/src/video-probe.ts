import { open } from 'node:fs/promises';
import { createFile, MP4BoxBuffer } from 'mp4box';

export interface VideoProbe {
  /** FFmpeg's name for the codec (av1, h264, hevc, vp9), as LeRobot's info blocks write it; else the mp4 codec string. */
  codec: string;
  width: number;
  height: number;
  frames: number;
  durationS: number;
  fps: number;
}

const CODECS: [RegExp, string][] = [
  [/^av01/, 'av1'],
  [/^(avc1|avc3)/, 'h264'],
  [/^(hvc1|hev1)/, 'hevc'],
  [/^vp09/, 'vp9'],
  [/^mp4v/, 'mpeg4'],
];

const CHUNK = 256 * 1024;

/**
 * Reads an mp4's first video track from its moov box (mp4box.js, no decoding): with +faststart only the
 * first chunk is read. Throws when the file has no readable moov or no video track.
 */
export async function probeVideo(path: string): Promise<VideoProbe> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const file = createFile();
    let info: Parameters<NonNullable<typeof file.onReady>>[0] | undefined;
    let failure: unknown;
    file.onReady = (ready) => (info = ready);
    file.onError = (_module: string, message: string) => (failure = new Error(message));
    for (let offset = 0; offset < size && !info && !failure; ) {
      const buffer = Buffer.alloc(Math.min(CHUNK, size - offset));
      await handle.read(buffer, 0, buffer.length, offset);
      const next = file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length) as ArrayBuffer, offset));
      offset = typeof next === 'number' && next > offset ? next : offset + buffer.length;
    }
    file.flush();
    if (failure) throw failure;
    const track = info?.videoTracks[0];
    if (!info || !track) throw new Error('no moov box with a video track');
    const durationS = track.duration / track.timescale;
    return {
      codec: CODECS.find(([pattern]) => pattern.test(track.codec))?.[1] ?? track.codec,
      width: track.video?.width ?? track.track_width,
      height: track.video?.height ?? track.track_height,
      frames: track.nb_samples,
      durationS,
      fps: durationS > 0 ? track.nb_samples / durationS : 0,
    };
  } finally {
    await handle.close();
  }
}
