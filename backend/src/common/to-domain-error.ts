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

const UNEXPECTED = 'An unexpected error occurred; the request id identifies it in the logs.';

/** A client error by its HTTP status, whoever raised it (Nest, or body-parser's http-errors). */
function fromClientStatus(status: number, detail: string): DomainError {
  if (status === 404 || status === 405) return new DomainError(ErrorCode.RouteNotFound, 'No such endpoint. The API is documented at /api/docs.');
  if (status === 413) return new DomainError(ErrorCode.PayloadTooLarge, 'The request body is too large.');
  if (status === 415) return new DomainError(ErrorCode.UnsupportedMediaType, `The request body must be JSON in UTF-8 (${detail}).`);
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
