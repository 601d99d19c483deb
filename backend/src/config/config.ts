import { isAbsolute } from 'node:path';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AuthMode } from '@robokit/api';
import {
  authMode,
  authorizedParties,
  authProblems,
  clerkJwksUrl,
  clerkJwtKey,
  clerkPublishableKey,
  defaultAuthMode,
  trustProxy,
} from './auth-settings';

export type Role = 'api' | 'worker' | 'all';

export interface AppConfig {
  role: Role;
  port: number;
  host: string;
  databaseUrl: string;
  databaseSchema: string;
  redisUrl: string;
  queuePrefix: string;
  hubUrl: string;
  hubToken: string | undefined;
  hfHome: string;
  hubCacheDir: string;
  localOnly: boolean;
  hubTimeoutMs: number;
  /** Largest Hub file RoboKit downloads; a hostile or mistaken listing cannot fill the disk. */
  hubMaxFileBytes: number;
  /**
   * Slowest download accepted: each file gets HUB_TIMEOUT_MS plus its size at this rate, so a server that
   * trickles a byte inside every idle timeout cannot hold a job forever.
   */
  hubMinBytesPerSecond: number;
  workerConcurrency: number;
  jobAttempts: number;
  jobBackoffMs: number;
  jobLockMs: number;
  reconcileIntervalMs: number;
  searchCacheMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** `none`: every request acts as one local user; `clerk`: every request but the public ones needs a Clerk session token. */
  authMode: AuthMode;
  /** Clerk's PEM public key: tokens are checked with no network call at all. Preferred over the JWKS URL. */
  clerkJwtKey: string | undefined;
  clerkJwksUrl: string | undefined;
  clerkIssuer: string | undefined;
  /** Origins a token's `azp` must name; empty means not checked. */
  clerkAuthorizedParties: string[];
  clerkPublishableKey: string | undefined;
  clerkClockSkewMs: number;
  /** Shortest time between two JWKS downloads, so tokens naming made-up keys cannot make us hammer Clerk. */
  clerkJwksMinRefetchMs: number;
  trustProxy: false | number | string[];
  /** Requests a minute per owner and per client IP; 0 turns that limit off. */
  rateLimitDatasetCreate: number;
  rateLimitDatasetCreatePerIp: number;
  rateLimitJobCreate: number;
  rateLimitJobCreatePerIp: number;
  rateLimitHubSearch: number;
  rateLimitHubSearchPerIp: number;
  /** Dashboard origins allowed to call the API from a browser (CORS, with credentials); empty: same-origin only. */
  corsOrigins: string[];
  /** Strict-Transport-Security max-age in seconds; 0 sends none (the API may be served over plain HTTP). */
  hstsMaxAge: number;
}

/** One entry per environment variable; the README's configuration table is written from the same facts. */
interface Setting<K extends keyof AppConfig> {
  env: string[];
  key: K;
  parse: (raw: string) => AppConfig[K];
  fallback: (env: NodeJS.ProcessEnv) => AppConfig[K];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function integer(min: number, max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`must be an integer from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
}

function url(protocols: string[]) {
  return (raw: string): string => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new Error(`must be a URL (${protocols.join(' or ')}), got "${raw}"`);
    }
    if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
      throw new Error(`must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
    }
    return raw.replace(/\/+$/, '');
  };
}

function oneOf<T extends string>(values: readonly T[]) {
  return (raw: string): T => {
    if (!values.includes(raw as T)) throw new Error(`must be one of ${values.join(', ')}, got "${raw}"`);
    return raw as T;
  };
}

function flag(raw: string): boolean {
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off', ''].includes(raw.toLowerCase())) return false;
  throw new Error(`must be 1/0 or true/false, got "${raw}"`);
}

function identifier(raw: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) throw new Error(`must be a lower-case SQL identifier, got "${raw}"`);
  return raw;
}

function absolutePath(raw: string): string {
  if (!isAbsolute(raw)) throw new Error(`must be an absolute path, got "${raw}"`);
  return raw;
}

