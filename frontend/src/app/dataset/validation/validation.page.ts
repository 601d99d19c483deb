import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, signal, untracked } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { ErrorCode, JobStatus, JobType } from '@robokit/api';
import { ApiClient } from '../../core/api/api-client';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { PollProblemComponent } from '../../shared/poll-problem.component';
import { plural } from '../../shared/format';
import { isActiveStatus } from '../../shared/job-status';
import { ProblemComponent } from '../../shared/problem.component';
import { DatasetContext, Job } from '../dataset-context';
import { JobProgressComponent } from '../job-progress.component';
import { describeLocation, FindingLocation, groupFindings, viewerLink } from './findings';

/** The latest validation report, problems grouped by severity and code with links to where they occur; or a button to run one. */
@Component({
  selector: 'rk-validation-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RouterLink, MatButtonModule, MatExpansionModule, MatIconModule, MatProgressBarModule, ProblemComponent, PollProblemComponent, JobProgressComponent],
  templateUrl: './validation.page.html',
  styleUrl: './validation.page.scss',
})
export class ValidationPage {
  protected readonly context = inject(DatasetContext);
  private readonly api = inject(ApiClient);
  private readonly destroyRef = inject(DestroyRef);

  private readonly report = rxResource({
    params: () => this.context.id(),
    stream: ({ params: id }) => this.api.get('/api/v1/datasets/{id}/validation', { path: { id } }),
  });
  protected readonly value = computed(() => (this.report.hasValue() ? this.report.value() : null));
  protected readonly loading = this.report.isLoading;
  private readonly reportProblem = computed(() => {
    const error = this.report.error();
    return error ? toApiProblem(error) : null;
  });
  protected readonly neverRun = computed(() => this.reportProblem()?.code === ErrorCode.AnalysisNotFound);
  protected readonly problem = computed(() => (this.neverRun() ? null : this.reportProblem()));
  protected readonly groups = computed(() => groupFindings(this.value()?.findings ?? []));

  /** The run started here, followed live while active, and fetched again once it settled (to show how it ended). */
  private readonly started = signal<Job | null>(null);
  protected readonly run = computed(() => {
    const active = [...this.context.activeJobs().values()].find((job) => job.type === JobType.Validation);
    const started = this.started();
    return active ?? (started ? (this.context.activeJobs().get(started.id) ?? started) : null);
  });
  protected readonly running = computed(() => {
    const run = this.run();
    return run !== null && isActiveStatus(run.status);
  });
  protected readonly runFailed = computed(() => this.run()?.status === JobStatus.Failed || this.run()?.status === JobStatus.Cancelled);
  /** The last failed call of this tab (start, or following the started run), with what retrying it does. */
  protected readonly callProblem = signal<{ problem: ApiProblem; retry: () => void } | null>(null);
  protected readonly describeLocation = describeLocation;
  protected readonly plural = plural;

  constructor() {
    effect(() => {
      if (this.context.jobsSettled() === 0) return;
      untracked(() => {
        this.report.reload();
        this.refreshStarted();
      });
    });
  }

  protected link(location: FindingLocation): ReturnType<typeof viewerLink> {
    return viewerLink(this.context.id(), location);
  }

  protected start(): void {
    this.callProblem.set(null);
    this.context
      .startJob(JobType.Validation, {})
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (job) => this.started.set(job),
        error: (error: unknown) => this.callProblem.set({ problem: toApiProblem(error), retry: () => this.start() }),
      });
  }

  protected reload(): void {
    this.report.reload();
  }

  private refreshStarted(): void {
    const started = this.started();
    if (!started) return;
    this.callProblem.set(null);
    this.api
      .get('/api/v1/datasets/{id}/jobs/{jobId}', { path: { id: this.context.id(), jobId: started.id } })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (job) => this.started.set(job),
        error: (error: unknown) => this.callProblem.set({ problem: toApiProblem(error), retry: () => this.refreshStarted() }),
      });
  }
}
