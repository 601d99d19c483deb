import { ArgumentsHost, BadRequestException, Logger, NotFoundException } from '@nestjs/common';
import { ErrorCode } from '@robokit/api';
import { DomainError } from './domain-error';
import { AllExceptionsFilter } from './exception.filter';

function answer(exception: unknown) {
  const sent: { status?: number; body?: Record<string, unknown>; headers: Record<string, string> } = { headers: {} };
  const response = {
    headersSent: false,
    setHeader: (name: string, value: string) => (sent.headers[name] = value),
    status(code: number) {
      sent.status = code;
      return this;
    },
    json: (body: Record<string, unknown>) => (sent.body = body),
  };
  const request = { method: 'GET', path: '/api/v1/x', id: 'req-1' };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return sent;
}

describe('AllExceptionsFilter', () => {
  let logged: string[];

  beforeEach(() => {
    logged = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void logged.push(String(message)));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('answers an unexpected error with 500 and no internals, and logs the stack with the request id', () => {
    const sent = answer(new Error('secret table users_passwords exploded'));
    expect(sent.status).toBe(500);
    expect(sent.body).toEqual({ statusCode: 500, code: ErrorCode.InternalError, message: expect.any(String), retryable: true, requestId: 'req-1' });
    expect(JSON.stringify(sent.body)).not.toMatch(/secret|exploded|at /);
    expect(logged.join('\n')).toMatch(/request req-1.*secret table users_passwords exploded/s);
  });

  it('maps domain errors by code, with details and Retry-After', () => {
    const sent = answer(new DomainError(ErrorCode.RateLimited, 'slow down', { source: 'hub' }, true, 12));
    expect(sent.status).toBe(429);
    expect(sent.headers['Retry-After']).toBe('12');
    expect(sent.body).toEqual(expect.objectContaining({ code: 'RATE_LIMITED', details: { source: 'hub' }, retryable: true }));
  });

  it('keeps credentials that a message or details quote out of the answer', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';
    const sent = answer(new DomainError(ErrorCode.HubUnauthorized, `Hub said: bad token hf_abcdefghijklmnopqrstuvwxyz012345 (Bearer ${token})`, { authorization: `Bearer ${token}` }));
    expect(JSON.stringify(sent.body)).not.toMatch(/hf_abcdef|eyJ/);
    expect(sent.body?.details).toEqual({ authorization: '[redacted]' });
  });

  it('names an undecodable path segment as the bad input, not the body', () => {
    // What Nest makes of Express's URIError for /datasets/%FF.
    const sent = answer(new BadRequestException("Failed to decode param '%FF'"));
    expect(sent.status).toBe(400);
    expect(sent.body).toEqual(expect.objectContaining({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: '(path)', problems: ['%FF is not valid percent-encoded UTF-8'] }] } }));
  });

  it('answers a Range past the end of a file with 416 RANGE_NOT_SATISFIABLE', () => {
    // send's http-errors object for an unsatisfiable range.
    const sent = answer(Object.assign(new Error('Range Not Satisfiable'), { status: 416, statusCode: 416, expose: true }));
    expect(sent.status).toBe(416);
    expect(sent.body).toEqual(expect.objectContaining({ code: ErrorCode.RangeNotSatisfiable, retryable: false }));
  });

  it('answers unknown routes with ROUTE_NOT_FOUND and a lost database with 503', () => {
    expect(answer(new NotFoundException()).body?.code).toBe(ErrorCode.RouteNotFound);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const sent = answer(refused);
    expect(sent.status).toBe(503);
    expect(sent.body?.code).toBe(ErrorCode.ServiceUnavailable);
  });
});
