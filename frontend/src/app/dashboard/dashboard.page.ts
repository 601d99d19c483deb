import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { JobStatus } from '@robokit/api';
import { map } from 'rxjs';
import { ApiClient } from '../core/api/api-client';
import { toApiProblem } from '../core/api/api-problem';
import { JobMonitor } from '../core/jobs/job-monitor.service';
import { PollProblemComponent } from '../shared/poll-problem.component';
import { ProblemComponent } from '../shared/problem.component';
import { ActiveJobsComponent } from './active-jobs.component';
import { OverviewCountsComponent } from './overview-counts.component';
import { RecentDatasetsComponent } from './recent-datasets.component';
import { RecentFailuresComponent } from './recent-failures.component';
import { injectNarrowScreen } from '../shared/narrow-screen';

const RECENT = 5;

function problemOf(error: unknown) {
  return error ? toApiProblem(error) : null;
}

/**
 * What is in RoboKit and what it is doing: dataset counts by import state, the active jobs (live, from
 * JobMonitor), the latest failures and the latest datasets. When the set of active jobs changes, the rest is
 * fetched again, so a finished import moves from "Importing" to "Ready" without a reload.
 */
@Component({
  selector: 'rk-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    ProblemComponent,
    PollProblemComponent,
    OverviewCountsComponent,
    ActiveJobsComponent,
    RecentFailuresComponent,
    RecentDatasetsComponent,
  ],
  templateUrl: './dashboard.page.html',
  styleUrl: './dashboard.page.scss',
})
export class DashboardPage {
  private readonly api = inject(ApiClient);
  protected readonly monitor = inject(JobMonitor);

  protected readonly narrow = injectNarrowScreen(600);

  protected readonly overview = rxResource({ stream: () => this.api.get('/api/v1/overview', {}) });
  protected readonly failures = rxResource({
    stream: () => this.api.get('/api/v1/jobs', { query: { status: [JobStatus.Failed], sort: '-finishedAt', pageSize: RECENT } }),
  });
  protected readonly recent = rxResource({
    stream: () => this.api.get('/api/v1/datasets', { query: { sort: '-createdAt', pageSize: RECENT } }),
  });
  protected readonly active = toSignal(this.monitor.activeJobs(), { initialValue: null });

  protected readonly overviewProblem = computed(() => problemOf(this.overview.error()));
  protected readonly failuresProblem = computed(() => problemOf(this.failures.error()));
  protected readonly recentProblem = computed(() => problemOf(this.recent.error()));
  protected readonly activeJobs = computed(() => this.active()?.value?.items ?? null);
  protected readonly moreActive = computed(() => {
    const page = this.active()?.value;
    return page ? page.total - page.items.length : 0;
  });
  /** Which jobs are active and in which state; progress alone changes no count. */
  private readonly activeSet = computed(() => this.activeJobs()?.map((job) => `${job.id}:${job.status}`).join() ?? null);
  protected readonly recentColumns = computed(() => (this.narrow() ? ['name', 'status'] : ['name', 'status', 'episodes', 'robot', 'created']));

  constructor() {
    let seen: string | null = null;
    effect(() => {
      const current = this.activeSet();
      if (current === null) return;
      if (seen !== null && current !== seen) untracked(() => this.reloadCounts());
      seen = current;
    });
  }

  private reloadCounts(): void {
    this.overview.reload();
    this.failures.reload();
    this.recent.reload();
  }
}
