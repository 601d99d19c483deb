import { hubErrors } from './errors';
import type { Exchange } from './exchange';
import type { FaultBook } from './faults';
import type { FaultRule, FaultRoute, HubRequestLog, ListedEntryOverride } from './types';

export const ADMIN_PREFIX = '/__standin/';

export interface AdminState {
  readonly requests: HubRequestLog[];
  readonly faults: FaultBook;
}

const FIELD_TYPES: Record<keyof FaultRule, 'string' | 'number' | 'boolean' | 'object'> = {
  repo: 'string',
  route: 'string',
  pathPattern: 'string',
  status: 'number',
  errorCode: 'string',
  retryAfter: 'number',
  delayMs: 'number',
  truncateAfterBytes: 'number',
  stallAfterBytes: 'number',
  corruptBody: 'boolean',
  trickleMs: 'number',
  listAs: 'object',
  contentLengthDelta: 'number',
  redirectLoop: 'boolean',
  times: 'number',
};
const LISTED_FIELD_TYPES: Record<keyof ListedEntryOverride, 'string' | 'number'> = {
  path: 'string',
  size: 'number',
  oid: 'string',
  lfsOid: 'string',
};
const ROUTES: readonly FaultRoute[] = ['info', 'tree', 'paths-info', 'refs', 'resolve', 'raw', 'blob', 'search', 'any'];

/** Out-of-process control (browser tests): the request log and fault rules. */
export async function handleAdmin(state: AdminState, ex: Exchange): Promise<void> {
  const target = `${ex.req.method} ${ex.url.pathname.slice(ADMIN_PREFIX.length)}`;
  switch (target) {
    case 'GET requests':
      await ex.sendJson(state.requests);
      return;
    case 'DELETE requests':
      state.requests.length = 0;
      ex.respond(204, {});
      return;
    case 'POST faults': {
      const rule = parseFaultRule(await ex.readBody());
      state.faults.add(rule);
      await ex.sendJson(rule);
      return;
    }
    case 'DELETE faults':
      state.faults.clear();
      ex.respond(204, {});
      return;
    default:
      throw hubErrors.routeNotFound();
  }
}

function parseFaultRule(body: Buffer): FaultRule {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw hubErrors.badRequest('Body must be a JSON fault rule');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw hubErrors.badRequest('Body must be a JSON fault rule');
  }
  checkFields(json as Record<string, unknown>, FIELD_TYPES, '');
  const rule = json as FaultRule;
  if (rule.listAs !== undefined) {
    if (rule.listAs === null || Array.isArray(rule.listAs)) throw hubErrors.badRequest('Fault field listAs must be an object');
    checkFields(rule.listAs as Record<string, unknown>, LISTED_FIELD_TYPES, 'listAs.');
  }
  if (rule.route !== undefined && !ROUTES.includes(rule.route)) {
    throw hubErrors.badRequest(`Fault route must be one of ${ROUTES.join(', ')}`);
  }
  if (typeof rule.pathPattern === 'string') {
    try {
      new RegExp(rule.pathPattern);
    } catch {
      throw hubErrors.badRequest(`Invalid pathPattern: ${rule.pathPattern}`);
    }
  }
  return rule;
}

function checkFields(json: Record<string, unknown>, types: Record<string, string>, prefix: string): void {
  for (const [key, value] of Object.entries(json)) {
    const expected = types[key];
    if (!expected) throw hubErrors.badRequest(`Unknown fault field: ${prefix}${key}`);
    if (typeof value !== expected) throw hubErrors.badRequest(`Fault field ${prefix}${key} must be a ${expected}`);
  }
}
