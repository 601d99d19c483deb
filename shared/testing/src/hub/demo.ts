import type { StandInHub } from './server';
import type { StandInRepoOptions } from './types';

/** DESIGN.md "Contract details": retry behaviour must be testable from outside the process. */
export const DEMO_ALWAYS_FAILS = 'demo/always_fails';
export const DEMO_FLAKY = 'demo/flaky';

/**
 * Adds the two demo repos with the given content: `demo/always_fails` answers 500 on every data file,
 * `demo/flaky` on the first two data-file downloads and normally after that. Metadata stays readable, so an
 * import succeeds and the failure shows in the jobs that read the data. The rules survive clearFaults().
 */
export function addFailingDemoRepos(hub: StandInHub, content: Omit<StandInRepoOptions, 'id'>): void {
  hub.addRepo({ ...content, id: DEMO_ALWAYS_FAILS });
  hub.addRepo({ ...content, id: DEMO_FLAKY });
  const keep = { keepOnClear: true };
  hub.addFault({ repo: DEMO_ALWAYS_FAILS, route: 'resolve', pathPattern: '^data/', status: 500 }, keep);
  hub.addFault({ repo: DEMO_FLAKY, route: 'resolve', pathPattern: '^data/', status: 500, times: 2 }, keep);
}
