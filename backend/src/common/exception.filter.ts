import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { ErrorBody, ErrorCode } from '@robokit/api';
import type { Request, Response } from 'express';
import { isRetryable } from './domain-error';
import { ERROR_STATUS } from './error-status';
import { redactText, redactValue } from './redact';
import { requestIdOf } from './request-id';
import { toDomainError } from './to-domain-error';

/** The single place where any error becomes an HTTP answer with the one body shape. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const requestId = requestIdOf(request) ?? 'unknown';
    const error = toDomainError(exception);
    const statusCode = ERROR_STATUS[error.code];
    if (error.code === ErrorCode.InternalError) {
      const stack = exception instanceof Error ? exception.stack : String(exception);
      this.logger.error(`${request.method} ${request.path} failed [request ${requestId}]: ${stack}`);
    } else if (error.code === ErrorCode.ServiceUnavailable) {
      // Expected while PostgreSQL or Redis is away: one line per request, the cause without a stack.
      const cause = exception instanceof Error ? exception.message : String(exception);
      this.logger.warn(`${request.method} ${request.path} answered 503 [request ${requestId}]: ${cause}`);
    }
    if (response.headersSent) return;
    if (error.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(error.retryAfterSeconds));
    const body: ErrorBody = {
      statusCode,
      code: error.code,
      // Messages and details can quote what a Hub or a client sent; credentials among it stay out of the answer.
      message: redactText(error.message),
      ...(error.details ? { details: redactValue(error.details) } : {}),
      retryable: isRetryable(error),
      requestId,
    };
    response.status(statusCode).json(body);
  }
}

