import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { REVIEW_NOTE_MAX_LENGTH, ReviewDecision } from '@robokit/api';
import { Observable } from 'rxjs';
import { ApiClient, Schemas } from '../../../core/api/api-client';
import { ApiProblem, toApiProblem } from '../../../core/api/api-problem';
import { ProblemComponent } from '../../../shared/problem.component';

export type ReviewSummary = Schemas['ReviewSummaryDto'];

/** Keep or exclude one episode, with an optional note; clearing makes it count as not reviewed (kept). */
@Component({
  selector: 'rk-review-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatButtonToggleModule, MatFormFieldModule, MatInputModule, MatIconModule, ProblemComponent],
  templateUrl: './review-form.component.html',
  styleUrl: './review-form.component.scss',
})
export class ReviewFormComponent {
  readonly datasetId = input.required<string>();
  readonly episodeIndex = input.required<number>();
  /** The stored review; null when nobody reviewed the episode. */
  readonly review = input<ReviewSummary | null>(null);
  /** The review as stored after a save (null after clearing). */
  readonly saved = output<ReviewSummary | null>();

  private readonly api = inject(ApiClient);
  protected readonly noteMax = REVIEW_NOTE_MAX_LENGTH;
  protected readonly decisions = [
    { value: ReviewDecision.Keep, label: 'Keep', icon: 'thumb_up' },
    { value: ReviewDecision.Exclude, label: 'Exclude', icon: 'block' },
  ];
  protected readonly form = new FormGroup({
    decision: new FormControl<ReviewDecision | null>(null, Validators.required),
    note: new FormControl('', { nonNullable: true, validators: Validators.maxLength(REVIEW_NOTE_MAX_LENGTH) }),
  });
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly status = signal('');

  constructor() {
    effect(() => {
      this.episodeIndex();
      this.status.set('');
    });
    // Another episode, or the stored review changed: the form starts from what is stored.
    effect(() => {
      this.episodeIndex();
      const review = this.review();
      this.form.reset({ decision: (review?.decision as ReviewDecision | undefined) ?? null, note: review?.note ?? '' });
      this.problem.set(null);
    });
  }

  /** What Retry repeats: the last save or clear. */
  protected retry: () => void = () => this.save();

  protected save(): void {
    this.retry = () => this.save();
    const { decision, note } = this.form.getRawValue();
    if (this.form.invalid || !decision) return;
    const path = { id: this.datasetId(), index: this.episodeIndex() };
    this.send(this.api.put('/api/v1/datasets/{id}/episodes/{index}/review', { path, body: { decision, note: note.trim() || null } }), (review) => ({
      review: { decision: review.decision, note: review.note },
      status: `Saved: episode ${review.episodeIndex} marked ${review.decision}.`,
    }));
  }

  protected clear(): void {
    this.retry = () => this.clear();
    const path = { id: this.datasetId(), index: this.episodeIndex() };
    this.send(this.api.delete('/api/v1/datasets/{id}/episodes/{index}/review', { path }), () => ({ review: null, status: 'Review cleared: the episode counts as kept.' }));
  }

  private send<T>(request: Observable<T>, outcome: (answer: T) => { review: ReviewSummary | null; status: string }): void {
    this.busy.set(true);
    this.problem.set(null);
    this.status.set('');
    request.subscribe({
      next: (answer) => {
        const { review, status } = outcome(answer);
        this.busy.set(false);
        this.status.set(status);
        this.saved.emit(review);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.problem.set(toApiProblem(error));
      },
    });
  }
}
