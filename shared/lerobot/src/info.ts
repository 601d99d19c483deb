import { ErrorCode } from '@robokit/api';
import { LeRobotFormatError } from './format-error';

export interface FeatureSpec {
  dtype: string;
  shape: number[];
  names: unknown;
  info?: Record<string, unknown>;
  video_info?: Record<string, unknown>;
}

/** The keys of meta/info.json RoboKit relies on; others are kept but not interpreted. */
export interface LeRobotInfo {
  codebase_version: string;
  robot_type: string | null;
  fps: number;
  total_episodes: number;
  total_frames: number;
  total_tasks: number;
  chunks_size?: number;
  data_path: string;
  video_path?: string | null;
  features: Record<string, FeatureSpec>;
  [key: string]: unknown;
}

const INFO_PATH = 'meta/info.json';

function invalid(message: string, details?: Record<string, unknown>): LeRobotFormatError {
  return new LeRobotFormatError(ErrorCode.MetadataInvalid, `${INFO_PATH} ${message}`, { path: INFO_PATH, ...details });
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Parses info.json far enough to know its version; fails with METADATA_INVALID naming what is wrong. */
export function parseInfoVersion(text: string): { raw: Record<string, unknown>; codebaseVersion: string } {
  if (text.trim() === '') throw invalid('is empty, so the dataset cannot be described.');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw invalid(`is not valid JSON (${(error as Error).message}).`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid('must hold a JSON object.');
  const version = (raw as Record<string, unknown>).codebase_version;
  if (typeof version !== 'string' || version.trim() === '') {
    throw invalid('has no codebase_version, so it is not a LeRobot v2/v3 dataset.');
  }
  return { raw: raw as Record<string, unknown>, codebaseVersion: version };
}

/** Checks the keys a reader needs, after the version is known to be readable. */
export function validateInfo(raw: Record<string, unknown>): LeRobotInfo {
  const fps = raw.fps;
  if (typeof fps !== 'number' || !(fps > 0)) throw invalid('needs a positive fps.', { key: 'fps' });
  for (const key of ['total_episodes', 'total_frames', 'total_tasks']) {
    if (!isCount(raw[key])) throw invalid(`needs ${key} as a whole number.`, { key });
  }
  const features = raw.features;
  if (features === null || typeof features !== 'object' || Array.isArray(features)) {
    throw invalid('needs a features object.', { key: 'features' });
  }
  for (const [key, feature] of Object.entries(features as Record<string, unknown>)) {
    const spec = feature as Partial<FeatureSpec> | null;
    if (!spec || typeof spec.dtype !== 'string' || !Array.isArray(spec.shape) || !spec.shape.every(isCount)) {
      throw invalid(`declares feature "${key}" without a dtype and a list of sizes as shape.`, { key: `features.${key}` });
    }
  }
  if (typeof raw.data_path !== 'string' || raw.data_path === '') throw invalid('needs data_path, the template of the data files.', { key: 'data_path' });
  const hasVideo = Object.values(features as Record<string, FeatureSpec>).some((feature) => feature.dtype === 'video');
  if (hasVideo && (typeof raw.video_path !== 'string' || raw.video_path === '')) {
    throw invalid('declares video features but no video_path template.', { key: 'video_path' });
  }
  const robotType = raw.robot_type;
  return { ...raw, robot_type: typeof robotType === 'string' ? robotType : null } as LeRobotInfo;
}
