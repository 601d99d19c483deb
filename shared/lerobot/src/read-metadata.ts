import { DatasetMetadata, ErrorCode, RepoFileInfo } from '@robokit/api';
import { LeRobotFormatError } from './format-error';
import { parseInfoVersion, validateInfo } from './info';
import { readV21Metadata, ReadText } from './metadata-v21';
import { isReadableVersion, normaliseVersion, unsupportedVersionAdvice } from './version';

export const INFO_PATH = 'meta/info.json';

/** Reads info.json and decides whether this build can read the dataset, before anything else is done. */
export function checkInfo(text: string) {
  const { raw, codebaseVersion } = parseInfoVersion(text);
  const version = normaliseVersion(codebaseVersion);
  if (!isReadableVersion(version)) {
    throw new LeRobotFormatError(ErrorCode.UnsupportedVersion, `This dataset is LeRobot ${codebaseVersion}. ${unsupportedVersionAdvice(codebaseVersion)}`, { codebaseVersion });
  }
  return { version, info: validateInfo(raw) };
}

/** The metadata of a LeRobot dataset of any readable version. */
export async function readDatasetMetadata(readText: ReadText, files: RepoFileInfo[]): Promise<DatasetMetadata> {
  const text = await readText(INFO_PATH);
  if (text === null) {
    throw new LeRobotFormatError(ErrorCode.MetadataMissing, `${INFO_PATH} is missing: this is not a LeRobot v2/v3 dataset.`, { path: INFO_PATH });
  }
  const { info } = checkInfo(text);
  return readV21Metadata(info, readText, files);
}
