import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { JobType } from '@robokit/api';
import { JOB_DEFINITIONS } from './job-definitions';
import { JOB_HANDLER, JobHandler } from './job-handler';

/**
 * Binds each job type to its one handler at start-up. A defined type without a handler, two handlers for
 * one type, or a handler for a type that is not defined stops the process before it takes any job.
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly handlers = new Map<JobType, JobHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const type = this.reflector.get<JobType | undefined>(JOB_HANDLER, wrapper.metatype as object as Function);
      if (type === undefined) continue;
      if (this.handlers.has(type)) throw new Error(`Two handlers for job type ${type}: ${wrapper.name} and another`);
      if (!JOB_DEFINITIONS[type]) throw new Error(`${wrapper.name} handles ${type}, which has no definition in JOB_DEFINITIONS`);
      this.handlers.set(type, wrapper.instance as JobHandler);
    }
    const missing = (Object.keys(JOB_DEFINITIONS) as JobType[]).filter((type) => JOB_DEFINITIONS[type] && !this.handlers.has(type));
    if (missing.length > 0) throw new Error(`No handler for job type(s): ${missing.join(', ')}`);
  }

  handlerFor(type: JobType): JobHandler {
    const handler = this.handlers.get(type);
    if (!handler) throw new Error(`No handler for job type ${type}`);
    return handler;
  }
}
