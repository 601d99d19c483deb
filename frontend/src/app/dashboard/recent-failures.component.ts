import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { Schemas } from '../core/api/api-client';
import { jobTypeLabel } from '../dataset/job-labels';

/** The latest failed jobs with their error, each leading to its dataset's jobs, where it can be retried. */
@Component({
  selector: 'rk-recent-failures',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatIconModule, RouterLink],
  template: `
    @if (jobs().length) {
      <ul class="failures" aria-label="Recent failures">
        @for (job of jobs(); track job.id) {
          <li class="failure" [attr.data-code]="job.error?.code">
            <mat-icon class="icon" aria-hidden="true">error</mat-icon>
            <div class="body">
              <a [routerLink]="['/datasets', job.datasetId, 'jobs']" class="rk-mono">{{ job.displayName ?? job.repoId }}</a>
              <span class="rk-muted">{{ label(job.type) }} failed {{ job.finishedAt | date: 'medium' }}</span>
              @if (job.error; as error) {
                <span class="message">{{ error.message }}</span>
                <span class="rk-mono rk-muted">{{ error.code }}{{ error.retryable ? ' · retrying may help' : '' }}</span>
              }
            </div>
          </li>
        }
      </ul>
    } @else {
      <p class="rk-muted">No job has failed.</p>
    }
  `,
  styles: `
    .failures { list-style: none; margin: 0; padding: 0; }
    .failure { display: flex; gap: 12px; padding: 10px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .icon { flex: none; color: var(--mat-sys-error); }
    .body { display: flex; flex-direction: column; gap: 2px; min-width: 0; overflow-wrap: anywhere; }
    .message { color: var(--mat-sys-on-surface); }
  `,
})
export class RecentFailuresComponent {
  readonly jobs = input.required<Schemas['JobWithDatasetDto'][]>();
  protected readonly label = jobTypeLabel;
}
