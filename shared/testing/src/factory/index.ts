export type { CameraSpec, DatasetSpec, VideoCodec } from './dataset-spec';
export { writeLeRobotDataset, type GeneratedDataset } from './write-dataset';
