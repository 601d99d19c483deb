import { ChangeDetectionStrategy, Component, computed, effect, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatIconModule } from '@angular/material/icon';
import { ApiProblem } from '../core/api/api-problem';

/**
 * Shows a failed call: the server's message, what to do, a retry button where retrying helps (held back by a
 * countdown while the server's Retry-After runs), and the code and request id on demand.
 */
@Component({
  selector: 'rk-problem',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatExpansionModule],
  templateUrl: './problem.component.html',
  styleUrl: './problem.component.scss',
})
export class ProblemComponent {
  readonly problem = input.required<ApiProblem>();
  readonly retry = output<void>();
  protected readonly secondsLeft = signal(0);
  protected readonly canRetry = computed(() => this.problem().retryable && this.secondsLeft() === 0);
  protected readonly detailsJson = computed(() => {
    const details = this.problem().details;
    return Object.keys(details).length ? JSON.stringify(details, null, 2) : null;
  });

  constructor() {
    effect((onCleanup) => {
      const seconds = this.problem().retryAfterSeconds ?? 0;
      this.secondsLeft.set(seconds);
      if (seconds <= 0) return;
      const timer = setInterval(() => {
        this.secondsLeft.update((left) => Math.max(0, left - 1));
        if (this.secondsLeft() === 0) clearInterval(timer);
      }, 1000);
      onCleanup(() => clearInterval(timer));
    });
  }
}