function hubToken(raw: string): string | undefined {
  if (raw === '') return undefined;
  // @huggingface/hub refuses other tokens before sending anything; say so at start-up instead.
  if (!raw.startsWith('hf_')) throw new Error('must be a Hugging Face token starting with "hf_"');
  return raw;
}

function defaultHfHome(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'huggingface');
}

const settings: Setting<keyof AppConfig>[] = [
  { env: ['ROLE'], key: 'role', parse: oneOf(['api', 'worker', 'all'] as const), fallback: () => 'all' },
  { env: ['API_PORT', 'PORT'], key: 'port', parse: integer(0, 65535), fallback: () => 8000 },
  { env: ['API_HOST'], key: 'host', parse: (v) => v, fallback: () => '0.0.0.0' },
  {
    env: ['DATABASE_URL'],
    key: 'databaseUrl',
    parse: url(['postgres', 'postgresql']),
    fallback: () => 'postgres://postgres@127.0.0.1:5432/test',
  },
  { env: ['DATABASE_SCHEMA'], key: 'databaseSchema', parse: identifier, fallback: () => 'public' },
  { env: ['REDIS_URL'], key: 'redisUrl', parse: url(['redis', 'rediss']), fallback: () => 'redis://127.0.0.1:6379' },
  { env: ['QUEUE_PREFIX'], key: 'queuePrefix', parse: (v) => v, fallback: () => 'robokit' },
  { env: ['HF_ENDPOINT'], key: 'hubUrl', parse: url(['http', 'https']), fallback: () => 'https://huggingface.co' },
  { env: ['HF_TOKEN'], key: 'hubToken', parse: hubToken, fallback: () => undefined },
  { env: ['HF_HOME'], key: 'hfHome', parse: absolutePath, fallback: defaultHfHome },
  { env: ['ROBOKIT_HF_LOCAL_ONLY'], key: 'localOnly', parse: flag, fallback: () => false },
  { env: ['HUB_TIMEOUT_MS'], key: 'hubTimeoutMs', parse: integer(100, 600_000), fallback: () => 30_000 },
  { env: ['HUB_MAX_FILE_BYTES'], key: 'hubMaxFileBytes', parse: integer(1, 2 ** 40), fallback: () => 5 * 2 ** 30 },
  { env: ['HUB_MIN_BYTES_PER_S'], key: 'hubMinBytesPerSecond', parse: integer(1, 2 ** 30), fallback: () => 64 * 1024 },
  { env: ['WORKER_CONCURRENCY'], key: 'workerConcurrency', parse: integer(1, 64), fallback: () => 2 },
  { env: ['JOB_ATTEMPTS'], key: 'jobAttempts', parse: integer(1, 20), fallback: () => 4 },
  { env: ['JOB_BACKOFF_MS'], key: 'jobBackoffMs', parse: integer(10, 3_600_000), fallback: () => 5_000 },
  { env: ['JOB_LOCK_MS'], key: 'jobLockMs', parse: integer(1_000, 600_000), fallback: () => 30_000 },
  { env: ['JOB_RECONCILE_MS'], key: 'reconcileIntervalMs', parse: integer(500, 3_600_000), fallback: () => 30_000 },
  { env: ['HUB_SEARCH_CACHE_MS'], key: 'searchCacheMs', parse: integer(0, 3_600_000), fallback: () => 60_000 },
  { env: ['LOG_LEVEL'], key: 'logLevel', parse: oneOf(['debug', 'info', 'warn', 'error'] as const), fallback: () => 'info' },
  { env: ['AUTH_MODE'], key: 'authMode', parse: authMode, fallback: defaultAuthMode },
  { env: ['CLERK_JWT_KEY'], key: 'clerkJwtKey', parse: clerkJwtKey, fallback: () => undefined },
  { env: ['CLERK_JWKS_URL'], key: 'clerkJwksUrl', parse: clerkJwksUrl, fallback: () => undefined },
  { env: ['CLERK_ISSUER'], key: 'clerkIssuer', parse: (v) => (v === '' ? undefined : url(['https', 'http'])(v)), fallback: () => undefined },
  { env: ['CLERK_AUTHORIZED_PARTIES'], key: 'clerkAuthorizedParties', parse: authorizedParties, fallback: () => [] },
  { env: ['CLERK_PUBLISHABLE_KEY'], key: 'clerkPublishableKey', parse: clerkPublishableKey, fallback: () => undefined },
  { env: ['CLERK_CLOCK_SKEW_MS'], key: 'clerkClockSkewMs', parse: integer(0, 300_000), fallback: () => 5_000 },
  { env: ['CLERK_JWKS_MIN_REFETCH_MS'], key: 'clerkJwksMinRefetchMs', parse: integer(100, 3_600_000), fallback: () => 30_000 },
  { env: ['TRUST_PROXY'], key: 'trustProxy', parse: trustProxy, fallback: () => false },
  { env: ['RATE_LIMIT_DATASET_CREATE'], key: 'rateLimitDatasetCreate', parse: integer(0, 1_000_000), fallback: () => 30 },
  { env: ['RATE_LIMIT_DATASET_CREATE_PER_IP'], key: 'rateLimitDatasetCreatePerIp', parse: integer(0, 1_000_000), fallback: () => 60 },
  { env: ['RATE_LIMIT_JOB_CREATE'], key: 'rateLimitJobCreate', parse: integer(0, 1_000_000), fallback: () => 120 },
  { env: ['RATE_LIMIT_JOB_CREATE_PER_IP'], key: 'rateLimitJobCreatePerIp', parse: integer(0, 1_000_000), fallback: () => 240 },
  { env: ['RATE_LIMIT_HUB_SEARCH'], key: 'rateLimitHubSearch', parse: integer(0, 1_000_000), fallback: () => 120 },
  { env: ['RATE_LIMIT_HUB_SEARCH_PER_IP'], key: 'rateLimitHubSearchPerIp', parse: integer(0, 1_000_000), fallback: () => 240 },
  // The same origin list as CLERK_AUTHORIZED_PARTIES; '*' is refused there, as it must be with credentials.
  { env: ['CORS_ORIGINS'], key: 'corsOrigins', parse: authorizedParties, fallback: () => [] },
  { env: ['HSTS_MAX_AGE'], key: 'hstsMaxAge', parse: integer(0, 63_072_000), fallback: () => 0 },
];

