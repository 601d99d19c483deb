import { HubProtocolError } from './hub-response-error';

/**
 * A real Hub download takes one or two hops (resolve → resolve-cache or CDN); undici would follow 20 and
 * then fail like a dropped connection, which the jobs would retry. More than this is a loop, and permanent.
 */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * The request as it may be sent to `url`: the Hub token goes to the Hub's own origin only, so neither a
 * redirect nor a pagination link of a hostile Hub can carry it to another host.
 */
function requestFor(url: string, init: RequestInit, hubOrigin: string): RequestInit {
  if (new URL(url).origin === hubOrigin || init.headers === undefined) return init;
  const headers = new Headers(init.headers);
  headers.delete('authorization');
  return { ...init, headers };
}

/**
 * Sends a request and follows its redirects by hand: at most MAX_REDIRECTS of them, to http(s) URLs only,
 * with the token dropped on the way to another origin as browsers and huggingface_hub do. Returns the
 * final answer and the URL it came from.
 */
export async function sendFollowingRedirects(
  send: (url: string, init: RequestInit) => Promise<Response>,
  url: string,
  init: RequestInit,
  hubOrigin: string,
): Promise<{ response: Response; url: string }> {
  let current = url;
  let request = init;
  for (let hops = 0; ; hops += 1) {
    const response = await send(current, { ...requestFor(current, request, hubOrigin), redirect: 'manual' });
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return { response, url: current };
    await response.body?.cancel();
    if (hops === MAX_REDIRECTS) throw new HubProtocolError(url, `more than ${MAX_REDIRECTS} redirects for one request (a redirect loop)`);
    const next = new URL(location, current);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new HubProtocolError(url, `a redirect to a ${next.protocol} URL`);
    current = next.href;
    // 303 means "now GET that"; the other statuses repeat the request as it was.
    if (response.status === 303) request = { ...request, method: 'GET', body: undefined };
  }
}
