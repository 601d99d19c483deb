import { DOCUMENT } from '@angular/common';
import { inject, Injectable } from '@angular/core';
import { distinctUntilChanged, filter, finalize, fromEvent, map, merge, Observable, shareReplay, startWith, Subject } from 'rxjs';
import { JobStatus } from '@robokit/api';
import { ApiClient, Schemas } from '../api/api-client';
import { poll, PollState } from './poller';

export type DatasetStatus = Schemas['DatasetStatusDto'];
export type ActiveJobs = Schemas['JobWithDatasetPageDto'];

/** Enough for a dashboard list; the page's total says how many more there are. */
const ACTIVE_JOBS_PAGE_SIZE = 50;

/**
 * The one place that polls job state. Every view of a dataset's jobs subscribes to the same stream, so ten
 * progress bars cost one request every few seconds, and the stream stops when the last view goes away.
 */
@Injectable({ providedIn: 'root' })
export class JobMonitor {
  private readonly api = inject(ApiClient);
  private readonly document = inject(DOCUMENT);
  private readonly wakes = new Subject<string>();
  private readonly activeJobsRefreshes = new Subject<void>();
  private readonly streams = new Map<string, Observable<PollState<DatasetStatus>>>();
  private activeJobsStream: Observable<PollState<ActiveJobs>> | null = null;

  private readonly visible$ = fromEvent(this.document, 'visibilitychange').pipe(
    startWith(null),
    map(() => this.document.visibilityState !== 'hidden'),
    distinctUntilChanged(),
  );

  /** The dataset's status and active jobs, polled while any job is queued or running. */
  datasetStatus(datasetId: string): Observable<PollState<DatasetStatus>> {
    let stream = this.streams.get(datasetId);
    if (!stream) {
      stream = poll(
        () => this.api.get('/api/v1/datasets/{id}/status', { path: { id: datasetId } }),
        (status) => status.activeJobs.length > 0,
        this.visible$,
        this.wakes.pipe(filter((id) => id === datasetId)),
      ).pipe(
        finalize(() => this.streams.delete(datasetId)),
        shareReplay({ bufferSize: 1, refCount: true }),
      );
      this.streams.set(datasetId, stream);
    }
    return stream;
  }

  /**
   * Every queued or running job of every dataset, newest first, polled while any is active. Work queued on any
   * dataset (wake) starts it again.
   */
  activeJobs(): Observable<PollState<ActiveJobs>> {
    this.activeJobsStream ??= poll(
      () => this.api.get('/api/v1/jobs', { query: { status: [JobStatus.Queued, JobStatus.Running], sort: '-createdAt', pageSize: ACTIVE_JOBS_PAGE_SIZE } }),
      (page) => page.items.length > 0,
      this.visible$,
      merge(this.wakes, this.activeJobsRefreshes),
    ).pipe(
      finalize(() => (this.activeJobsStream = null)),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
    return this.activeJobsStream;
  }

  /** Asks for the active jobs now (the user's retry after a failed poll), whatever the backoff says. */
  refreshActiveJobs(): void {
    this.activeJobsRefreshes.next();
  }

  /** Starts polling again after the user queued work (a new job, a retry) on a dataset. */
  wake(datasetId: string): void {
    this.wakes.next(datasetId);
  }
}
