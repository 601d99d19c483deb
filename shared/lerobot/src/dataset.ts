import { TaskInfo } from '@robokit/api';
import { LeRobotInfo } from './info';
import { ReadableVersion } from './version';

/** Where the frames of one camera of one episode are: a file, and for v3.0 a time range inside it. */
export interface EpisodeVideo {
  file: string;
  fromTimestamp: number;
  toTimestamp: number | null;
}

/** One episode as the metadata describes it, the same for every version. */
export interface EpisodeRecord {
  index: number;
  length: number;
  tasks: string[];
  /** Repo path of the parquet that holds the episode's frames. */
  dataFile: string;
  /** v3.0: the episode's global row range [from, to); null for v2.x, where each file is one episode. */
  fromIndex: number | null;
  toIndex: number | null;
  videos: Record<string, EpisodeVideo>;
}

/** A LeRobot dataset of any readable version, read through its metadata. */
export interface LeRobotDataset {
  version: ReadableVersion;
  info: LeRobotInfo;
  tasks: TaskInfo[];
  /** Sorted by episode index. */
  episodes: EpisodeRecord[];
}

/** Access to the dataset's files, wherever they are (a cache snapshot, a test folder). */
export interface DatasetFiles {
  /** Text of a repo file; null when the repo has no such file. */
  readText(path: string): Promise<string | null>;
  /** A local path to a repo file for the parquet reader; null when the repo has no such file. */
  localPath(path: string): string | null;
  /** Every repo path, sorted. */
  paths(): string[];
}
