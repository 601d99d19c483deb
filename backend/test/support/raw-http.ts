import { Agent, IncomingHttpHeaders, request } from 'node:http';

/*
 * Requests sent byte for byte as given (no URL normalisation, no JSON encoding, any header), over
 * keep-alive connections, each with a deadline: what a fuzzer needs and supertest does not offer.
 */

export interface RawRequest {
  method: string;
  /** Path and query as they go on the request line. */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const KEPT_BYTES = 1024 * 1024;

export class RawHttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 16 });

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** Rejects when no full answer came within `timeoutMs`: a hang is a failure, not a wait. */
  async send(raw: RawRequest, timeoutMs: number): Promise<RawResponse> {
    try {
      return await this.once(raw, timeoutMs);
    } catch (error) {
      // A kept-alive connection the server had just closed; the request never reached it, so it is sent again.
      if ((error as { reusedSocket?: boolean }).reusedSocket) return this.once(raw, timeoutMs);
      throw error;
    }
  }

  private once(raw: RawRequest, timeoutMs: number): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...raw.headers };
      if (raw.body) headers['Content-Length'] = raw.body.length;
      const req = request({ host: this.host, port: this.port, method: raw.method, path: raw.target, headers, agent: this.agent });
      const timer = setTimeout(() => {
        req.destroy(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          if (kept < KEPT_BYTES) chunks.push(chunk);
          kept += chunk.length;
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(Object.assign(error, { reusedSocket: req.reusedSocket && !/no answer within/.test(error.message) }));
      });
      req.end(raw.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
