import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Schemas } from '../core/api/api-client';
import { jobTypeLabel } from '../dataset/job-labels';
import { JobProgressComponent } from '../dataset/job-progress.component';

/** Queued and running jobs of every dataset, each with its live progress and a link to its dataset. */
@Component({
  selector: 'rk-active-jobs',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RouterLink, JobProgressComponent],
  template: `
    @if (jobs().length) {
      <ul class="jobs" aria-label="Active jobs">
        @for (job of jobs(); track job.id) {
          <li class="job">
            <div class="what">
              <a [routerLink]="['/datasets', job.datasetId, 'jobs']" class="rk-mono">{{ job.displayName ?? job.repoId }}</a>
              <span class="rk-muted">{{ label(job.type) }} · {{ job.startedAt ? 'started ' + (job.startedAt | date: 'shortTime') : 'queued ' + (job.createdAt | date: 'shortTime') }}</span>
            </div>
            <rk-job-progress [job]="job" [label]="label(job.type) + ' of ' + job.repoId" />
          </li>
        }
      </ul>
      @if (more() > 0) {
        <p class="rk-muted">and {{ more() }} more</p>
      }
    } @else {
      <p class="rk-muted">No job is queued or running.</p>
    }
  `,
  styles: `
    .jobs { list-style: none; margin: 0; padding: 0; }
    .job {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(140px, 220px);
      align-items: center;
      gap: 8px 16px;
      padding: 10px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .what { display: flex; flex-direction: column; gap: 2px; min-width: 0; overflow-wrap: anywhere; }
    @media (max-width: 600px) { .job { grid-template-columns: 1fr; } }
  `,
})
export class ActiveJobsComponent {
  readonly jobs = input.required<Schemas['JobWithDatasetDto'][]>();
  /** Active jobs beyond the ones listed. */
  readonly more = input(0);
  protected readonly label = jobTypeLabel;
}
