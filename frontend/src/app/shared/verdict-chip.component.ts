import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { QualityVerdict } from '@robokit/api';

const LOOK: Record<QualityVerdict, { icon: string; label: string }> = {
  [QualityVerdict.Pass]: { icon: 'check_circle', label: 'Pass' },
  [QualityVerdict.Review]: { icon: 'rate_review', label: 'Review' },
  [QualityVerdict.Exclude]: { icon: 'block', label: 'Exclude' },
};

/** A quality verdict as an icon and a word, coloured by how bad it is (the word carries it for those who see no colour). */
@Component({
  selector: 'rk-verdict-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule],
  template: `<mat-icon aria-hidden="true">{{ look().icon }}</mat-icon><span>{{ look().label }}</span>`,
  host: { '[class]': '"chip " + verdict().toLowerCase()' },
  styles: `
    :host { display: inline-flex; align-items: center; gap: 4px; padding: 1px 10px 1px 6px; border-radius: 16px; font: var(--mat-sys-label-large); white-space: nowrap; }
    mat-icon { width: 18px; height: 18px; font-size: 18px; }
    :host(.pass) { background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); }
    :host(.review) { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    :host(.exclude) { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
  `,
})
export class VerdictChipComponent {
  readonly verdict = input.required<QualityVerdict | `${QualityVerdict}`>();
  protected readonly look = computed(() => LOOK[this.verdict() as QualityVerdict]);
}
