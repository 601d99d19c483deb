// Errors of the pg driver, TypeORM and ioredis that mean "the service is not there (right now)", not "the
// query is wrong": a request meeting one answers 503, a job meeting one is retried.
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// SQLSTATE classes 08 (connection exception), 57P (operator intervention: shutdown, restart, starting up) and
// 53300 (too many connections).
const PG_UNAVAILABLE = /^(08|57P|53300$)/;
const MESSAGES = [
  /Connection terminated/i,
  /connection is closed/i,
  /MaxRetriesPerRequest/i,
  // pg's pool, when no connection could be made within connectionTimeoutMillis.
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Stream isn't writeable/i,
];

export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_ERRNOS.has(code) || PG_UNAVAILABLE.test(code))) return true;
  return MESSAGES.some((pattern) => pattern.test(error.message));
}
