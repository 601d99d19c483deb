import { sendFollowingRedirects } from './hub-redirects';
import { HubNetworkError, HubProtocolError, HubResponseError, hubResponseError } from './hub-response-error';

export interface HubFetchOptions {
  /** The Hub's base URL: the only origin that receives the token. */
  hubUrl: string;
  /** Longest wait for the answer's headers, and longest silence between two body chunks. */
  idleTimeoutMs: number;
  /** When set, no request may leave the process (ROBOKIT_HF_LOCAL_ONLY). */
  localOnly: boolean;
  /** Default MAX_API_ANSWER_BYTES; tests lower it. */
  maxApiAnswerBytes?: number;
}

/**
 * Largest JSON answer accepted from the Hub's API. A tree page of 1,000 entries is about 300 KB; without a
 * bound, an endless answer would be buffered whole by the library and take the process down with it.
 */
export const MAX_API_ANSWER_BYTES = 64 * 1024 * 1024;

export class LocalOnlyViolation extends Error {
  constructor(url: string) {
    super(`ROBOKIT_HF_LOCAL_ONLY is set, yet a request to ${url} was attempted`);
    this.name = 'LocalOnlyViolation';
  }
}

/**
 * Keeps a body stream honest: a server that stops sending mid-body aborts the request instead of hanging,
 * and one that sends more than `maxBytes` is cut off.
 */
function watchBody(body: ReadableStream<Uint8Array>, idleMs: number, maxBytes: number, abort: (reason: Error) => void, url: string): ReadableStream<Uint8Array> {
  const silence = () => abort(new HubNetworkError(url, `it stopped sending mid-answer: no data for ${idleMs} ms`));
  let timer = setTimeout(silence, idleMs);
  let received = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        clearTimeout(timer);
        received += chunk.length;
        if (received > maxBytes) {
          const tooLarge = new HubProtocolError(url, `an answer of more than ${maxBytes} bytes`);
          controller.error(tooLarge);
          abort(tooLarge);
          return;
        }
        timer = setTimeout(silence, idleMs);
        controller.enqueue(chunk);
      },
      flush() {
        clearTimeout(timer);
      },
    }),
  );
}

/**
 * The fetch every @huggingface/hub call goes through: it refuses to run in local-only mode, bounds every
 * wait, the number of redirects and the size of API answers, keeps the token on the Hub's origin, and
 * throws HubResponseError for non-2xx answers so the Hub's X-Error-Code is not lost.
 */
export function createHubFetch(options: HubFetchOptions): typeof fetch {
  const hubOrigin = new URL(options.hubUrl).origin;
  return async (input, init) => {
    // The library passes URLs or strings; a Request's own method, headers and body would be ignored here.
    const url = input instanceof Request ? input.url : String(input);
    if (options.localOnly) throw new LocalOnlyViolation(url);
    const controller = new AbortController();
    const abort = (reason: Error) => controller.abort(reason);
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    // Bounds the wait for the headers over every redirect, and for an error answer's body too.
    const answerTimer = setTimeout(() => abort(new HubNetworkError(url, `no answer within ${options.idleTimeoutMs} ms`)), options.idleTimeoutMs);
    let response: Response;
    let finalUrl: string;
    try {
      ({ response, url: finalUrl } = await sendFollowingRedirects((target, request) => fetch(target, request), url, { ...init, signal }, hubOrigin));
      if (!response.ok && response.status !== 304) throw await hubResponseError(response, url);
    } catch (error) {
      throw asHubFailure(error, url);
    } finally {
      clearTimeout(answerTimer);
    }
    if (!response.body) return response;
    const maxBytes = url.startsWith(`${options.hubUrl}/api/`) ? (options.maxApiAnswerBytes ?? MAX_API_ANSWER_BYTES) : Number.POSITIVE_INFINITY;
    const watched = new Response(watchBody(response.body, options.idleTimeoutMs, maxBytes, abort, url), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    // The library reads the final URL after redirects (fileDownloadInfo); a new Response would lose it.
    Object.defineProperty(watched, 'url', { value: finalUrl });
    return watched;
  };
}

/** Our own errors (and the abort reasons, which are ours too) pass; anything else is a network failure. */
function asHubFailure(error: unknown, url: string): Error {
  if (error instanceof HubResponseError || error instanceof HubNetworkError || error instanceof HubProtocolError) return error;
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return new HubNetworkError(url, cause ?? String(error));
}
