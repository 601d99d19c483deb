import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { AllExceptionsFilter } from './common/exception.filter';
import { JsonOnlyMiddleware } from './common/json-only.middleware';
import { redisConnection } from './common/redis-connection';
import { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DatasetsModule } from './datasets/datasets.module';
import { HealthModule } from './health/health.module';
import { HuggingFaceModule } from './huggingface/huggingface.module';
import { JobsModule } from './jobs/jobs.module';
import { ValidationModule } from './validation/validation.module';
import { EpisodesModule } from './episodes/episodes.module';
import { OverviewModule } from './overview/overview.module';
import { ReviewsModule } from './reviews/reviews.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';

@Module({})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonOnlyMiddleware).forRoutes('{*path}');
  }

  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(config),
        DatabaseModule,
        BullModule.forRoot({
          // The producer side fails a command after one reconnect instead of hanging a request while Redis is down.
          connection: redisConnection(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 3000 }),
          prefix: config.queuePrefix,
        }),
        AuthModule,
        RateLimitModule,
        HuggingFaceModule,
        JobsModule,
        DatasetsModule,
        HealthModule,
        ValidationModule,
        EpisodesModule,
        ReviewsModule,
        OverviewModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
