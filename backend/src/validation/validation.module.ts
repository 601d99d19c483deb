import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule } from '../jobs/jobs.module';
import { ValidationController } from './validation.controller';
import { ValidationFindingEntity } from './validation-finding.entity';

@Module({ imports: [TypeOrmModule.forFeature([ValidationFindingEntity]), JobsModule], controllers: [ValidationController] })
export class ValidationModule {}
