import { JsonPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { Job } from '../dataset-context';

/** What a job was asked (parameters) and what it answered (summary), shown as name/value pairs. */
@Component({
  selector: 'rk-job-details',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [JsonPipe],
  template: `
    <div class="columns">
      <section [attr.aria-labelledby]="'parameters-' + job().id">
        <h3 [id]="'parameters-' + job().id">Parameters</h3>
        @if (parameters().length) {
          <dl>
            @for (entry of parameters(); track entry.key) { <div><dt class="rk-mono">{{ entry.key }}</dt><dd class="rk-mono">{{ entry.value | json }}</dd></div> }
          </dl>
        } @else { <p class="rk-muted">None.</p> }
      </section>
      <section [attr.aria-labelledby]="'summary-' + job().id">
        <h3 [id]="'summary-' + job().id">Result summary</h3>
        @if (summary(); as summary) {
          <dl>
            @for (entry of summary; track entry.key) { <div><dt class="rk-mono">{{ entry.key }}</dt><dd class="rk-mono">{{ entry.value | json }}</dd></div> }
          </dl>
        } @else { <p class="rk-muted">{{ job().status === 'completed' ? 'No summary.' : 'Available once the job completes.' }}</p> }
      </section>
    </div>
    <p class="rk-muted meta">Job <span class="rk-mono">{{ job().id }}</span> on commit <span class="rk-mono">{{ job().commitSha.slice(0, 12) }}</span></p>
  `,
  styles: `
    .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 16px; }
    h3 { margin: 0 0 6px; font: var(--mat-sys-title-small); }
    dl { margin: 0; max-height: 320px; overflow: auto; }
    dl > div { display: flex; flex-wrap: wrap; gap: 0 8px; padding: 1px 0; }
    dt { color: var(--mat-sys-on-surface-variant); }
    dt::after { content: ':'; }
    dd { margin: 0; overflow-wrap: anywhere; }
    .meta { margin: 8px 0 0; }
  `,
})
export class JobDetailsComponent {
  readonly job = input.required<Job>();
  protected readonly parameters = computed(() => entries(this.job().parameters));
  protected readonly summary = computed(() => {
    const summary = this.job().summary;
    return summary ? entries(summary) : null;
  });
}

function entries(record: Record<string, unknown>): { key: string; value: unknown }[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}
