import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap } from '@angular/router';
import { ErrorCode } from '@robokit/api';
import { of, Subject } from 'rxjs';
import { DatasetStatus, JobMonitor } from '../core/jobs/job-monitor.service';
import { PollState } from '../core/jobs/poller';
import { DatasetContext, Job } from './dataset-context';

const ID = '00000000-0000-4000-8000-000000000001';
const job = (id: string, status: Job['status']) => ({ id, status }) as Job;
const state = (activeJobs: Job[]): PollState<DatasetStatus> => ({
  value: { datasetId: ID, status: 'completed', progress: 100, importJob: job('import', 'completed'), activeJobs },
  problem: null,
  failures: 0,
  nextAttemptAt: null,
  active: activeJobs.length > 0,
});

describe('DatasetContext', () => {
  let polls: Subject<PollState<DatasetStatus>>;
  let monitor: { datasetStatus: ReturnType<typeof vi.fn>; wake: ReturnType<typeof vi.fn> };
  let http: HttpTestingController;
  let context: DatasetContext;

  function setup(id: string): void {
    polls = new Subject();
    monitor = { datasetStatus: vi.fn(() => polls), wake: vi.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        DatasetContext,
        { provide: JobMonitor, useValue: monitor },
        { provide: ActivatedRoute, useValue: { paramMap: of(convertToParamMap({ id })) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    context = TestBed.inject(DatasetContext);
    TestBed.tick();
  }

  beforeEach(() => {
    setup(ID);
    http.expectOne(`/api/v1/datasets/${ID}`).flush({ id: ID, status: 'completed' });
    TestBed.tick();
  });

  afterEach(() => http.verify());

  it('counts a job as settled when a poll no longer lists it, and reloads the dataset', () => {
    polls.next(state([job('a', 'running')]));
    TestBed.tick();
    expect(context.jobsSettled()).toBe(0);
    polls.next(state([]));
    TestBed.tick();
    expect(context.jobsSettled()).toBe(1);
    http.expectOne(`/api/v1/datasets/${ID}`).flush({ id: ID, status: 'completed' });
  });

  it('notices a job that finished before any poll saw it, once the user started or listed it', () => {
    polls.next(state([]));
    context.watch([job('quick', 'queued'), job('done', 'completed')]);
    expect(monitor.wake).toHaveBeenCalledTimes(1);
    context.watch([job('quick', 'queued')]);
    expect(monitor.wake).toHaveBeenCalledTimes(1); // already followed: no extra poll
    polls.next(state([]));
    TestBed.tick();
    expect(context.jobsSettled()).toBe(1);
    http.expectOne(`/api/v1/datasets/${ID}`).flush({ id: ID, status: 'completed' });
  });

  it('starts a job, follows it and wakes the poll', () => {
    let started: Job | undefined;
    context.startJob('validation', { check_videos: true }).subscribe((answer) => (started = answer));
    const post = http.expectOne({ method: 'POST', url: `/api/v1/datasets/${ID}/jobs` });
    expect(post.request.body).toEqual({ type: 'validation', parameters: { check_videos: true } });
    post.flush(job('new', 'queued'));
    expect(started?.id).toBe('new');
    expect(monitor.wake).toHaveBeenCalledWith(ID);
  });

  it('stops polling a dataset that does not exist', async () => {
    TestBed.resetTestingModule();
    setup('gone');
    expect(polls.observed).toBe(true);
    http
      .expectOne('/api/v1/datasets/gone')
      .flush({ statusCode: 404, code: ErrorCode.DatasetNotFound, message: 'no', retryable: false, requestId: 'r' }, { status: 404, statusText: 'Not Found' });
    await vi.waitFor(() => expect(context.notFound()).toBe(true));
    TestBed.tick();
    expect(polls.observed).toBe(false);
    expect(monitor.datasetStatus).toHaveBeenCalledTimes(1);
  });
});
