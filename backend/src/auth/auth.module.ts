import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LocalUserGuard } from './local-user.guard';

@Module({ providers: [{ provide: APP_GUARD, useClass: LocalUserGuard }] })
export class AuthModule {}
