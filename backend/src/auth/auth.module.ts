import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthMode } from '@robokit/api';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ClientConfigController } from './client-config.controller';
import { SessionGuard, SIGNING_KEYS } from './session.guard';
import { SigningKeys } from './session-jwt';
import { JwksSigningKeys, StaticSigningKey } from './signing-keys';

function signingKeys(config: AppConfig): SigningKeys | null {
  if (config.authMode === AuthMode.None) return null;
  if (config.clerkJwtKey) return new StaticSigningKey(config.clerkJwtKey);
  if (config.clerkJwksUrl) return new JwksSigningKeys(config.clerkJwksUrl, { minRefetchMs: config.clerkJwksMinRefetchMs });
  return null;
}

@Module({
  controllers: [ClientConfigController],
  providers: [
    { provide: SIGNING_KEYS, useFactory: signingKeys, inject: [APP_CONFIG] },
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
})
export class AuthModule {}
