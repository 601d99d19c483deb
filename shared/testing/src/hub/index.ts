export { StandInHub } from './server';
export { StandInRepo } from './repo';
export { DEMO_ALWAYS_FAILS, DEMO_FLAKY, addFailingDemoRepos } from './demo';
export type {
  FaultRoute,
  FaultRule,
  HubRequestLog,
  ListedEntryOverride,
  RepoFileSource,
  StandInHubOptions,
  StandInRepoOptions,
} from './types';
