import { HttpException } from '@nestjs/common';
import { ErrorCode } from '@robokit/api';
import { DomainError } from './domain-error';

// Errors of the pg driver and of ioredis that mean "the service is not there", not "the query is wrong".
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
const PG_UNAVAILABLE = /^(08|57P)/;

function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_ERRNOS.has(code) || PG_UNAVAILABLE.test(code))) return true;
  return /Connection terminated|connection is closed|Connection is closed|MaxRetriesPerRequest/i.test(error.message);
}

/** Maps framework, driver and body-parser errors to the domain vocabulary; anything unknown is a 500. */
export function toDomainError(exception: unknown): DomainError {
  if (exception instanceof DomainError) return exception;
  if (exception instanceof HttpException) return fromHttpException(exception);
  const parserType = (exception as { type?: unknown })?.type;
  if (parserType === 'entity.parse.failed') {
    return new DomainError(ErrorCode.MalformedBody, 'The request body is not valid JSON.');
  }
  if (parserType === 'entity.too.large') {
    return new DomainError(ErrorCode.PayloadTooLarge, 'The request body is too large.');
  }
  if (typeof parserType === 'string' && parserType.startsWith('encoding.')) {
    return new DomainError(ErrorCode.MalformedBody, 'The request body has an unsupported encoding.');
  }
  if (isConnectionFailure(exception)) {
    return new DomainError(
      ErrorCode.ServiceUnavailable,
      'A service RoboKit depends on (PostgreSQL or Redis) is not reachable; try again shortly.',
      undefined,
      true,
      5,
    );
  }
  return new DomainError(ErrorCode.InternalError, 'An unexpected error occurred; the request id identifies it in the logs.');
}

function fromHttpException(exception: HttpException): DomainError {
  const status = exception.getStatus();
  if (status === 404) return new DomainError(ErrorCode.RouteNotFound, 'No such endpoint. The API is documented at /api/docs.');
  if (status === 413) return new DomainError(ErrorCode.PayloadTooLarge, 'The request body is too large.');
  // Our own validation throws DomainErrors; a 400 HttpException comes from Nest's body parser.
  if (status === 400) return new DomainError(ErrorCode.MalformedBody, `The request body could not be parsed: ${exception.message}`);
  if (status === 405) return new DomainError(ErrorCode.RouteNotFound, 'This endpoint does not accept that method.');
  return new DomainError(ErrorCode.InternalError, 'An unexpected error occurred; the request id identifies it in the logs.');
}
