import { Provider } from '@angular/core';
import { AuthUser, ProviderNavigation, SESSION_PROVIDER_LOADER, SessionProvider } from '../session-provider';

export const ALICE: AuthUser = { name: 'Alice Example', email: 'alice@example.com', imageUrl: null };

/** Clerk as the unit tests need it: a session they switch on and off, and a record of what the app asked. */
export class FakeSessionProvider implements SessionProvider {
  current: AuthUser | null | undefined = null;
  publishableKey: string | null = null;
  navigate: ProviderNavigation | null = null;
  readonly tokenRequests: { fresh: boolean }[] = [];
  readonly mounts: { element: HTMLDivElement; returnUrl: string }[] = [];
  mountError: Error | null = null;
  signOutError: Error | null = null;
  signOuts = 0;
  private readonly listeners = new Set<() => void>();

  user(): AuthUser | null | undefined {
    return this.current;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async token({ fresh }: { fresh: boolean }): Promise<string | null> {
    this.tokenRequests.push({ fresh });
    return this.current ? `token-${this.tokenRequests.length}${fresh ? '-fresh' : ''}` : null;
  }

  async mountSignIn(element: HTMLDivElement, returnUrl: string): Promise<void> {
    if (this.mountError) throw this.mountError;
    this.mounts.push({ element, returnUrl });
  }

  unmountSignIn(): void {}

  async signOut(): Promise<void> {
    this.signOuts += 1;
    if (this.signOutError) throw this.signOutError;
    this.switchTo(null);
  }

  /** Signs in (a user), out (null), or starts switching (undefined), telling the app as Clerk does. */
  switchTo(user: AuthUser | null | undefined): void {
    this.current = user;
    for (const listener of this.listeners) listener();
  }
}

/** Makes the app "load Clerk" as `fake` (once `until` settles), or fail to with the next of `failures`. */
export function provideFakeSessionProvider(fake: FakeSessionProvider, { failures = [], until }: { failures?: Error[]; until?: Promise<void> } = {}): Provider {
  return {
    provide: SESSION_PROVIDER_LOADER,
    useValue: async (publishableKey: string, navigate: ProviderNavigation) => {
      await until;
      const failure = failures.shift();
      if (failure) throw failure;
      fake.publishableKey = publishableKey;
      fake.navigate = navigate;
      return fake;
    },
  };
}
