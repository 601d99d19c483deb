import { ApiProperty } from '@nestjs/swagger';
import { JobStatus } from '@robokit/api';

/** One count per import state; every state is present, 0 when no dataset is in it. */
export class DatasetStatusCountsDto implements Record<JobStatus, number> {
  @ApiProperty() queued: number;
  @ApiProperty() running: number;
  @ApiProperty() completed: number;
  @ApiProperty() failed: number;
  @ApiProperty() cancelled: number;
}

export class DatasetCountsDto {
  @ApiProperty() total: number;
  @ApiProperty({ type: DatasetStatusCountsDto, description: 'By the state of their import' }) byStatus: DatasetStatusCountsDto;
}

export class JobCountsDto {
  @ApiProperty({ description: 'Queued or running' }) active: number;
  @ApiProperty() queued: number;
  @ApiProperty() running: number;
  @ApiProperty({ description: 'Jobs that failed (finally, after their automatic retries) in the last 24 hours' }) failedLast24h: number;
}

export class OverviewDto {
  @ApiProperty({ type: DatasetCountsDto }) datasets: DatasetCountsDto;
  @ApiProperty({ type: JobCountsDto }) jobs: JobCountsDto;
}
