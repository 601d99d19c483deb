import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { RequestUser } from './current-user';

export const LOCAL_USER: RequestUser = { userId: 'local', ownerId: 'local' };

/**
 * Until sign-in exists every request acts as one local user. The guard is the only place that decides
 * who the user is, so a token-verifying guard can replace it without touching controllers or services.
 */
@Injectable()
export class LocalUserGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    (context.switchToHttp().getRequest<Request>() as Request & { user: RequestUser }).user = LOCAL_USER;
    return true;
  }
}
