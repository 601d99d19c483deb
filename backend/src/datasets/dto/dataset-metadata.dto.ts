import { ApiProperty } from '@nestjs/swagger';
import { CameraInfo, DatasetMetadata, EpisodeLengthSummary, FeatureInfo, RepoFileInfo, TaskInfo } from '@robokit/api';

export class TaskInfoDto implements TaskInfo {
  @ApiProperty() taskIndex: number;
  @ApiProperty({ example: 'Pick the cube and place it in the bin' }) task: string;
}

export class CameraInfoDto implements CameraInfo {
  @ApiProperty({ example: 'observation.images.top' }) key: string;
  @ApiProperty({ enum: ['video', 'image'] }) storage: 'video' | 'image';
  @ApiProperty({ type: Number, nullable: true }) height: number | null;
  @ApiProperty({ type: Number, nullable: true }) width: number | null;
  @ApiProperty({ type: Number, nullable: true }) channels: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'av1' }) codec: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'yuv420p' }) pixelFormat: string | null;
  @ApiProperty({ type: Number, nullable: true }) fps: number | null;
}

export class FeatureInfoDto implements FeatureInfo {
  @ApiProperty({ example: 'observation.state' }) key: string;
  @ApiProperty({ example: 'float32' }) dtype: string;
  @ApiProperty({ type: [Number], example: [6] }) shape: number[];
  @ApiProperty({ type: [String], nullable: true, description: 'Joint or element names, one per element' }) names: string[] | null;
}

export class EpisodeLengthSummaryDto implements EpisodeLengthSummary {
  @ApiProperty() min: number;
  @ApiProperty() median: number;
  @ApiProperty() max: number;
}

export class RepoFileInfoDto implements RepoFileInfo {
  @ApiProperty({ example: 'data/chunk-000/episode_000000.parquet' }) path: string;
  @ApiProperty() size: number;
  @ApiProperty({ description: 'Stored with Git LFS on the Hub' }) lfs: boolean;
}

export class DatasetMetadataDto implements DatasetMetadata {
  @ApiProperty({ example: 'v2.1' }) codebaseVersion: string;
  @ApiProperty({ type: String, nullable: true, example: 'so100' }) robotType: string | null;
  @ApiProperty({ example: 30 }) fps: number;
  @ApiProperty() totalEpisodes: number;
  @ApiProperty() totalFrames: number;
  @ApiProperty() totalTasks: number;
  @ApiProperty({ type: Number, nullable: true }) chunksSize: number | null;
  @ApiProperty({ type: [TaskInfoDto] }) tasks: TaskInfoDto[];
  @ApiProperty({ type: [CameraInfoDto] }) cameras: CameraInfoDto[];
  @ApiProperty({ type: [FeatureInfoDto], description: 'State, action and other vector features (not cameras or indices)' }) features: FeatureInfoDto[];
  @ApiProperty({ type: EpisodeLengthSummaryDto, description: 'Frames per episode' }) episodeLengths: EpisodeLengthSummaryDto;
  @ApiProperty({ description: 'Bytes of all files of the repo at this commit' }) sizeBytes: number;
  @ApiProperty() fileCount: number;
  @ApiProperty({ type: [RepoFileInfoDto] }) files: RepoFileInfoDto[];
  @ApiProperty({ type: [String], description: 'Irregularities the reader tolerated' }) notes: string[];
}
