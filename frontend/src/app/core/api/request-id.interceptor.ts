import { HttpInterceptorFn } from '@angular/common/http';

/** Every call carries its own id, so a user quoting an error's request id points at one server log line. */
export const requestIdInterceptor: HttpInterceptorFn = (request, next) =>
  request.url.startsWith('/api/') && !request.headers.has('X-Request-Id')
    ? next(request.clone({ setHeaders: { 'X-Request-Id': crypto.randomUUID() } }))
    : next(request);
