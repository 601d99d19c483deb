export const SIGN_IN_PATH = '/sign-in';

/**
 * `value` as a path on this origin (path, query and fragment), or null when it leads anywhere else. The URL
 * parser decides, as the browser would: "//evil.example", "/\evil.example" and "/\t/evil.example" all name
 * another host, and "javascript:…" has no origin.
 */
export function sameOriginPath(value: string | null | undefined, origin = window.location.origin): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return null;
  }
  return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : null;
}

/**
 * The page to go back to after signing in. The value comes from the address bar, so anyone can write it:
 * anything off this origin, and the sign-in page itself (a loop), become the dashboard.
 */
export function safeReturnUrl(value: string | null | undefined, origin = window.location.origin): string {
  const path = sameOriginPath(value, origin);
  if (!path) return '/';
  const pathname = path.replace(/[?#].*$/, '');
  return pathname === SIGN_IN_PATH || pathname.startsWith(`${SIGN_IN_PATH}/`) ? '/' : path;
}
