import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { type HubError, hubErrors } from './errors';
import type { FaultBook, FaultTarget } from './faults';
import type { FaultRule, HubRequestLog } from './types';

type Headers = Record<string, string>;

const MAX_REQUEST_BODY = 1024 * 1024;

/** The Hub's request ids look like AWS ALB trace ids; clients only echo them. */
export function newRequestId(): string {
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

/** One request and its answer: auth state, the log entry, and the only ways to write a response. */
export class Exchange {
  token: string | undefined;
  faultTarget: FaultTarget | undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: URL,
    /** Absolute origin the client used, so Link and Location URLs point back to this server as seen by it. */
    readonly origin: string,
    private readonly log: HubRequestLog | undefined,
    private readonly faults: FaultBook,
  ) {}

  get authenticated(): boolean {
    return this.token !== undefined;
  }

  /** As on huggingface.co, a token the hub does not know is refused even where no token is needed. */
  authenticate(isValid: (token: string) => boolean): void {
    const header = this.req.headers.authorization;
    if (header === undefined) return;
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (token === undefined || !isValid(token)) throw hubErrors.invalidCredentials();
    this.token = token;
    if (this.log) this.log.authorized = true;
  }

  sendError(error: HubError): void {
    if (this.res.headersSent) {
      this.res.destroy();
      return;
    }
    const body = Buffer.from(JSON.stringify({ error: error.message }));
    this.respond(error.status, {
      'Content-Type': 'application/json; charset=utf-8',
      ...(error.code ? { 'X-Error-Code': error.code } : {}),
      // Header values must be Latin-1; the message may quote a unicode revision.
      'X-Error-Message': error.message.replace(/[^\x20-\x7e]/g, '?'),
      ...error.headers,
    }, body);
  }

  /** An answer that fault rules may not touch: errors, redirects, 304, 416. */
  respond(status: number, headers: Headers, body: Buffer = Buffer.alloc(0)): void {
    this.writeHead(status, { ...headers, 'Content-Length': String(body.length) });
    this.res.end(this.req.method === 'HEAD' ? undefined : body);
  }

  async sendJson(value: unknown, headers: Headers = {}): Promise<void> {
    const body = Buffer.from(JSON.stringify(value));
    await this.sendBody(200, { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body.length, () =>
      Readable.from([body]),
    );
  }

  /** A body that body-altering fault rules (truncate, stall, corrupt) may act on. */
  async sendBody(status: number, headers: Headers, length: number, open: () => Readable): Promise<void> {
    const head = this.req.method === 'HEAD';
    const fault =
      head || !this.faultTarget
        ? undefined
        : this.faults.takeBodyFault(this.faultTarget, length, this.req.headers.range === 'bytes=0-0');
    if (fault?.delayMs) await this.delay(fault.delayMs);
    const announced = Math.max(0, length + (fault?.contentLengthDelta ?? 0));
    this.writeHead(status, { ...headers, 'Content-Length': String(announced) });
    if (head || length === 0) {
      this.res.end();
      return;
    }
    await pump(this.res, open(), fault, announced);
  }

  /** Resolves early when the client goes away; the timer never holds the process open. */
  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      this.res.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  get closed(): boolean {
    return this.res.destroyed;
  }

  async readBody(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.req) {
      size += (chunk as Buffer).length;
      if (size > MAX_REQUEST_BODY) throw hubErrors.badRequest('Request body too large');
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  private writeHead(status: number, headers: Headers): void {
    if (this.log) this.log.status = status;
    this.res.writeHead(status, headers);
  }
}

/**
 * Streams `source` into the response. A truncate fault ends the TCP stream short of Content-Length (the
 * client sees a premature close); a stall fault stops writing and leaves the response open forever; a trickle
 * fault sends a byte at a time; a body
 * announced shorter than it is gets cut there and ended cleanly, one announced longer is followed by a close.
 */
async function pump(res: ServerResponse, source: Readable, fault: FaultRule | undefined, announced: number): Promise<void> {
  const cut = fault?.truncateAfterBytes ?? fault?.stallAfterBytes ?? announced;
  let sent = 0;
  try {
    if (fault !== undefined) res.flushHeaders();
    for await (const data of source) {
      if (res.destroyed) return;
      const chunk = fault?.corruptBody ? invert(data as Buffer) : (data as Buffer);
      const part = cut - sent < chunk.length ? chunk.subarray(0, cut - sent) : chunk;
      sent += part.length;
      if (fault?.trickleMs !== undefined) {
        if (!(await trickle(res, part, fault.trickleMs))) return;
      } else if (part.length > 0 && !res.write(part)) await drainedOrClosed(res);
      if (sent >= cut) break;
    }
  } catch {
    res.destroy();
    return;
  } finally {
    source.destroy();
  }
  if (fault?.stallAfterBytes !== undefined && sent >= fault.stallAfterBytes) return;
  if (fault?.truncateAfterBytes !== undefined && sent >= fault.truncateAfterBytes) {
    res.socket?.end();
    return;
  }
  res.end();
  if (sent < announced) res.socket?.end();
}

/** Writes `part` a byte at a time; false once the client has gone. */
async function trickle(res: ServerResponse, part: Buffer, gapMs: number): Promise<boolean> {
  for (const byte of part) {
    if (res.destroyed) return false;
    res.write(Buffer.of(byte));
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  return true;
}

function invert(chunk: Buffer): Buffer {
  return Buffer.from(chunk.map((byte) => byte ^ 0xff));
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