/** huggingface_hub's precedence: HF_HUB_CACHE, then the older HUGGINGFACE_HUB_CACHE, then $HF_HOME/hub. */
function hubCacheDir(env: NodeJS.ProcessEnv, hfHome: string): string {
  const name = ['HF_HUB_CACHE', 'HUGGINGFACE_HUB_CACHE'].find((candidate) => env[candidate]);
  if (!name) return join(hfHome, 'hub');
  const value = env[name] as string;
  if (!isAbsolute(value)) throw new ConfigError([`${name} must be an absolute path, got "${value}"`]);
  return value;
}

/** Reads and checks every setting at once, so a misconfigured start-up reports all problems together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const config: Partial<Record<keyof AppConfig, unknown>> = {};
  for (const setting of settings) {
    const name = setting.env.find((candidate) => env[candidate] !== undefined);
    if (name === undefined) {
      config[setting.key] = setting.fallback(env);
      continue;
    }
    try {
      config[setting.key] = setting.parse(env[name] as string);
    } catch (error) {
      problems.push(`${name} ${(error as Error).message}`);
    }
  }
  problems.push(...authProblems(env, config.authMode as AuthMode | undefined, config.role as Role | undefined));
  if (problems.length > 0) throw new ConfigError(problems);
  config.hubCacheDir = hubCacheDir(env, config.hfHome as string);
  return config as AppConfig;
}
