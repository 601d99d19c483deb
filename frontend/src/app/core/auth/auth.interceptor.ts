import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { ErrorCode } from '@robokit/api';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { isErrorBody, toApiProblem } from '../api/api-problem';
import { AuthService } from './auth.service';

/**
 * With sign-in on, every call to the API carries the session token (never a call to another origin), and a
 * 401 sends the user to sign in and back to the page they were on. Without sign-in, calls pass untouched.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const auth = inject(AuthService);
  if (!request.url.startsWith('/api/') || !auth.usesSessions()) return next(request);
  const router = inject(Router);
  const send = (fresh: boolean) => from(auth.token({ fresh })).pipe(switchMap((token) => next(withToken(request, token))));
  return send(false).pipe(
    // Clerk renews tokens before they expire, yet one can expire on the way (a laptop waking up): one fresh try.
    catchError((error: unknown) => (unauthorized(error) && error.error.code === ErrorCode.AuthTokenExpired ? send(true) : throwError(() => error))),
    catchError((error: unknown) => {
      if (unauthorized(error)) void auth.signInAgain(router.url, toApiProblem(error));
      return throwError(() => error);
    }),
  );
};

function withToken<T>(request: HttpRequest<T>, token: string | null): HttpRequest<T> {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

function unauthorized(error: unknown): error is HttpErrorResponse & { error: { code: string } } {
  return error instanceof HttpErrorResponse && error.status === 401 && isErrorBody(error.error);
}
