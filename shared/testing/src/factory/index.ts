export type { CameraSpec, DatasetSpec, LeRobotVersion, TaskColumn, VideoCodec } from './dataset-spec';
export { writeLeRobotDataset, type GeneratedDataset } from './write-dataset';
export type { VideoDefect, VideoDefectKind } from './video-defects';
