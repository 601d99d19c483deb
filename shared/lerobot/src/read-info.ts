import { ErrorCode } from '@robokit/api';
import { LeRobotFormatError } from './format-error';
import { LeRobotInfo, parseInfoVersion, validateInfo } from './info';
import { isReadableVersion, normaliseVersion, ReadableVersion, unsupportedVersionAdvice } from './version';

export const INFO_PATH = 'meta/info.json';

/** Reads info.json and decides whether this build can read the dataset, before anything else is done. */
export function checkInfo(text: string): { version: ReadableVersion; info: LeRobotInfo } {
  const { raw, codebaseVersion } = parseInfoVersion(text);
  const version = normaliseVersion(codebaseVersion);
  if (!isReadableVersion(version)) {
    throw new LeRobotFormatError(ErrorCode.UnsupportedVersion, `This dataset is LeRobot ${codebaseVersion}. ${unsupportedVersionAdvice(codebaseVersion)}`, { codebaseVersion });
  }
  return { version, info: validateInfo(raw) };
}
