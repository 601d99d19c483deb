import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** Who makes a request, and whose datasets and jobs they see (the organisation's when they act for one). */
export interface RequestUser {
  userId: string;
  ownerId: string;
}

export function userOf(request: Request): RequestUser {
  return (request as Request & { user: RequestUser }).user;
}

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): RequestUser =>
  userOf(context.switchToHttp().getRequest<Request>()),
);
