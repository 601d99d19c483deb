import { ErrorCode } from '@robokit/api';
import { DomainError } from '../common/domain-error';

/** Why a token was refused; stable machine names in `details.reason`, so a client can tell "sign in again" from "fix your clock". */
export type TokenProblem =
  | 'malformed'
  | 'algorithm'
  | 'unknown_key'
  | 'signature'
  | 'claims'
  | 'expired'
  | 'not_yet_valid'
  | 'issuer'
  | 'authorized_party';

export function authRequired(message: string): DomainError {
  return new DomainError(ErrorCode.AuthRequired, message, { reason: 'missing' });
}

export function tokenRejected(reason: TokenProblem, message: string): DomainError {
  const code = reason === 'expired' ? ErrorCode.AuthTokenExpired : ErrorCode.AuthTokenInvalid;
  return new DomainError(code, message, { reason });
}

/** Text taken from a token, made safe to quote in an answer: printable, and short. */
export function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(printable.length > 80 ? `${printable.slice(0, 80)}...` : printable);
}
