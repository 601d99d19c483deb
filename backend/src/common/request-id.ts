import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const REQUEST_ID_HEADER = 'X-Request-Id';

// A client's own id is kept only when it is a short plain token, so it cannot inject into logs or headers.
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(request: Request): string {
  return (request as Request & { id: string }).id;
}

export function requestIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const offered = request.header(REQUEST_ID_HEADER);
  const id = offered && SANE_ID.test(offered) ? offered : randomUUID();
  (request as Request & { id: string }).id = id;
  response.setHeader(REQUEST_ID_HEADER, id);
  next();
}
