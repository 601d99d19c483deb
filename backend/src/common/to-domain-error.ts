import { HttpException } from '@nestjs/common';
import { ErrorCode } from '@robokit/api';
import { isConnectionFailure } from './connection-failure';
import { DomainError } from './domain-error';
import { validationError } from './validation';

const UNEXPECTED = 'An unexpected error occurred; the request id identifies it in the logs.';

// Express could not percent-decode a path segment (e.g. %FF, %E0%A4); Nest passes it on as a 400.
const UNDECODABLE_PATH = /^Failed to decode param '(.*)'$/s;

/** A client error by its HTTP status, whoever raised it (Nest, Express's router, body-parser, send). */
function fromClientStatus(status: number, detail: string): DomainError {
  if (status === 404 || status === 405) return new DomainError(ErrorCode.RouteNotFound, 'No such endpoint. The API is documented at /api/docs.');
  if (status === 413) return new DomainError(ErrorCode.PayloadTooLarge, 'The request body is too large.');
  if (status === 415) return new DomainError(ErrorCode.UnsupportedMediaType, `The request body must be JSON in UTF-8 (${detail}).`);
  if (status === 416) return new DomainError(ErrorCode.RangeNotSatisfiable, 'The Range header asks for bytes the file does not have; Content-Range gives its size.');
  if (status === 431) return new DomainError(ErrorCode.HeadersTooLarge, 'The request line and headers are too large.');
  const undecodable = UNDECODABLE_PATH.exec(detail);
  if (undecodable) return validationError([{ field: '(path)', problems: [`${undecodable[1].slice(0, 100)} is not valid percent-encoded UTF-8`] }]);
  return new DomainError(ErrorCode.MalformedBody, `The request body could not be read: ${detail}`);
}

/** Maps framework, driver and body-parser errors to the domain vocabulary; anything unknown is a 500. */
export function toDomainError(exception: unknown): DomainError {
  if (exception instanceof DomainError) return exception;
  // Our validation throws DomainErrors, so a 4xx HttpException comes from Nest's routing or body parsing.
  if (exception instanceof HttpException && exception.getStatus() < 500) return fromClientStatus(exception.getStatus(), exception.message);
  const clientError = exception as { expose?: unknown; status?: unknown; message?: unknown };
  if (clientError?.expose === true && typeof clientError.status === 'number' && clientError.status < 500) {
    return fromClientStatus(clientError.status, String(clientError.message));
  }
  if (isConnectionFailure(exception)) {
    return new DomainError(ErrorCode.ServiceUnavailable, 'A service RoboKit depends on (PostgreSQL or Redis) is not reachable; try again shortly.', undefined, true, 5);
  }
  return new DomainError(ErrorCode.InternalError, UNEXPECTED);
}
