import { inject } from '@angular/core';
import { CanActivateChildFn, Router } from '@angular/router';
import { AuthService } from './auth.service';
import { SIGN_IN_PATH } from './return-url';

/**
 * The dashboard's pages open only when sign-in is off or someone is signed in. Otherwise the sign-in page
 * opens, with the page asked for as its return URL; it also explains when the API or Clerk is unreachable,
 * since then nobody knows whether sign-in is needed.
 */
export const signedInGuard: CanActivateChildFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (auth.state().kind === 'starting') await auth.loaded();
  const kind = auth.state().kind;
  if (kind === 'open') return true;
  if (kind === 'ready' && (await auth.settledUser())) return true;
  return router.createUrlTree([SIGN_IN_PATH], { queryParams: { returnUrl: state.url } });
};
