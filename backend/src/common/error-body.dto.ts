import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorBody, ErrorCode } from '@robokit/api';

export class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ example: 404 }) statusCode: number;
  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode', example: ErrorCode.DatasetNotFound }) code: ErrorCode;
  @ApiProperty({ example: 'Dataset 3f0c… was not found.' }) message: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Machine-readable facts: the fields that failed, the existing dataset id, ...' })
  details?: Record<string, unknown>;
  @ApiProperty({ description: 'Whether the same request may succeed later without changes' }) retryable: boolean;
  @ApiProperty({ example: '5b0e2a8c-6d1e-4a55-9d43-0f7c1e2b9a10', description: 'Also in the X-Request-Id header' }) requestId: string;
}
