import { ErrorCode } from '@robokit/api';

export type FormatErrorCode = ErrorCode.MetadataInvalid | ErrorCode.MetadataMissing | ErrorCode.UnsupportedVersion;

/** A dataset RoboKit cannot describe; permanent, since retrying reads the same bytes. */
export class LeRobotFormatError extends Error {
  constructor(
    readonly code: FormatErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'LeRobotFormatError';
  }
}
