import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, signal, untracked } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { JobStatus } from '@robokit/api';
import { Observable } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { formatDuration } from '../../shared/format';
import { injectNarrowScreen } from '../../shared/narrow-screen';
import { isActiveStatus } from '../../shared/job-status';
import { PollProblemComponent } from '../../shared/poll-problem.component';
import { ProblemComponent } from '../../shared/problem.component';
import { DatasetContext, Job } from '../dataset-context';
import { jobTypeLabel } from '../job-labels';
import { JobProgressComponent } from '../job-progress.component';
import { JobDetailsComponent } from './job-details.component';
import { JobErrorComponent } from './job-error.component';
import { StartJobFormComponent } from './start-job-form.component';

const WIDE_COLUMNS = ['type', 'status', 'duration', 'attempts', 'actions'];
const NARROW_COLUMNS = ['type', 'status', 'actions'];

/** Every job of the dataset with live progress, errors, retry and cancel, and a form to start any job type. */
@Component({
  selector: 'rk-jobs-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DatePipe,
    MatTableModule,
    MatPaginatorModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    ProblemComponent,
    PollProblemComponent,
    JobProgressComponent,
    JobDetailsComponent,
    JobErrorComponent,
    StartJobFormComponent,
  ],
  templateUrl: './jobs.page.html',
  styleUrl: './jobs.page.scss',
})
export class JobsPage {
  protected readonly context = inject(DatasetContext);
  private readonly api = inject(ApiClient);
  private readonly snackBar = inject(MatSnackBar);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(25);
  private readonly jobs = rxResource({
    params: () => ({ id: this.context.id(), page: this.pageIndex() + 1, pageSize: this.pageSize() }),
    stream: ({ params: { id, page, pageSize } }) => this.api.get('/api/v1/datasets/{id}/jobs', { path: { id }, query: { page, pageSize } }),
  });
  private readonly page = computed(() => (this.jobs.hasValue() ? this.jobs.value() : null));
  protected readonly total = computed(() => this.page()?.total ?? 0);
  /** The page's jobs, each replaced by its live state from the shared poll while it is active. */
  protected readonly rows = computed(() => (this.page()?.items ?? []).map((job) => this.context.activeJobs().get(job.id) ?? job));
  protected readonly loading = this.jobs.isLoading;
  protected readonly listProblem = computed(() => {
    const error = this.jobs.error();
    return error ? toApiProblem(error) : null;
  });

  protected readonly expanded = signal<ReadonlySet<string>>(new Set());
  protected readonly pending = signal<ReadonlySet<string>>(new Set());
  /** Failed retries and cancels by job id, with the action to try again. */
  protected readonly actionProblems = signal<ReadonlyMap<string, { problem: ApiProblem; again: () => void }>>(new Map());

  /** Ticks every second while a job runs, for its running time. */
  protected readonly now = signal(Date.now());
  protected readonly narrow = injectNarrowScreen();
  protected readonly columns = computed(() => (this.narrow() ? NARROW_COLUMNS : WIDE_COLUMNS));
  protected readonly typeLabel = jobTypeLabel;

  constructor() {
    effect(() => {
      if (this.context.jobsSettled() > 0) untracked(() => this.jobs.reload());
    });
    effect(() => {
      const items = this.page()?.items ?? [];
      untracked(() => this.context.watch(items));
    });
    effect((onCleanup) => {
      if (!this.rows().some((job) => job.status === JobStatus.Running)) return;
      const timer = setInterval(() => this.now.set(Date.now()), 1000);
      onCleanup(() => clearInterval(timer));
    });
  }

  protected duration(job: Job): string {
    if (!job.startedAt) return job.status === JobStatus.Queued ? 'waiting' : '—';
    const end = job.finishedAt ? Date.parse(job.finishedAt) : this.now();
    return formatDuration(end - Date.parse(job.startedAt));
  }

  protected canRetry(job: Job): boolean {
    return job.status === JobStatus.Failed || job.status === JobStatus.Cancelled;
  }

  protected canCancel(job: Job): boolean {
    return isActiveStatus(job.status);
  }

  protected showsDetails(job: Job): boolean {
    return this.expanded().has(job.id) || job.error !== null || this.actionProblems().has(job.id);
  }

  protected toggle(job: Job): void {
    this.expanded.update((ids) => toggled(ids, job.id));
  }

  protected retry(job: Job): void {
    this.act(job, () => this.context.retryJob(job.id), `${jobTypeLabel(job.type)} queued again`);
  }

  protected cancel(job: Job): void {
    this.act(job, () => this.context.cancelJob(job.id), `${jobTypeLabel(job.type)} cancelled`);
  }

  protected onStarted({ job, alreadyQueued }: { job: Job; alreadyQueued: boolean }): void {
    this.snackBar.open(alreadyQueued ? `The same ${jobTypeLabel(job.type)} is already in hand: it is followed below.` : `${jobTypeLabel(job.type)} queued`, undefined, {
      duration: 4000,
    });
    this.pageIndex.set(0);
    this.jobs.reload();
  }

  protected pageTo(event: PageEvent): void {
    this.pageIndex.set(event.pageSize === this.pageSize() ? event.pageIndex : 0);
    this.pageSize.set(event.pageSize);
  }

  protected reload(): void {
    this.jobs.reload();
  }

  /** Runs a retry or cancel; a refusal (409 when the job changed state meanwhile) shows on the job's row and the list is refreshed. */
  private act(job: Job, request: () => Observable<Job>, done: string): void {
    this.pending.update((ids) => toggled(ids, job.id));
    this.actionProblems.update((problems) => withoutKey(problems, job.id));
    request().pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: () => {
        this.pending.update((ids) => toggled(ids, job.id));
        this.snackBar.open(done, undefined, { duration: 4000 });
        this.jobs.reload();
      },
      error: (error: unknown) => {
        this.pending.update((ids) => toggled(ids, job.id));
        const again = () => this.act(job, request, done);
        this.actionProblems.update((problems) => new Map(problems).set(job.id, { problem: toApiProblem(error), again }));
        this.jobs.reload();
      },
    });
  }
}

function toggled(ids: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(ids);
  if (!next.delete(id)) next.add(id);
  return next;
}

function withoutKey<V>(map: ReadonlyMap<string, V>, key: string): ReadonlyMap<string, V> {
  const next = new Map(map);
  next.delete(key);
  return next;
}
