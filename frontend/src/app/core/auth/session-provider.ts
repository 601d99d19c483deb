import { InjectionToken } from '@angular/core';

export interface AuthUser {
  name: string;
  email: string | null;
  imageUrl: string | null;
}

/**
 * What the dashboard needs from its sign-in service (Clerk). The real one is loaded only when the API says
 * sign-in is on; unit tests provide a fake.
 */
export interface SessionProvider {
  /** The signed-in user; null when signed out; undefined while the provider switches sessions. */
  user(): AuthUser | null | undefined;
  /** Calls `listener` whenever the user or session changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
  /** The current session token (fresh: never the cached one), or null when signed out. */
  token(options: { fresh: boolean }): Promise<string | null>;
  /** Shows the provider's sign-in form in `element`; after signing in the provider navigates to `returnUrl`. */
  mountSignIn(element: HTMLDivElement, returnUrl: string): Promise<void>;
  unmountSignIn(element: HTMLDivElement): void;
  /** Ends the session without navigating; the caller decides where to go. */
  signOut(): Promise<void>;
}

/** In-app navigation the provider asks for (after signing in); a URL is always a path on this origin. */
export type ProviderNavigation = (url: string, options: { replace: boolean }) => void;

export type SessionProviderLoader = (publishableKey: string, navigate: ProviderNavigation) => Promise<SessionProvider>;

/** Loads Clerk on first use, so its code is a lazy chunk that a dashboard without sign-in never downloads. */
export const SESSION_PROVIDER_LOADER = new InjectionToken<SessionProviderLoader>('SESSION_PROVIDER_LOADER', {
  providedIn: 'root',
  factory: () => (publishableKey, navigate) => import('./clerk-session-provider').then((module) => module.loadClerkSession(publishableKey, navigate)),
});
