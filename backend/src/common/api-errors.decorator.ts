import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorCode } from '@robokit/api';
import { ErrorBodyDto } from './error-body.dto';
import { ERROR_STATUS } from './error-status';

// Every endpoint can fail unexpectedly, lose its database or meet a request line too long to read;
// documenting it keeps generated clients honest.
const ALWAYS = [ErrorCode.HeadersTooLarge, ErrorCode.ServiceUnavailable, ErrorCode.InternalError];

/** What any endpoint that takes a JSON body may answer before its own checks run. */
export const BODY_ERRORS = [ErrorCode.ValidationFailed, ErrorCode.MalformedBody, ErrorCode.PayloadTooLarge, ErrorCode.UnsupportedMediaType];

/** Documents the error answers of an endpoint, one response per status, naming the codes it may carry. */
export function ApiErrors(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set([...codes, ...ALWAYS])) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ...[...byStatus].map(([status, statusCodes]) =>
      ApiResponse({ status, type: ErrorBodyDto, description: `Error body; code is one of ${statusCodes.join(', ')}` }),
    ),
  );
}
