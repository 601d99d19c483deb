import { ChangeDetectionStrategy, Component, computed, effect, input, model, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AbstractControl, FormControl, ReactiveFormsModule, ValidationErrors } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { revisionProblem } from '@robokit/api';
import { HubRef, HubRefs } from './hub-facts';

/** The radio value of the "type a revision" choice; ref names cannot contain a space. */
const OTHER = 'other revision';

function revisionValidator(control: AbstractControl<string>): ValidationErrors | null {
  const problem = revisionProblem(control.value.trim());
  return problem ? { revision: `The revision ${problem}.` } : null;
}

/**
 * A branch or tag from the repo's refs, or a revision typed by hand (a commit sha, usually). `revision` is the
 * chosen name, or null while the typed one is invalid.
 */
@Component({
  selector: 'rk-revision-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatRadioModule],
  templateUrl: './revision-picker.component.html',
  styleUrl: './revision-picker.component.scss',
})
export class RevisionPickerComponent {
  /** Null when the refs cannot be listed (legacy single-name repos): then only typing is offered. */
  readonly refs = input.required<HubRefs | null>();
  readonly revision = model.required<string | null>();
  /** What the server said about the revision on the last attempt. */
  readonly serverError = input<string | undefined>(undefined);

  protected readonly other = OTHER;
  protected readonly groups = computed(() => {
    const refs = this.refs();
    return refs ? [{ label: 'Branches', refs: refs.branches }, { label: 'Tags', refs: refs.tags }].filter((group) => group.refs.length) : [];
  });
  private readonly known = computed(() => new Set(this.groups().flatMap((group) => group.refs.map((ref) => ref.name))));
  protected readonly choice = signal<string>(OTHER);
  protected readonly typed = new FormControl('', { nonNullable: true, validators: revisionValidator });

  constructor() {
    // Whenever the refs arrive, show the current revision among them, or in the text field.
    effect(() => {
      const known = this.known();
      const current = untracked(this.revision) ?? '';
      const isKnown = known.has(current);
      this.choice.set(isKnown ? current : OTHER);
      if (!isKnown) this.typed.setValue(current);
    });
    effect(() => {
      const error = this.serverError();
      if (!error) return;
      this.typed.setErrors({ ...this.typed.errors, server: error });
      this.typed.markAsTouched();
    });
    this.typed.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      if (this.choice() === OTHER) this.emitTyped();
    });
  }

  protected choose(value: string): void {
    this.choice.set(value);
    if (value === OTHER) this.emitTyped();
    else this.revision.set(value);
  }

  protected shortSha(ref: HubRef): string {
    return ref.targetCommit.slice(0, 7);
  }

  private emitTyped(): void {
    this.revision.set(this.typed.valid ? this.typed.value.trim() : null);
  }
}
