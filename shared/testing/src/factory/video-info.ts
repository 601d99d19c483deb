import { run } from './ffmpeg';
import { pyFloat, type PyValue } from './py-json';

/**
 * The `info` block LeRobot stores under a video feature, from a probe of the first video it encoded. Two
 * generations: v2.x ran ffprobe (fps as num/den, a float, first in the block); v3.0 (LeRobot 0.4) uses PyAV
 * (`int(stream.base_rate)`, a different key order).
 */

export type VideoInfoFlavour = 'v2' | 'v3';

export interface VideoStreamInfo {
  fps: number;
  width: number;
  height: number;
  codec: string;
  pixFmt: string;
  hasAudio: boolean;
}

export async function probeVideoInfo(path: string, flavour: VideoInfoFlavour): Promise<Record<string, PyValue>> {
  const stdout = await run('ffprobe', [
    '-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height,pix_fmt,r_frame_rate', '-of', 'json', path,
  ]);
  const streams = (JSON.parse(stdout) as { streams: Record<string, string | number>[] }).streams;
  const video = streams.find((s) => s.codec_type === 'video');
  if (!video) throw new Error(`ffprobe found no video stream in ${path}`);
  const [num, den] = String(video.r_frame_rate).split('/').map(Number);
  return videoInfoBlock(
    {
      fps: num / den,
      width: Number(video.width),
      height: Number(video.height),
      codec: String(video.codec_name),
      pixFmt: String(video.pix_fmt),
      hasAudio: streams.some((s) => s.codec_type === 'audio'),
    },
    flavour,
  );
}

export function videoInfoBlock(v: VideoStreamInfo, flavour: VideoInfoFlavour): Record<string, PyValue> {
  if (flavour === 'v2') {
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
  return {
    'video.height': v.height,
    'video.width': v.width,
    'video.codec': v.codec,
    'video.pix_fmt': v.pixFmt,
    'video.is_depth_map': false,
    'video.fps': Math.trunc(v.fps),
    'video.channels': pixelChannels(v.pixFmt),
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
