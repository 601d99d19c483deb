import { Injectable, NestMiddleware } from '@nestjs/common';
import { ErrorCode } from '@robokit/api';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from './domain-error';

/**
 * The API takes JSON only. Refusing form and text bodies also means a plain HTML form on another site
 * cannot start an import in a visitor's browser: JSON from another origin needs a CORS preflight.
 */
// RFC 9110 media type: type/subtype, then `; name=value` parameters (values may be quoted).
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(${TOKEN}|"[^"\\\\]*"))*\\s*$`);

@Injectable()
export class JsonOnlyMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
    const contentType = request.headers['content-type'] ?? '';
    if (hasBody && (!MEDIA_TYPE.test(contentType) || !request.is(['application/json', 'application/*+json']))) {
      throw new DomainError(ErrorCode.UnsupportedMediaType, `Request bodies must be JSON (Content-Type: application/json), not ${contentType || 'untyped'}.`);
    }
    next();
  }
}
