import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/config';
import { API_PREFIX, buildOpenApiDocument } from '../http-app';

/**
 * Writes the OpenAPI document without a database or Redis: preview mode builds the module graph but
 * instantiates no provider. `--check` fails when the committed document differs from the code.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const target = args.find((arg) => !arg.startsWith('--')) ?? 'backend/openapi.json';
  const app = await NestFactory.create(AppModule.register(loadConfig({})), { preview: true, logger: false, abortOnError: false });
  app.setGlobalPrefix(API_PREFIX);
  const text = `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  if (!check) {
    writeFileSync(target, text);
    console.log(`Wrote ${target}`);
    return;
  }
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // reported below as drift
  }
  if (committed !== text) {
    console.error(`${target} is out of date with the code. Run \`npm run openapi\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${target} matches the code.`);
}

void main();
