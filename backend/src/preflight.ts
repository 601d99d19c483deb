import { Client } from 'pg';
import Redis from 'ioredis';
import { AppConfig } from './config/config';
import { redisConnection } from './common/redis-connection';

const reason = (error: unknown) => (error as Error).message.replace(/\.+$/, '');

function where(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol.startsWith('redis') ? 6379 : 5432)}`;
}

/**
 * Checks that PostgreSQL and Redis answer before Nest starts, so a missing service is one clear sentence
 * (what, where, how to start it) instead of a stack trace and a retry loop.
 */
export async function checkServices(config: AppConfig): Promise<string[]> {
  const problems: string[] = [];
  const pg = new Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (error) {
    problems.push(
      `PostgreSQL is not reachable at ${where(config.databaseUrl)} (DATABASE_URL): ${reason(error)}.\n` +
        '    Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start   (or point DATABASE_URL at a running server)',
    );
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis({ ...redisConnection(config.redisUrl), lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined); // reported below, once
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    problems.push(
      `Redis is not reachable at ${where(config.redisUrl)} (REDIS_URL): ${reason(error)}.\n` +
        '    Start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no   (or point REDIS_URL at a running server)',
    );
  } finally {
    redis.disconnect();
  }
  return problems;
}
