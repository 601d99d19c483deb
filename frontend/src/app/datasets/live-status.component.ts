import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, untracked } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { JobStatus } from '@robokit/api';
import { switchMap } from 'rxjs';
import { JobMonitor } from '../core/jobs/job-monitor.service';
import { isActiveStatus } from '../shared/job-status';
import { StatusChipComponent } from '../shared/status-chip.component';

/**
 * The state of an import still in progress, live from JobMonitor; `settled` fires when no job of the
 * dataset is active any more, so the list can fetch the row's new figures.
 */
@Component({
  selector: 'rk-live-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [StatusChipComponent, MatProgressBarModule],
  template: `
    <rk-status-chip [status]="status()" />
    @if (progress() !== null) {
      <mat-progress-bar mode="determinate" [value]="progress()" [attr.aria-label]="'Import progress ' + progress() + ' %'" />
    }
  `,
  styles: `:host { display: inline-flex; flex-direction: column; gap: 4px; min-width: 96px; }`,
})
export class LiveStatusComponent {
  readonly datasetId = input.required<string>();
  readonly initialStatus = input.required<JobStatus | `${JobStatus}`>();
  readonly settled = output<void>();

  private readonly monitor = inject(JobMonitor);
  private readonly state = toSignal(toObservable(this.datasetId).pipe(switchMap((id) => this.monitor.datasetStatus(id))), { initialValue: null });
  protected readonly status = computed(() => this.state()?.value?.status ?? this.initialStatus());
  protected readonly progress = computed(() => {
    const value = this.state()?.value;
    return value && isActiveStatus(value.status) ? Math.round(value.progress) : null;
  });

  constructor() {
    effect(() => {
      const state = this.state();
      if (state?.value && !state.active) untracked(() => this.settled.emit());
    });
  }
}
