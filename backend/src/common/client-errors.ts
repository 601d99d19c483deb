import { randomUUID } from 'node:crypto';
import { IncomingMessage, STATUS_CODES, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ErrorBody, ErrorCode } from '@robokit/api';
import { ERROR_STATUS } from './error-status';
import { REQUEST_ID_HEADER } from './request-id';

const CODES: Record<string, ErrorCode> = {
  HPE_HEADER_OVERFLOW: ErrorCode.HeadersTooLarge,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: ErrorCode.PayloadTooLarge,
};

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.HeadersTooLarge]: 'The request line and headers are too large; send a shorter URL or fewer cookies.',
  [ErrorCode.PayloadTooLarge]: 'The chunk extensions of the request body are too large.',
};

/**
 * Requests Node's HTTP parser refuses never reach Express, so the exception filter cannot answer them; by
 * default Node writes a bare status line. Here they get the one error body too: headers or a URL too large
 * (431), or bytes that are not HTTP (400).
 */
export function answerUnparsableRequests(server: Server): void {
  // Answers still being written, per connection: a refused request that follows one on a kept-alive
  // connection is answered once the connection is idle, never in the middle of another answer.
  const answering = new WeakMap<Socket, number>();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    answering.set(socket, (answering.get(socket) ?? 0) + 1);
    response.once('close', () => answering.set(socket, (answering.get(socket) ?? 1) - 1));
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // A client that went away, or stalled until the request timeout, reads no answer.
    if (error.code === 'ECONNRESET' || error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || !socket.writable || (answering.get(socket) ?? 0) > 0) {
      socket.destroy();
      return;
    }
    const code = CODES[error.code ?? ''] ?? ErrorCode.MalformedBody;
    const statusCode = ERROR_STATUS[code];
    const requestId = randomUUID();
    const body: ErrorBody = {
      statusCode,
      code,
      message: MESSAGES[code] ?? 'The request is not valid HTTP.',
      retryable: false,
      requestId,
    };
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\n` +
        `${REQUEST_ID_HEADER}: ${requestId}\r\nConnection: close\r\n\r\n${json}`,
    );
  });
}
