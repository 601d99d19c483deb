import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { redisConnection } from '../common/redis-connection';
import { ThrottledWarning } from '../common/throttled-warning';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

export const WINDOW_MS = 60_000;

/**
 * Fixed windows, one counter per key. All counters of a request are checked and only then all
 * incremented, in one script, so two API instances racing cannot both slip under a limit and a refused
 * request does not use up anything. The answer is the 1-based index of the counter that is full and
 * the milliseconds until its window ends, or 0.
 */
const TAKE_SCRIPT = `
local window = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local count = tonumber(redis.call('GET', key) or '0')
  if count >= tonumber(ARGV[i + 1]) then
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then
      redis.call('PEXPIRE', key, window)
      ttl = window
    end
    return {i, ttl}
  end
end
for _, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 or redis.call('PTTL', key) < 0 then
    redis.call('PEXPIRE', key, window)
  end
end
return {0, 0}
`;

export interface Counter {
  key: string;
  limit: number;
}

export interface Refusal {
  counter: Counter;
  retryAfterMs: number;
}

type ScriptedRedis = Redis & { robokitTake(...args: (string | number)[]): Promise<[number, number]> };

@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  // Said once a minute at most while Redis is away, instead of once per request.
  private readonly warning = new ThrottledWarning(this.logger, 60_000);
  private client: ScriptedRedis | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The Redis key of a counter; under QUEUE_PREFIX, so installations and test files sharing a Redis stay apart. */
  keyOf(...parts: string[]): string {
    return [this.config.queuePrefix, 'rate-limit', ...parts.map(encodeURIComponent)].join(':');
  }

  /**
   * Counts one request against every counter, or names the first that is full. When Redis does not answer
   * the request is let through: creating datasets and jobs keeps working without Redis, and a limit must
   * not be what breaks it.
   */
  async take(counters: Counter[]): Promise<Refusal | null> {
    if (counters.length === 0) return null;
    try {
      const [index, ttl] = await this.redis().robokitTake(counters.length, ...counters.map((c) => c.key), WINDOW_MS, ...counters.map((c) => c.limit));
      return index === 0 ? null : { counter: counters[index - 1], retryAfterMs: ttl };
    } catch (error) {
      this.warning.warn(`Rate limits are not enforced while Redis does not answer: ${(error as Error).message}`);
      return null;
    }
  }

  private redis(): ScriptedRedis {
    if (!this.client) {
      // Created on first use: a worker process never takes a request and never opens this connection.
      const client = new Redis({
        ...redisConnection(this.config.redisUrl),
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        connectTimeout: 3_000,
        commandTimeout: 1_000,
      });
      client.on('error', (error: Error) => this.warning.warn(`Redis connection problem: ${error.message}`));
      client.defineCommand('robokitTake', { lua: TAKE_SCRIPT });
      this.client = client as ScriptedRedis;
    }
    return this.client;
  }

  onModuleDestroy(): void {
    // Not quit(): with Redis away it would wait in the offline queue, and the counters need no goodbye.
    this.client?.disconnect();
  }
}
