import { INestApplication } from '@nestjs/common';
import { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { AppConfig } from './config/config';
import { createValidationPipe, InputShapePipe } from './common/validation';
import { requestIdMiddleware } from './common/request-id';
import { answerUnparsableRequests } from './common/client-errors';
import { RedactingLogger } from './common/redacting-logger';
import { registerSecret } from './common/redact';
import { documentUnauthorized, withSessionSecurity } from './auth/session-openapi';
import { documentUndecodablePaths } from './openapi/undecodable-paths';
import { DOCS_PATH, securityHeaders } from './security/security-headers';
import { corsMiddleware } from './security/cors';

export const API_PREFIX = 'api/v1';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = withSessionSecurity(
    new DocumentBuilder()
      .setTitle('RoboKit API')
      .setDescription('Import LeRobot datasets from the Hugging Face Hub, run jobs on them and read the results. Every error answers with {statusCode, code, message, details?, retryable, requestId}.')
      .setVersion('1.0'),
  ).build();
  return documentUndecodablePaths(
    documentUnauthorized(
      SwaggerModule.createDocument(app, config, {
        operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
      }),
    ),
  );
}

/** The HTTP application as users get it; the tests build theirs here too, so they see the same thing. */
export async function createHttpApp(config: AppConfig, logger: LogLevel[]): Promise<NestExpressApplication> {
  // Only the JSON parser: form-encoded bodies are refused (JsonOnlyMiddleware), not parsed.
  registerSecret(config.hubToken);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), { logger: new RedactingLogger(logger), bodyParser: false });
  // Per-IP rate limits need the client's address, which only proxies named here may tell us.
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // Security headers, the request id and CORS first, so that even a preflight or a body the parser rejects is
  // answered with them.
  app.use(securityHeaders({ hstsMaxAgeSeconds: config.hstsMaxAge }));
  app.use(requestIdMiddleware);
  app.use(corsMiddleware(config.corsOrigins));
  app.useBodyParser('json', { limit: '100kb' });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(new InputShapePipe(), createValidationPipe());
  app.enableShutdownHooks();
  answerUnparsableRequests(app.getHttpServer());
  SwaggerModule.setup(DOCS_PATH.slice(1), app, () => buildOpenApiDocument(app));
  return app;
}
