/** What metadata_extraction learns about a LeRobot dataset; stored on the dataset. */
export interface DatasetMetadata {
  codebaseVersion: string;
  robotType: string | null;
  fps: number;
  totalEpisodes: number;
  totalFrames: number;
  totalTasks: number;
  chunksSize: number | null;
  tasks: TaskInfo[];
  cameras: CameraInfo[];
  /** Vector features a policy reads or writes (state, action, effort, ...), not cameras or indices. */
  features: FeatureInfo[];
  episodeLengths: EpisodeLengthSummary;
  sizeBytes: number;
  fileCount: number;
  files: RepoFileInfo[];
  /** Things the reader tolerated but a user should know (e.g. names given as a nested list). */
  notes: string[];
}

export interface TaskInfo {
  taskIndex: number;
  task: string;
}

export interface CameraInfo {
  key: string;
  storage: 'video' | 'image';
  height: number | null;
  width: number | null;
  channels: number | null;
  codec: string | null;
  pixelFormat: string | null;
  fps: number | null;
}

export interface FeatureInfo {
  key: string;
  dtype: string;
  shape: number[];
  names: string[] | null;
}

export interface EpisodeLengthSummary {
  min: number;
  median: number;
  max: number;
}

export interface RepoFileInfo {
  path: string;
  size: number;
  lfs: boolean;
}

/** The small part of a metadata result that lists and job rows show. */
export interface MetadataSummary {
  codebaseVersion: string;
  robotType: string | null;
  totalEpisodes: number;
  totalFrames: number;
  cameraCount: number;
  sizeBytes: number;
}
