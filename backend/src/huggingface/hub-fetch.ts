import { HubNetworkError, HubResponseError, hubResponseError } from './hub-response-error';

export interface HubFetchOptions {
  /** Longest wait for the answer's headers, and longest silence between two body chunks. */
  idleTimeoutMs: number;
  /** When set, no request may leave the process (ROBOKIT_HF_LOCAL_ONLY). */
  localOnly: boolean;
}

export class LocalOnlyViolation extends Error {
  constructor(url: string) {
    super(`ROBOKIT_HF_LOCAL_ONLY is set, yet a request to ${url} was attempted`);
    this.name = 'LocalOnlyViolation';
  }
}

/** Keeps a body stream honest: a server that stops sending mid-body aborts the request instead of hanging. */
function watchBody(body: ReadableStream<Uint8Array>, idleMs: number, abort: () => void): ReadableStream<Uint8Array> {
  let timer = setTimeout(abort, idleMs);
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        clearTimeout(timer);
        timer = setTimeout(abort, idleMs);
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
 * wait, and throws HubResponseError for non-2xx answers so the Hub's X-Error-Code is not lost.
 */
export function createHubFetch(options: HubFetchOptions): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (options.localOnly) throw new LocalOnlyViolation(url);
    const controller = new AbortController();
    let timedOut = false;
    const abort = () => {
      timedOut = true;
      controller.abort();
    };
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    const failure = (error: unknown) => {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return new HubNetworkError(url, timedOut ? `no answer within ${options.idleTimeoutMs} ms` : cause ?? String(error));
    };
    // Bounds the wait for the headers, and for an error answer's body too (a stalled error must not hang).
    const answerTimer = setTimeout(abort, options.idleTimeoutMs);
    let response: Response;
    try {
      response = await fetch(input, { ...init, signal });
      if (!response.ok && response.status !== 304) throw await hubResponseError(response, url);
    } catch (error) {
      throw error instanceof HubResponseError ? error : failure(error);
    } finally {
      clearTimeout(answerTimer);
    }
    if (!response.body) return response;
    const watched = new Response(watchBody(response.body, options.idleTimeoutMs, abort), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    // The library reads the final URL after redirects (fileDownloadInfo); a new Response would lose it.
    Object.defineProperty(watched, 'url', { value: response.url });
    return watched;
  };
}
