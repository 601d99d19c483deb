import { computed, DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { rxResource, takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import { ErrorCode, JobType } from '@robokit/api';
import { EMPTY, map, Observable, share, switchMap, tap } from 'rxjs';
import { ApiClient, Schemas } from '../core/api/api-client';
import { toApiProblem } from '../core/api/api-problem';
import { JobMonitor } from '../core/jobs/job-monitor.service';
import { isActiveStatus } from '../shared/job-status';

export type Dataset = Schemas['DatasetDto'];
export type Job = Schemas['JobDto'];

/**
 * The dataset every tab of the dataset page shows, loaded once by the page shell and injected by its tabs
 * (the shell provides it), together with the one shared status stream of its jobs. When a job it knows of
 * finishes, the dataset is fetched again (so metadata appears without a reload) and `jobsSettled` ticks so
 * tabs can refresh what that job produced.
 */
@Injectable()
export class DatasetContext {
  private readonly api = inject(ApiClient);
  private readonly monitor = inject(JobMonitor);

  readonly id = toSignal(inject(ActivatedRoute).paramMap.pipe(map((params) => params.get('id') ?? '')), { requireSync: true });

  private readonly resource = rxResource({
    params: () => this.id(),
    stream: ({ params: id }) => this.api.get('/api/v1/datasets/{id}', { path: { id } }),
  });

  /** The last dataset loaded (kept while a reload runs). */
  readonly dataset = computed(() => (this.resource.hasValue() ? this.resource.value() : null));
  readonly problem = computed(() => {
    const error = this.resource.error();
    return error ? toApiProblem(error) : null;
  });
  readonly notFound = computed(() => this.problem()?.code === ErrorCode.DatasetNotFound);

  // No polling for a dataset that does not exist: the poller would retry its 404 forever.
  private readonly polledId = computed(() => (this.notFound() ? null : this.id()));
  private readonly status$ = toObservable(this.polledId).pipe(
    switchMap((id) => (id ? this.monitor.datasetStatus(id) : EMPTY)),
    share(),
  );

  /** JobMonitor's poll of the dataset's status: active jobs with progress, the import job, and poll trouble. */
  readonly status = toSignal(this.status$, { initialValue: null });

  /** The active jobs by id, for progress bars. */
  readonly activeJobs = computed(() => new Map((this.status()?.value?.activeJobs ?? []).map((job) => [job.id, job])));

  /** The import's state as the freshest source says it: the live status once polled, else the dataset's. */
  readonly importStatus = computed(() => this.status()?.value?.status ?? this.dataset()?.status ?? null);

  /** Counts the moments when jobs known to be active were seen no longer active (completed, failed or cancelled). */
  readonly jobsSettled = signal(0);

  /**
   * Jobs known to be queued or running: those the last poll answered, and those a tab showed or started
   * since. A job that finishes between two polls is never in a poll's answer, so it counts as settled
   * when the first poll after it was watched leaves it out.
   */
  private readonly watched = new Set<string>();

  /** The dataset status a reload was last asked for, so a disagreement between the two sources reloads once. */
  private reloadedFor: Dataset['status'] | null = null;

  constructor() {
    this.status$.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe((state) => {
      if (!state.value) return;
      const active = new Set(state.value.activeJobs.map((job) => job.id));
      const settled = [...this.watched].filter((id) => !active.has(id));
      settled.forEach((id) => this.watched.delete(id));
      active.forEach((id) => this.watched.add(id));
      if (settled.length > 0) this.jobsSettled.update((count) => count + 1);
    });
    effect(() => {
      if (this.jobsSettled() > 0) untracked(() => this.resource.reload());
    });
    // The dataset may have been read just before its import finished, with no poll seeing the job leave.
    effect(() => {
      const live = this.status()?.value;
      const loaded = this.dataset();
      if (live && loaded && live.activeJobs.length === 0 && live.status !== loaded.status && loaded.status !== this.reloadedFor) {
        this.reloadedFor = loaded.status;
        untracked(() => this.resource.reload());
      }
    });
  }

  reload(): void {
    this.resource.reload();
  }

  /** Starts polling again, e.g. after the user asked for a retry of a failed status poll. */
  wake(): void {
    this.monitor.wake(this.id());
  }

  /** Follows the given jobs that are queued or running until a poll says they are not; polling starts again if they are new. */
  watch(jobs: readonly Job[]): void {
    const added = jobs.filter((job) => isActiveStatus(job.status) && !this.watched.has(job.id));
    added.forEach((job) => this.watched.add(job.id));
    if (added.length > 0) this.wake();
  }

  /** Queues a job (or answers the same work already queued) and follows it. */
  startJob(type: `${JobType}`, parameters: Record<string, unknown>): Observable<Job> {
    return this.api.post('/api/v1/datasets/{id}/jobs', { path: { id: this.id() }, body: { type, parameters } }).pipe(tap((job) => this.watch([job])));
  }

  retryJob(jobId: string): Observable<Job> {
    return this.api.post('/api/v1/datasets/{id}/jobs/{jobId}/retry', { path: { id: this.id(), jobId } }).pipe(tap((job) => this.watch([job])));
  }

  cancelJob(jobId: string): Observable<Job> {
    return this.api.post('/api/v1/datasets/{id}/jobs/{jobId}/cancel', { path: { id: this.id(), jobId } }).pipe(tap(() => this.wake()));
  }
}
