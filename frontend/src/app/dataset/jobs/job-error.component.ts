import { JsonPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatIconModule } from '@angular/material/icon';
import { Schemas } from '../../core/api/api-client';

/** Why a job failed: the message, its stable code, whether a retry may help, and the details on demand. */
@Component({
  selector: 'rk-job-error',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [JsonPipe, MatExpansionModule, MatIconModule],
  template: `
    <div class="error" role="group" aria-label="Why it failed" [attr.data-code]="error().code">
      <mat-icon aria-hidden="true">error</mat-icon>
      <div class="body">
        <p class="message">{{ error().message }}</p>
        <p class="meta">
          <span class="rk-mono">{{ error().code }}</span> ·
          {{ error().retryable ? 'a temporary failure: retrying may help' : 'retrying the same job will fail again until the dataset changes' }}
        </p>
        @if (hasDetails()) {
          <mat-expansion-panel class="details">
            <mat-expansion-panel-header><mat-panel-title>Details</mat-panel-title></mat-expansion-panel-header>
            <pre class="rk-mono">{{ error().details | json }}</pre>
          </mat-expansion-panel>
        }
      </div>
    </div>
  `,
  styles: `
    .error { display: flex; gap: 12px; padding: 12px; border-radius: 12px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .body { min-width: 0; flex: 1; }
    p { margin: 0 0 4px; }
    .message { font-weight: 500; overflow-wrap: anywhere; }
    .details { margin-top: 8px; }
    pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
  `,
})
export class JobErrorComponent {
  readonly error = input.required<Schemas['JobErrorDto']>();
  protected readonly hasDetails = computed(() => Object.keys(this.error().details ?? {}).length > 0);
}
