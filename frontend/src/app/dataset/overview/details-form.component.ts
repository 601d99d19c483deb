import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, OnInit, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ApiClient } from '../../core/api/api-client';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { ProblemComponent } from '../../shared/problem.component';
import { Dataset } from '../dataset-context';

// The limits of PATCH /datasets/{id} (UpdateDatasetDto).
const MAX_NAME = 200;
const MAX_DESCRIPTION = 5000;
const MAX_TAGS = 50;

/** Edits the name, description and tags RoboKit keeps for a dataset (the Hub's copy is untouched). */
@Component({
  selector: 'rk-details-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, ProblemComponent],
  template: `
    <form [formGroup]="form" (ngSubmit)="save()" class="form">
      <mat-form-field>
        <mat-label>Display name</mat-label>
        <input matInput formControlName="displayName" [placeholder]="dataset().source.repoId" />
        @if (form.controls.displayName.hasError('maxlength')) { <mat-error>At most {{ maxName }} characters.</mat-error> }
      </mat-form-field>
      <mat-form-field>
        <mat-label>Description</mat-label>
        <textarea matInput formControlName="description" rows="3"></textarea>
        @if (form.controls.description.hasError('maxlength')) { <mat-error>At most {{ maxDescription }} characters.</mat-error> }
      </mat-form-field>
      <mat-form-field>
        <mat-label>Tags</mat-label>
        <input matInput formControlName="tags" />
        <mat-hint>Separated by commas, at most {{ maxTags }}.</mat-hint>
      </mat-form-field>
      @if (problem(); as problem) { <rk-problem [problem]="problem" (retry)="save()" /> }
      @if (tooManyTags()) { <p class="error" role="alert">At most {{ maxTags }} tags.</p> }
      <div class="actions">
        <button mat-button type="button" (click)="cancelled.emit()">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()">Save</button>
      </div>
    </form>
  `,
  styles: `
    .form { display: flex; flex-direction: column; gap: 4px; max-width: 640px; }
    .actions { display: flex; justify-content: flex-end; gap: 8px; }
    .error { color: var(--mat-sys-error); margin: 0; }
  `,
})
export class DetailsFormComponent implements OnInit {
  readonly dataset = input.required<Dataset>();
  readonly saved = output<void>();
  readonly cancelled = output<void>();

  private readonly api = inject(ApiClient);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly maxName = MAX_NAME;
  protected readonly maxDescription = MAX_DESCRIPTION;
  protected readonly maxTags = MAX_TAGS;
  protected readonly form = inject(NonNullableFormBuilder).group({
    displayName: ['', Validators.maxLength(MAX_NAME)],
    description: ['', Validators.maxLength(MAX_DESCRIPTION)],
    tags: [''],
  });
  protected readonly saving = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly tooManyTags = signal(false);

  ngOnInit(): void {
    const dataset = this.dataset();
    this.form.setValue({ displayName: dataset.displayName ?? '', description: dataset.description ?? '', tags: dataset.tags.join(', ') });
  }

  protected save(): void {
    const value = this.form.getRawValue();
    const tags = [...new Set(value.tags.split(',').map((tag) => tag.trim()).filter(Boolean))];
    this.tooManyTags.set(tags.length > MAX_TAGS);
    if (this.form.invalid || this.tooManyTags()) return;
    this.saving.set(true);
    this.problem.set(null);
    this.api
      .patch('/api/v1/datasets/{id}', {
        path: { id: this.dataset().id },
        body: { displayName: value.displayName.trim() || null, description: value.description.trim() || null, tags },
      })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.saving.set(false);
          this.saved.emit();
        },
        error: (error: unknown) => {
          this.saving.set(false);
          this.problem.set(toApiProblem(error));
        },
      });
  }
}
