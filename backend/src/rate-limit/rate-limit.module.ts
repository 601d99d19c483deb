import { Global, Module, UseInterceptors } from '@nestjs/common';
import { RateLimitInterceptor } from './rate-limit.interceptor';
import { RateLimiter } from './rate-limiter';
import { LIMITED_ROUTES } from './rate-limit-rules';

// The interceptor goes on the limited routes only. As a global interceptor it put every other request, the
// dashboard's polls above all, through Nest's interceptor pipeline (rxjs, async-context binding) for nothing.
for (const { controller, method, handler } of LIMITED_ROUTES) UseInterceptors(RateLimitInterceptor)(controller.prototype, method, { value: handler });

/** Global, so that the modules of the limited routes can build their interceptor with the shared limiter. */
@Global()
@Module({ providers: [RateLimiter], exports: [RateLimiter] })
export class RateLimitModule {}
