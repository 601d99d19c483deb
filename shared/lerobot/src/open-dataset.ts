import { ErrorCode } from '@robokit/api';
import { DatasetFiles, LeRobotDataset } from './dataset';
import { LeRobotFormatError } from './format-error';
import { checkInfo, INFO_PATH } from './read-info';
import { readV2Episodes, readV2Tasks } from './read-v2';
import { readV3Episodes, readV3Tasks } from './read-v3';

/** Reads a dataset's metadata, whatever its version, into the one model every analysis uses. */
export async function openDataset(files: DatasetFiles): Promise<LeRobotDataset> {
  const text = await files.readText(INFO_PATH);
  if (text === null) {
    throw new LeRobotFormatError(ErrorCode.MetadataMissing, `${INFO_PATH} is missing: this is not a LeRobot v2/v3 dataset.`, { path: INFO_PATH });
  }
  const { version, info } = checkInfo(text);
  if (version === 'v3.0') {
    return { version, info, tasks: await readV3Tasks(files), episodes: await readV3Episodes(info, files) };
  }
  return { version, info, tasks: await readV2Tasks(files), episodes: await readV2Episodes(info, files) };
}
