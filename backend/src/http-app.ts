import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BodyDepthPipe, createValidationPipe } from './common/validation';
import { requestIdMiddleware } from './common/request-id';

export const API_PREFIX = 'api/v1';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('RoboKit API')
    .setDescription('Import LeRobot datasets from the Hugging Face Hub, run jobs on them and read the results. Every error answers with {statusCode, code, message, details?, retryable, requestId}.')
    .setVersion('1.0')
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}

/** Everything the HTTP side needs beyond the module tree; the tests use it too, so they see what users see. */
export function configureHttpApp(app: INestApplication): void {
  app.use(requestIdMiddleware);
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(new BodyDepthPipe(), createValidationPipe());
  app.enableShutdownHooks();
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app));
}
