import type { Type } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { DatasetsController } from '../datasets/datasets.controller';
import { HuggingFaceController } from '../huggingface/huggingface.controller';
import { JobsController } from '../jobs/jobs.controller';

type LimitSetting = { [K in keyof AppConfig]: AppConfig[K] extends number ? K : never }[keyof AppConfig];

export interface RateLimitRule {
  /** Stable name, part of the Redis key and of the 429's details. */
  action: string;
  /** What is counted, for the message: "Too many <noun>". */
  noun: string;
  perOwner: LimitSetting;
  perIp: LimitSetting;
}

/** The expensive operations: each import and job costs Hub traffic and worker time, each search a Hub call. */
export const RULES = {
  datasetCreate: { action: 'dataset_create', noun: 'dataset imports', perOwner: 'rateLimitDatasetCreate', perIp: 'rateLimitDatasetCreatePerIp' },
  jobCreate: { action: 'job_create', noun: 'job requests', perOwner: 'rateLimitJobCreate', perIp: 'rateLimitJobCreatePerIp' },
  hubSearch: { action: 'hub_search', noun: 'Hub searches', perOwner: 'rateLimitHubSearch', perIp: 'rateLimitHubSearchPerIp' },
} satisfies Record<string, RateLimitRule>;

export interface LimitedRoute {
  controller: Type<unknown>;
  method: string;
  handler: unknown;
  rule: RateLimitRule;
}

function route<T>(controller: Type<T>, method: keyof T & string, rule: RateLimitRule): LimitedRoute {
  return { controller, method, handler: controller.prototype[method], rule };
}

/** Every rate-limited endpoint in one table, checked by the compiler against the controllers' method names. */
export const LIMITED_ROUTES: LimitedRoute[] = [
  route(DatasetsController, 'create', RULES.datasetCreate),
  route(JobsController, 'create', RULES.jobCreate),
  route(HuggingFaceController, 'search', RULES.hubSearch),
];
