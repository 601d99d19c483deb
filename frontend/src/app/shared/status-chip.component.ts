import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { JobStatus } from '@robokit/api';

const LOOK: Record<JobStatus, { icon: string; label: string }> = {
  [JobStatus.Queued]: { icon: 'schedule', label: 'Queued' },
  [JobStatus.Running]: { icon: 'autorenew', label: 'Running' },
  [JobStatus.Completed]: { icon: 'check_circle', label: 'Completed' },
  [JobStatus.Failed]: { icon: 'error', label: 'Failed' },
  [JobStatus.Cancelled]: { icon: 'cancel', label: 'Cancelled' },
};

/** A job or import state as an icon and a word, coloured by state (the word carries it for those who see no colour). */
@Component({
  selector: 'rk-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule],
  template: `<mat-icon aria-hidden="true">{{ look().icon }}</mat-icon><span>{{ look().label }}</span>`,
  host: { '[class]': '"chip " + status()' },
  styles: `
    :host { display: inline-flex; align-items: center; gap: 4px; padding: 2px 10px 2px 6px; border-radius: 16px; font: var(--mat-sys-label-large); white-space: nowrap; }
    mat-icon { width: 18px; height: 18px; font-size: 18px; }
    :host(.queued) { background: var(--mat-sys-surface-container-highest); color: var(--mat-sys-on-surface-variant); }
    :host(.running) { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    :host(.completed) { background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); }
    :host(.failed) { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    :host(.cancelled) { background: transparent; color: var(--mat-sys-on-surface-variant); outline: 1px solid var(--mat-sys-outline); }
  `,
})
export class StatusChipComponent {
  readonly status = input.required<JobStatus | `${JobStatus}`>();
  protected readonly look = computed(() => LOOK[this.status() as JobStatus]);
}
