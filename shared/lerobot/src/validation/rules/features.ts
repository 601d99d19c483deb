import { Severity } from '@robokit/api';
import { describeCamera, isCamera } from '../../cameras';
import { normaliseNames } from '../../names';
import { ValidationContext } from '../context';

const INFO = { file: 'meta/info.json' };

/** The feature declarations themselves: keys, names against shapes, and camera info blocks (§3.2, §3.3, §7.4). */
export async function checkFeatures({ dataset, findings }: ValidationContext): Promise<void> {
  const { info } = dataset;
  for (const [key, feature] of Object.entries(info.features)) {
    const location = { ...INFO, feature: key };
    if (key.includes('/')) {
      findings.add('FEATURE_KEY_INVALID', Severity.Error, `Feature "${key}" contains "/", which LeRobot forbids (v3 metadata columns use "/" as a separator).`, location);
    }
    if (isCamera(feature)) {
      checkCamera(key, dataset.info.fps, feature, findings);
      continue;
    }
    const { names, note } = normaliseNames(feature.names);
    if (note) {
      findings.add('FEATURE_NAMES_LAYOUT', Severity.Warning, `Feature "${key}": ${note}; LeRobot expects a flat list with one name per element.`, location);
    } else if (names && feature.shape.length === 1 && names.length !== feature.shape[0]) {
      findings.add('FEATURE_NAMES_LENGTH', Severity.Warning, `Feature "${key}" has ${names.length} name(s) for ${feature.shape[0]} element(s).`, location);
    }
  }
}

function checkCamera(key: string, fps: number, feature: Parameters<typeof describeCamera>[1], findings: ValidationContext['findings']): void {
  const location = { ...INFO, feature: key };
  if (feature.shape.length !== 3) {
    findings.add('CAMERA_SHAPE_INVALID', Severity.Error, `Camera "${key}" has shape [${feature.shape.join(', ')}]; a camera needs 3 dimensions (height, width, channels in some order).`, location);
    return;
  }
  if (feature.dtype !== 'video') return;
  const hasInfo = feature.info !== undefined || feature.video_info !== undefined;
  if (!hasInfo) {
    findings.add('VIDEO_INFO_MISSING', Severity.Warning, `Video feature "${key}" has no info block, so its codec, fps and pixel format are not declared.`, location);
    return;
  }
  const camera = describeCamera(key, feature);
  if (camera.fps !== null && Math.abs(camera.fps - fps) > 1e-6) {
    findings.add('VIDEO_FPS_MISMATCH', Severity.Error, `Video feature "${key}" declares ${camera.fps} fps but the dataset runs at ${fps} fps.`, location);
  }
  const declared = describeCamera(key, { ...feature, info: undefined, video_info: undefined });
  if (camera.height !== declared.height || camera.width !== declared.width) {
    findings.add('CAMERA_SHAPE_MISMATCH', Severity.Warning, `Video feature "${key}" declares ${camera.width}×${camera.height} in its info block but its shape says ${declared.width}×${declared.height}.`, location);
  }
}
