import { inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { AuthMode } from '@robokit/api';
import { firstValueFrom } from 'rxjs';
import { ApiClient } from '../api/api-client';
import { ApiProblem, toApiProblem } from '../api/api-problem';
import { clerkProblem } from './clerk-problem';
import { safeReturnUrl, sameOriginPath, SIGN_IN_PATH } from './return-url';
import { AuthUser, SESSION_PROVIDER_LOADER, SessionProvider } from './session-provider';

/**
 * Where sign-in stands. `open`: the API runs without sign-in (AUTH_MODE=none). `ready`: Clerk is loaded and
 * `user` says who is signed in. `failed`: the API's config (stage 'config') or Clerk (stage 'provider')
 * could not be reached, so it is unknown or impossible who may see what.
 */
export type AuthState =
  | { kind: 'starting' }
  | { kind: 'open' }
  | { kind: 'ready' }
  | { kind: 'failed'; stage: 'config' | 'provider'; problem: ApiProblem };

@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(ApiClient);
  private readonly router = inject(Router);
  private readonly providerLoader = inject(SESSION_PROVIDER_LOADER);
  private provider: SessionProvider | null = null;
  private readonly settledListeners = new Set<() => void>();
  private leaving: Promise<void> | null = null;
  private loading: Promise<void> = Promise.resolve();

  private readonly stateSignal = signal<AuthState>({ kind: 'starting' });
  readonly state = this.stateSignal.asReadonly();
  private readonly userSignal = signal<AuthUser | null | undefined>(null);
  readonly user = this.userSignal.asReadonly();
  /** Why the server refused the session (its 401), for the sign-in page to explain; cleared by the next sign-in. */
  private readonly rejectionSignal = signal<ApiProblem | null>(null);
  readonly rejection = this.rejectionSignal.asReadonly();

  /**
   * For the app initializer: waits for the API's sign-in settings only, so that the shell shows at once;
   * Clerk goes on loading behind it (the shell says so) and the route guard waits for it.
   */
  async initialize(): Promise<void> {
    const publishableKey = await this.readSettings();
    if (publishableKey) this.loading = this.connect(publishableKey);
  }

  /** Reads the API's sign-in settings and, when sign-in is on, loads Clerk. Never throws: failures end in state `failed`. */
  async start(): Promise<void> {
    const publishableKey = await this.readSettings();
    if (publishableKey) await (this.loading = this.connect(publishableKey));
  }

  /** Settles once Clerk, if it is loading, has loaded or failed to. */
  loaded(): Promise<void> {
    return this.loading;
  }

  /** The Clerk publishable key when Clerk must be loaded next; otherwise the state says how things stand. */
  private async readSettings(): Promise<string | null> {
    this.stateSignal.set({ kind: 'starting' });
    let auth;
    try {
      ({ auth } = await firstValueFrom(this.api.get('/api/v1/config', {})));
    } catch (error) {
      this.stateSignal.set({ kind: 'failed', stage: 'config', problem: toApiProblem(error) });
      return null;
    }
    if (auth.mode !== AuthMode.Clerk) {
      this.stateSignal.set({ kind: 'open' });
      return null;
    }
    if (!auth.publishableKey) {
      this.stateSignal.set({ kind: 'failed', stage: 'provider', problem: clerkProblem('Sign-in is on, but the server names no Clerk publishable key.', undefined, 'An administrator must set CLERK_PUBLISHABLE_KEY on the API.') });
      return null;
    }
    return auth.publishableKey;
  }

  private async connect(publishableKey: string): Promise<void> {
    try {
      this.provider ??= await this.loadProvider(publishableKey);
    } catch (error) {
      this.stateSignal.set({ kind: 'failed', stage: 'provider', problem: clerkProblem('The sign-in service (Clerk) cannot be reached.', error) });
      return;
    }
    this.userSignal.set(this.provider.user());
    this.stateSignal.set({ kind: 'ready' });
  }

  /** Whether API calls carry a session token: only once Clerk is loaded. */
  usesSessions(): boolean {
    return this.state().kind === 'ready';
  }

  /** The session token for an API call, or null when nobody is signed in. */
  async token(options: { fresh: boolean } = { fresh: false }): Promise<string | null> {
    const provider = this.provider;
    if (!provider || !(await this.settledUser())) return null;
    return provider.token(options);
  }

  /** The signed-in user once Clerk has finished switching sessions (it is briefly unknown while it does). */
  settledUser(): Promise<AuthUser | null> {
    if (!this.provider) return Promise.resolve(null);
    const user = this.provider.user();
    if (user !== undefined) return Promise.resolve(user);
    return new Promise((resolve) => {
      const check = () => {
        const now = this.provider?.user();
        if (now === undefined) return;
        this.settledListeners.delete(check);
        resolve(now);
      };
      this.settledListeners.add(check);
    });
  }

  /**
   * The API refused the call (401): off to the sign-in page, and back to `currentUrl` afterwards. A session
   * the API refuses is ended here, or the sign-in page would send the user straight back to the same 401.
   */
  signInAgain(currentUrl: string, problem: ApiProblem): Promise<void> {
    this.leaving ??= (async () => {
      const provider = this.provider;
      if (provider?.user()) {
        this.rejectionSignal.set(problem);
        // If this fails too, the sign-in page offers the sign-out again rather than sending the user back.
        await provider.signOut().catch(() => undefined);
      }
      await this.router.navigate([SIGN_IN_PATH], { queryParams: { returnUrl: safeReturnUrl(currentUrl) } });
    })().finally(() => (this.leaving = null));
    return this.leaving;
  }

  /** Signs out and opens the sign-in page. */
  async signOut(): Promise<void> {
    await this.endSession();
    await this.router.navigateByUrl(SIGN_IN_PATH);
  }

  /** Signs out, staying on the page. */
  async endSession(): Promise<void> {
    await this.provider?.signOut();
  }

  /** Shows the sign-in form; rejects when Clerk's components cannot be fetched. */
  mountSignIn(element: HTMLDivElement, returnUrl: string): Promise<void> {
    if (!this.provider) return Promise.reject(new Error('Sign-in is not loaded.'));
    return this.provider.mountSignIn(element, safeReturnUrl(returnUrl));
  }

  unmountSignIn(element: HTMLDivElement): void {
    this.provider?.unmountSignIn(element);
  }

  private async loadProvider(publishableKey: string): Promise<SessionProvider> {
    const provider = await this.providerLoader(publishableKey, (url, { replace }) => {
      const path = sameOriginPath(url);
      if (path) void this.router.navigateByUrl(path, { replaceUrl: replace });
    });
    provider.onChange(() => {
      const user = provider.user();
      if (user !== undefined) {
        // Signing in again answers the refusal; a mere token refresh of the refused session does not.
        if (user && !this.userSignal()) this.rejectionSignal.set(null);
        this.userSignal.set(user);
      }
      for (const listener of [...this.settledListeners]) listener();
    });
    return provider;
  }
}
