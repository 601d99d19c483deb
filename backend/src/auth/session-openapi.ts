import { DocumentBuilder, OpenAPIObject } from '@nestjs/swagger';
import { ErrorCode } from '@robokit/api';
import { SESSION_COOKIE } from './session-token';

const BEARER = 'session-token';
const COOKIE = 'session-cookie';
const AUTH_CODES = [ErrorCode.AuthRequired, ErrorCode.AuthTokenInvalid, ErrorCode.AuthTokenExpired];
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Declares the two ways to send a Clerk session token, and requires one of them on every operation. */
export function withSessionSecurity(builder: DocumentBuilder): DocumentBuilder {
  return builder
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Clerk session token (RS256 JWT). Not needed when the API runs with AUTH_MODE=none.' }, BEARER)
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', description: "Clerk's session cookie; accepted on GET requests only (video elements cannot send a header)." }, COOKIE)
    .addSecurityRequirements(BEARER)
    .addSecurityRequirements(COOKIE);
}

/**
 * Every operation that needs a session can answer 401. @Public() operations carry an empty security
 * requirement, so they are recognised here rather than by a list that could go out of date.
 */
export function documentUnauthorized(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (!operation) continue;
      const isPublic = operation.security?.length === 1 && Object.keys(operation.security[0]).length === 0;
      if (isPublic) continue;
      const unauthorized = {
        description: `Error body; code is one of ${AUTH_CODES.join(', ')} (details.reason says what is wrong with the token)`,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBodyDto' } } },
      };
      operation.responses = Object.fromEntries(Object.entries({ ...operation.responses, 401: unauthorized }).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
  return document;
}
