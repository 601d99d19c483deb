/**
 * A non-2xx answer from the Hub, with the facts the library's own HubApiError drops (X-Error-Code,
 * Retry-After). Thrown by the fetch wrapper; HubService turns it into a DomainError with context.
 */
export class HubResponseError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string | null,
    readonly hubMessage: string,
    readonly url: string,
    readonly retryAfterSeconds: number | undefined,
    readonly hubRequestId: string | null,
  ) {
    super(`Hub answered ${status}${errorCode ? ` ${errorCode}` : ''}: ${hubMessage}`);
    this.name = 'HubResponseError';
  }
}

/** The Hub could not be reached at all: refused, reset, timed out, or stopped sending mid-body. */
export class HubNetworkError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Could not reach the Hub (${reason})`);
    this.name = 'HubNetworkError';
  }
}

/**
 * The Hub broke the protocol in a way that asking again will not mend: a redirect loop, an answer far larger
 * than any real one, a body that is not what the endpoint returns.
 */
export class HubProtocolError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`The Hub sent ${reason}`);
    this.name = 'HubProtocolError';
  }
}

/** `Retry-After: <seconds>` or the rate-limit header's `t=<seconds>` (draft-ietf-httpapi-ratelimit-headers). */
export function retryAfterOf(headers: Headers): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter && /^\d+$/.test(retryAfter.trim())) return Number(retryAfter.trim());
  const match = /;\s*t=(\d+)/.exec(headers.get('ratelimit') ?? '');
  return match ? Number(match[1]) : undefined;
}

/** An error answer's message is short; a hostile one may not be, so only its start is read. */
const ERROR_BODY_BYTES = 64 * 1024;

async function startOf(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    while (length < ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
    }
  } catch {
    // What arrived before the connection failed is all there is to say.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, ERROR_BODY_BYTES).toString('utf8');
}

export async function hubResponseError(response: Response, url: string): Promise<HubResponseError> {
  const text = await startOf(response);
  let message = response.headers.get('x-error-message') ?? '';
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    message = String(body.error ?? body.message ?? message);
  } catch {
    message ||= text.slice(0, 200);
  }
  return new HubResponseError(
    response.status,
    response.headers.get('x-error-code'),
    message || response.statusText,
    url,
    retryAfterOf(response.headers),
    response.headers.get('x-request-id'),
  );
}
