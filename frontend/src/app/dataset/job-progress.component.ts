import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { JobStatus } from '@robokit/api';
import { isActiveStatus } from '../shared/job-status';
import { StatusChipComponent } from '../shared/status-chip.component';
import { Job } from './dataset-context';

/** A job's state and progress bar; a queued job shows a moving bar since it has no progress yet. */
@Component({
  selector: 'rk-job-progress',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatProgressBarModule, StatusChipComponent],
  template: `
    <div class="line">
      <rk-status-chip [status]="job().status" />
      @if (active()) { <span class="rk-muted">{{ percent() }} %</span> }
    </div>
    @if (active()) {
      <mat-progress-bar [mode]="job().status === queued ? 'query' : 'determinate'" [value]="percent()"
                        [attr.aria-label]="label() + ' progress'" [attr.aria-valuetext]="percent() + ' %'" />
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 6px; min-width: 140px; }
    .line { display: flex; align-items: center; gap: 8px; }
  `,
})
export class JobProgressComponent {
  readonly job = input.required<Job>();
  readonly label = input('Job');
  protected readonly queued = JobStatus.Queued;
  protected readonly active = computed(() => isActiveStatus(this.job().status));
  protected readonly percent = computed(() => Math.round(this.job().progress));
}
