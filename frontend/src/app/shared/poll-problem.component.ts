import { ChangeDetectionStrategy, Component, computed, effect, input, output, signal } from '@angular/core';
import { PollState } from '../core/jobs/poller';
import { ProblemComponent } from './problem.component';

/** Says that live updates are failing, how often, and when the poller tries again by itself (it backs off). */
@Component({
  selector: 'rk-poll-problem',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ProblemComponent],
  template: `
    @if (state()?.problem; as problem) {
      <rk-problem [problem]="problem" (retry)="retry.emit()">
        <p>
          Live updates failed {{ failures() === 1 ? 'once' : failures() + ' times in a row' }}@if (secondsLeft() > 0) {; trying again in {{ secondsLeft() }} s}.
          What you see may be out of date.
        </p>
      </rk-problem>
    }
  `,
})
export class PollProblemComponent {
  readonly state = input.required<PollState<unknown> | null>();
  readonly retry = output<void>();
  protected readonly failures = computed(() => this.state()?.failures ?? 0);
  protected readonly secondsLeft = signal(0);

  constructor() {
    effect((onCleanup) => {
      const due = this.state()?.nextAttemptAt;
      if (!due || !this.state()?.problem) return;
      const tick = () => this.secondsLeft.set(Math.max(0, Math.ceil((due - Date.now()) / 1000)));
      tick();
      const timer = setInterval(tick, 1000);
      onCleanup(() => clearInterval(timer));
    });
  }
}
