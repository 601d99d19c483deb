import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** Who makes a request, and whose datasets and jobs they see (the organisation's when they act for one). */
export interface RequestUser {
  userId: string;
  /** The organisation the session is acting for, if any. */
  orgId: string | null;
  ownerId: string;
}

/** With AUTH_MODE=none every request acts as this one user. */
export const LOCAL_USER: RequestUser = Object.freeze({ userId: 'local', orgId: null, ownerId: 'local' });

export function userOf(request: Request): RequestUser {
  return (request as Request & { user: RequestUser }).user;
}

export function setUser(request: Request, user: RequestUser): void {
  (request as Request & { user: RequestUser }).user = user;
}

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): RequestUser =>
  userOf(context.switchToHttp().getRequest<Request>()),
);
