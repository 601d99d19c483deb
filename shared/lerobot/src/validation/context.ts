import { RepoFileInfo } from '@robokit/api';
import { DatasetFiles, LeRobotDataset } from '../dataset';
import { FindingCollector } from './findings';

/** What every validation rule gets: the dataset read through its metadata, its files, and where to report. */
export interface ValidationContext {
  dataset: LeRobotDataset;
  files: DatasetFiles;
  /** The repo listing with sizes (for missing files, LFS pointers, sizes). */
  listing: RepoFileInfo[];
  findings: FindingCollector;
  options: ValidationOptions;
  /** 0..1 share of the rule's work done; rules that scan data report per file. */
  progress(fraction: number): Promise<void>;
}

export interface ValidationOptions {
  /** Probe the mp4 files (codec, resolution, fps, frame count); they must then be in `files` locally. */
  checkVideos: boolean;
}

/** A rule: reads what it needs, reports what it finds, throws only when it cannot run at all. */
export type ValidationRule = (context: ValidationContext) => Promise<void>;
