import { ChangeDetectionStrategy, Component, effect, input, output } from '@angular/core';
import { AbstractControl, FormControl, ReactiveFormsModule, ValidationErrors } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { parseRepoSource, RepoSource } from './repo-source';

function repoSourceValidator(control: AbstractControl<string>): ValidationErrors | null {
  const parsed = parseRepoSource(control.value);
  return parsed.ok ? null : { repoSource: parsed.problem };
}

/** A repo id or Hub URL typed or pasted by the user, checked with the server's rules as they type. */
@Component({
  selector: 'rk-repo-id-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <form class="form" (submit)="submit($event)">
      <mat-form-field class="field" subscriptSizing="dynamic">
        <mat-label>Repository id or Hub URL</mat-label>
        <input matInput [formControl]="control" placeholder="lerobot/pusht or https://huggingface.co/datasets/…" autocomplete="off" spellcheck="false" />
        <mat-hint>owner/name, or a dataset page such as https://huggingface.co/datasets/owner/name/tree/v2.1</mat-hint>
        @if (control.errors?.['server']; as server) {
          <mat-error>{{ server }}</mat-error>
        } @else if (control.errors?.['repoSource']; as problem) {
          <mat-error>{{ problem }}</mat-error>
        }
      </mat-form-field>
      <button mat-flat-button type="submit">Look up</button>
    </form>
  `,
  styles: `
    .form { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 8px 16px; margin-top: 8px; }
    .field { flex: 1 1 320px; }
    button { margin-top: 8px; }
  `,
})
export class RepoIdFormComponent {
  /** What the server said about the repo id on the last attempt (a 400 naming the field). */
  readonly serverError = input<string | undefined>(undefined);
  readonly chosen = output<RepoSource>();

  protected readonly control = new FormControl('', { nonNullable: true, validators: repoSourceValidator });

  constructor() {
    effect(() => {
      const error = this.serverError();
      if (!error) return;
      this.control.setErrors({ ...this.control.errors, server: error });
      this.control.markAsTouched();
    });
  }

  protected submit(event: Event): void {
    event.preventDefault();
    this.control.markAsTouched();
    const parsed = parseRepoSource(this.control.value);
    if (parsed.ok) this.chosen.emit(parsed.source);
  }
}
