import { Clerk } from '@clerk/clerk-js';
import { SIGN_IN_PATH } from './return-url';
import type { AuthUser, ProviderNavigation, SessionProvider } from './session-provider';

type LoadOptions = NonNullable<Parameters<Clerk['load']>[0]>;
type UiConstructor = Awaited<NonNullable<NonNullable<LoadOptions['ui']>['ClerkUI']>>;
type ClerkUser = NonNullable<Clerk['user']>;

/** The @clerk/ui release line that clerk-js 6 drives: the one Clerk's own script loader picks for it. */
const UI_MAJOR = 1;
/** Clerk's own script loader gives up after 15 s; its API calls retry for a while before they fail. */
const LOAD_TIMEOUT_MS = 20_000;

/**
 * Clerk's SDK behind the dashboard's SessionProvider. This file is the only one that imports
 * @clerk/clerk-js, and only SESSION_PROVIDER_LOADER imports it (dynamically), so the SDK is a lazy chunk.
 */
export async function loadClerkSession(publishableKey: string, navigate: ProviderNavigation): Promise<SessionProvider> {
  const clerk = new Clerk(publishableKey);
  const ui = new ClerkUi(clerk.frontendApi);
  await withTimeout(
    clerk.load({
      // The sign-in form comes from Clerk's CDN; it is fetched only when the sign-in page shows it.
      ui: { ClerkUI: ui.constructorReady },
      // Clerk's development instances report component usage to Clerk; the dashboard sends nothing it needn't.
      telemetry: false,
      signInUrl: SIGN_IN_PATH,
      // Not awaited on purpose: Clerk awaits these while it swaps sessions, and the route guard waits for
      // the swap to finish; waiting on each other would stall.
      routerPush: (url: string) => navigate(url, { replace: false }),
      routerReplace: (url: string) => navigate(url, { replace: true }),
    }),
    `Clerk (${clerk.frontendApi}) did not answer within ${LOAD_TIMEOUT_MS / 1000} s.`,
  );
  // Clerk "loads" even when its API cannot be reached (status 'ready' all the same), keeping any session its
  // cookie holds. Without the instance's settings (still the blank defaults then), nobody can sign in.
  const reached = Boolean(clerk.__internal_environment?.displayConfig.instanceEnvironmentType);
  if (!reached && !clerk.session) throw new Error(`Clerk's API (${clerk.frontendApi}) cannot be reached.`);
  return new ClerkSession(clerk, ui);
}

class ClerkSession implements SessionProvider {
  constructor(
    private readonly clerk: Clerk,
    private readonly ui: ClerkUi,
  ) {}

  user(): AuthUser | null | undefined {
    // Clerk clears its accessors to undefined while it switches sessions, then sets them again.
    if (this.clerk.session === undefined) return undefined;
    return this.clerk.user ? toAuthUser(this.clerk.user) : null;
  }

  onChange(listener: () => void): () => void {
    return this.clerk.addListener(() => listener());
  }

  async token({ fresh }: { fresh: boolean }): Promise<string | null> {
    return this.clerk.session ? this.clerk.session.getToken(fresh ? { skipCache: true } : undefined) : null;
  }

  async mountSignIn(element: HTMLDivElement, returnUrl: string): Promise<void> {
    await this.ui.load();
    // Hash routing: the form's steps live after '#', so the app's router needs no routes for them.
    this.clerk.mountSignIn(element, { routing: 'hash', withSignUp: true, forceRedirectUrl: returnUrl, signUpForceRedirectUrl: returnUrl });
  }

  unmountSignIn(element: HTMLDivElement): void {
    this.clerk.unmountSignIn(element);
  }

  async signOut(): Promise<void> {
    // With a callback Clerk runs it instead of navigating to its after-sign-out page.
    await this.clerk.signOut(() => undefined);
  }
}

function toAuthUser(user: ClerkUser): AuthUser {
  const email = user.primaryEmailAddress?.emailAddress ?? null;
  return { name: user.fullName || user.username || email || user.id, email, imageUrl: user.hasImage ? user.imageUrl : null };
}

/** Clerk's prebuilt components (@clerk/ui), loaded from the instance's Frontend API host on first use. */
class ClerkUi {
  private resolve!: (ui: UiConstructor) => void;
  /** Handed to Clerk at load time; it settles once the script has run, and never fails, so a retry can still settle it. */
  readonly constructorReady = new Promise<UiConstructor>((resolve) => (this.resolve = resolve));
  private loading: Promise<void> | null = null;

  constructor(private readonly frontendApi: string) {}

  load(): Promise<void> {
    this.loading ??= loadScript(`https://${this.frontendApi}/npm/@clerk/ui@${UI_MAJOR}/dist/ui.browser.js`).then(
      () => {
        const ui = (window as { __internal_ClerkUICtor?: UiConstructor }).__internal_ClerkUICtor;
        if (!ui) throw new Error(`Clerk's sign-in components did not start (from ${this.frontendApi}).`);
        this.resolve(ui);
      },
      (error: unknown) => {
        this.loading = null;
        throw error;
      },
    );
    return this.loading;
  }
}

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    const fail = (message: string) => {
      clearTimeout(timer);
      script.remove();
      reject(new Error(message));
    };
    const timer = setTimeout(() => fail(`${src} did not load within ${LOAD_TIMEOUT_MS / 1000} s.`), LOAD_TIMEOUT_MS);
    script.src = src;
    script.async = true;
    script.crossOrigin = 'anonymous';
    script.onload = () => {
      clearTimeout(timer);
      resolve();
    };
    script.onerror = () => fail(`${src} could not be loaded.`);
    document.head.appendChild(script);
  });
}

function withTimeout<T>(work: Promise<T>, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), LOAD_TIMEOUT_MS)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
