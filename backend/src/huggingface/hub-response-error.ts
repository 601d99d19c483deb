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

/** `Retry-After: <seconds>` or the rate-limit header's `t=<seconds>` (draft-ietf-httpapi-ratelimit-headers). */
export function retryAfterOf(headers: Headers): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter && /^\d+$/.test(retryAfter.trim())) return Number(retryAfter.trim());
  const match = /;\s*t=(\d+)/.exec(headers.get('ratelimit') ?? '');
  return match ? Number(match[1]) : undefined;
}

export async function hubResponseError(response: Response, url: string): Promise<HubResponseError> {
  const text = await response.text().catch(() => '');
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
