import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { ErrorCode } from '@robokit/api';
import type { Request } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { userOf } from '../auth/current-user';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { clientAddressOf } from './client-address';
import { LIMITED_ROUTES, RateLimitRule } from './rate-limit-rules';
import { Counter, RateLimiter, WINDOW_MS } from './rate-limiter';

/**
 * Runs after the session guard (interceptors always do), so the owner is known. Counts per owner, so one
 * account cannot starve the others, and per client address, so many accounts from one place cannot either.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  private readonly rules = new Map(LIMITED_ROUTES.map(({ handler, rule }) => [handler, rule]));

  constructor(
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rule = this.rules.get(context.getHandler());
    // The module puts this interceptor on the routes of the table only.
    if (!rule) throw new Error(`RateLimitInterceptor on ${context.getClass().name}.${context.getHandler().name}, which LIMITED_ROUTES does not list`);
    return from(this.check(context.switchToHttp().getRequest<Request>(), rule)).pipe(switchMap(() => next.handle()));
  }

  private async check(request: Request, rule: RateLimitRule): Promise<void> {
    // A public route has no owner; it is then limited by address alone.
    const ownerId = userOf(request)?.ownerId;
    const owner = { key: this.limiter.keyOf(rule.action, 'owner', ownerId ?? ''), limit: ownerId ? this.config[rule.perOwner] : 0 };
    const address = { key: this.limiter.keyOf(rule.action, 'ip', clientAddressOf(request.ip)), limit: this.config[rule.perIp] };
    const counters: Counter[] = [owner, address].filter((counter) => counter.limit > 0);
    const refusal = await this.limiter.take(counters);
    if (!refusal) return;
    const seconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
    const scope = refusal.counter === owner ? 'owner' : 'ip';
    const who = scope === 'owner' ? 'for your account' : 'from your network address';
    throw new DomainError(
      ErrorCode.RateLimited,
      `Too many ${rule.noun}: at most ${refusal.counter.limit} a minute ${who}. Try again in ${seconds} s.`,
      { action: rule.action, scope, limit: refusal.counter.limit, windowSeconds: WINDOW_MS / 1000 },
      true,
      seconds,
    );
  }
}
