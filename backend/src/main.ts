import 'reflect-metadata';
import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { AppConfig, ConfigError, loadConfig } from './config/config';
import { createHttpApp } from './http-app';
import { checkServices } from './preflight';
import { lowerProcessPriority } from './common/process-priority';
import { registerSecret } from './common/redact';
import { RedactingLogger } from './common/redacting-logger';

const LOG_LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  info: ['fatal', 'error', 'warn', 'log'],
  warn: ['fatal', 'error', 'warn'],
  error: ['fatal', 'error'],
};

const WORKER_NICENESS = 10;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`RoboKit cannot start. ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const problems = await checkServices(config);
  if (problems.length > 0) {
    console.error(`RoboKit cannot start:\n  - ${problems.join('\n  - ')}`);
    process.exit(1);
  }
  const logger = new Logger('RoboKit');
  const mode = config.localOnly ? 'local cache only (ROBOKIT_HF_LOCAL_ONLY=1)' : config.hubUrl;
  if (config.role === 'worker') {
    // Analysis jobs keep a core busy; a lower priority keeps a worker beside the API from slowing its answers
    // (bench:api: p99 14-32 ms instead of 29-55 ms with 200 clients polling). Raising niceness needs no privilege.
    lowerProcessPriority(WORKER_NICENESS);
    registerSecret(config.hubToken);
    const context = await NestFactory.createApplicationContext(AppModule.register(config), { logger: new RedactingLogger(LOG_LEVELS[config.logLevel]) });
    context.enableShutdownHooks();
    logger.log(`Worker running; Hub: ${mode}; cache: ${config.hubCacheDir}`);
    return;
  }
  const app = await createHttpApp(config, LOG_LEVELS[config.logLevel]);
  await app.listen(config.port, config.host);
  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  logger.log(`API on ${base}/api/v1 (docs ${base}/api/docs), role ${config.role}; Hub: ${mode}; cache: ${config.hubCacheDir}`);
}

void main();
