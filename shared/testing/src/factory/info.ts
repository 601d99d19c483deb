import type { DatasetModel, Feature, VideoFeature } from './model';
import type { PyValue } from './py-json';
import { videoInfoBlock } from './video-info';

/** Pieces of meta/info.json both generations share, in the key order each generation's recorder writes. */

export type VideoInfo = Record<string, PyValue>;

/**
 * info.json `features`. v3.0's `lerobot-record` builds state/action through `combine_feature_dicts`, which
 * orders their keys dtype, names, shape; cameras and the default features keep dtype, shape, names.
 */
export function featuresJson(model: DatasetModel, videoInfo: Map<string, VideoInfo>): PyValue {
  return Object.fromEntries(model.features.map((f) => [f.key, featureJson(f, videoInfo.get(f.key), model.spec.version === 'v3.0')]));
}

function featureJson(feature: Feature, videoInfo: VideoInfo | undefined, v3: boolean): PyValue {
  if (feature.kind === 'frame') {
    const { dtype, width, names } = feature;
    return v3 && names ? { dtype, names, shape: [width] } : { dtype, shape: [width], names };
  }
  const { width, height } = feature.camera;
  const json: Record<string, PyValue> = { dtype: 'video', shape: [height, width, 3], names: ['height', 'width', 'channels'] };
  if (videoInfo) json.info = videoInfo;
  return json;
}

/** The `info` block of a declared-only camera (no mp4 written): what encoding it would have produced. */
export function declaredVideoInfo(model: DatasetModel, { camera }: VideoFeature): VideoInfo {
  const { spec } = model;
  const stream = { fps: spec.fps, width: camera.width, height: camera.height, codec: spec.videoCodec, pixFmt: 'yuv420p', hasAudio: false };
  return videoInfoBlock(stream, spec.version === 'v3.0' ? 'v3' : 'v2');
}

/** `splits`: LeRobot writes {} until the first episode is saved. */
export const splitsJson = (model: DatasetModel): PyValue =>
  model.episodes.length === 0 ? {} : { train: `0:${model.episodes.length}` };
