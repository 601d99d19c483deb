import { ErrorCode } from '@robokit/api';
import { describeCamera } from './cameras';
import { LeRobotFormatError } from './format-error';
import { normaliseNames } from './names';
import { checkInfo } from './read-info';
import { summariseLengths } from './summary';
import { normaliseVersion } from './version';

const info = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ codebase_version: 'v2.1', robot_type: 'koch', fps: 30, total_episodes: 2, total_frames: 7, total_tasks: 1, data_path: 'data/{episode_index}.parquet', features: {}, ...extra });

function formatError(run: () => unknown): LeRobotFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof LeRobotFormatError) return error;
    throw error;
  }
  throw new Error('expected a LeRobotFormatError');
}

describe('feature names in every layout LeRobot writes', () => {
  it.each([
    [null, null, undefined],
    [['a', 'b'], ['a', 'b'], undefined],
    [{ motors: ['m0', 'm1'] }, ['m0', 'm1'], undefined],
    [[['x', 'y']], ['x', 'y'], 'names is a list holding one list of names (read as the inner list)'],
    [{ delta_y: 1, delta_x: 0, gripper: 2 }, ['delta_x', 'delta_y', 'gripper'], undefined],
    [[1, 2], null, 'names is a list that is not made of strings (ignored)'],
  ])('%j -> %j', (names, expected, note) => {
    expect(normaliseNames(names)).toEqual(note ? { names: expected, note } : { names: expected });
  });
});

describe('codebase versions as packaging.version reads them', () => {
  it.each([
    ['v2.1', 'v2.1'],
    ['2.1', 'v2.1'],
    ['V3', 'v3.0'],
    ['v2.1.0', 'v2.1'],
    ['latest', null],
  ])('%s -> %s', (raw, expected) => expect(normaliseVersion(raw)).toBe(expected));
});

describe('checkInfo', () => {
  it('reads a v2.1 info.json written as "2.1"', () => {
    expect(checkInfo(info({ codebase_version: '2.1' })).version).toBe('v2.1');
  });

  it.each([
    ['', ErrorCode.MetadataInvalid, /empty/],
    ['[1]', ErrorCode.MetadataInvalid, /JSON object/],
    ['{"fps": 30}', ErrorCode.MetadataInvalid, /codebase_version/],
    [info({ codebase_version: 'v1.6' }), ErrorCode.UnsupportedVersion, /convert_dataset_v1_to_v2/],
    [info({ codebase_version: 'v4.0' }), ErrorCode.UnsupportedVersion, /newer than the versions RoboKit reads/],
    [info({ fps: 0 }), ErrorCode.MetadataInvalid, /positive fps/],
    [info({ data_path: undefined }), ErrorCode.MetadataInvalid, /data_path/],
    [info({ features: { cam: { dtype: 'video', shape: [1, 1, 3] } } }), ErrorCode.MetadataInvalid, /video_path/],
    [info({ total_frames: -1 }), ErrorCode.MetadataInvalid, /total_frames/],
    [info({ features: { action: { dtype: 'float32', shape: 'six' } } }), ErrorCode.MetadataInvalid, /"action"/],
  ])('refuses %s with %s', (text, code, message) => {
    const error = formatError(() => checkInfo(text));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('cameras', () => {
  it('reads HWC shapes and the v1.6-port video_info block', () => {
    expect(
      describeCamera('cam', { dtype: 'video', shape: [480, 640, 3], names: ['height', 'width', 'channel'], video_info: { 'video.fps': 50, 'video.codec': 'av1', 'video.pix_fmt': 'yuv420p' } }),
    ).toEqual({ key: 'cam', storage: 'video', height: 480, width: 640, channels: 3, codec: 'av1', pixelFormat: 'yuv420p', fps: 50 });
  });

  it('reads CHW shapes of image features, without an info block', () => {
    expect(describeCamera('img', { dtype: 'image', shape: [3, 96, 128], names: ['channels', 'height', 'width'] })).toEqual({
      key: 'img', storage: 'image', height: 96, width: 128, channels: 3, codec: null, pixelFormat: null, fps: null,
    });
  });
});

describe('summariseLengths', () => {
  it('gives min, median and max, and zeros for no episodes', () => {
    expect(summariseLengths([5, 1, 3])).toEqual({ min: 1, median: 3, max: 5 });
    expect(summariseLengths([])).toEqual({ min: 0, median: 0, max: 0 });
  });
});
