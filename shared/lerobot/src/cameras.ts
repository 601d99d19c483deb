import { CameraInfo } from '@robokit/api';
import { FeatureSpec } from './info';

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * A camera's facts from its feature: the shape gives the resolution (HWC unless names say channels come
 * first, as LeRobot decides), the video info block (`info`, or `video_info` on datasets ported from v1.6)
 * gives codec, pixel format and fps.
 */
export function describeCamera(key: string, feature: FeatureSpec): CameraInfo {
  const block = { ...(feature.video_info ?? {}), ...(feature.info ?? {}) };
  const names = Array.isArray(feature.names) ? feature.names : [];
  const channelsLast = names.length === 3 ? ['channel', 'channels'].includes(String(names[2])) : true;
  const [a, b, c] = feature.shape.length === 3 ? feature.shape : [null, null, null];
  const [height, width, channels] = channelsLast ? [a, b, c] : [b, c, a];
  return {
    key,
    storage: feature.dtype === 'video' ? 'video' : 'image',
    height: numberOrNull(block['video.height']) ?? height,
    width: numberOrNull(block['video.width']) ?? width,
    channels: numberOrNull(block['video.channels']) ?? channels,
    codec: stringOrNull(block['video.codec']),
    pixelFormat: stringOrNull(block['video.pix_fmt']),
    fps: numberOrNull(block['video.fps']),
  };
}

export function isCamera(feature: FeatureSpec): boolean {
  return feature.dtype === 'video' || feature.dtype === 'image';
}
