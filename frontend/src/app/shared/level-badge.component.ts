import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** The evidence level of a quality finding: HARD is corruption, RISK a statistical signal, INFO never flags. */
@Component({
  selector: 'rk-level-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '{{ level() }}',
  host: { '[class]': 'level().toLowerCase()' },
  styles: `
    :host { display: inline-block; font: var(--mat-sys-label-small); padding: 1px 6px; border-radius: 8px; margin-right: 4px;
      background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    :host(.hard) { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    :host(.info) { background: var(--mat-sys-surface-container-highest); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class LevelBadgeComponent {
  readonly level = input.required<string>();
}
