import { CanActivate, ExecutionContext, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthMode, ErrorCode } from '@robokit/api';
import type { Request, Response } from 'express';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { LOCAL_USER, setUser } from './current-user';
import { IS_PUBLIC } from './public.decorator';
import { SigningKeys, verifySessionToken } from './session-jwt';
import { sessionTokenOf } from './session-token';

export const SIGNING_KEYS = Symbol('SIGNING_KEYS');

/**
 * The one place that decides who makes a request. Controllers and services only ever see the
 * RequestUser it sets, and scope everything by its ownerId: the organisation when the session acts
 * for one, else the user.
 */
@Injectable()
export class SessionGuard implements CanActivate, OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SIGNING_KEYS) private readonly keys: SigningKeys | null,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'worker') return;
    if (this.config.authMode === AuthMode.None) {
      this.logger.warn('AUTH_MODE=none: sign-in is OFF and every request acts as the one local user. Do not expose this API beyond your machine.');
      return;
    }
    const source = this.config.clerkJwtKey ? 'CLERK_JWT_KEY (no network calls)' : `the keys at ${this.config.clerkJwksUrl}`;
    this.logger.log(`Sign-in: Clerk session tokens, checked with ${source}${this.config.clerkIssuer ? `, issuer ${this.config.clerkIssuer}` : ''}`);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    if (this.config.authMode === AuthMode.None) {
      setUser(request, LOCAL_USER);
      return true;
    }
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    try {
      const claims = await verifySessionToken(sessionTokenOf(request), this.signingKeys(), {
        issuer: this.config.clerkIssuer,
        authorizedParties: this.config.clerkAuthorizedParties,
        clockSkewMs: this.config.clerkClockSkewMs,
      });
      setUser(request, { userId: claims.userId, orgId: claims.orgId, ownerId: claims.orgId ?? claims.userId });
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code !== ErrorCode.ServiceUnavailable) {
        // RFC 6750: tell the client which scheme to use, and whether the token it sent was the problem.
        const invalid = error.code === ErrorCode.AuthRequired ? '' : ', error="invalid_token"';
        context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', `Bearer realm="robokit"${invalid}`);
      }
      throw error;
    }
  }

  private signingKeys(): SigningKeys {
    // Config validation guarantees a key source in clerk mode; this only guards against wiring mistakes.
    if (!this.keys) throw new Error('AUTH_MODE=clerk without a key source');
    return this.keys;
  }
}
