import { ChangeDetectionStrategy, Component, computed, effect, ElementRef, inject, input, signal, untracked, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { Router } from '@angular/router';
import { ApiProblem } from '../core/api/api-problem';
import { AuthService } from '../core/auth/auth.service';
import { clerkProblem } from '../core/auth/clerk-problem';
import { safeReturnUrl } from '../core/auth/return-url';
import { ProblemComponent } from '../shared/problem.component';

/**
 * Where the dashboard sends whoever is not signed in: Clerk's sign-in form, then back to `returnUrl`. It is
 * also where start-up failures show, with a retry: the API's settings or Clerk out of reach.
 */
@Component({
  selector: 'rk-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ProblemComponent, MatButtonModule, MatIconModule],
  templateUrl: './sign-in.page.html',
  styleUrl: './sign-in.page.scss',
})
export class SignInPage {
  /** The page to return to, from the query string (router input binding). */
  readonly returnUrl = input<string>();
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly target = computed(() => safeReturnUrl(this.returnUrl()));
  private readonly form = viewChild<ElementRef<HTMLDivElement>>('form');
  protected readonly formProblem = signal<ApiProblem | null>(null);
  protected readonly failure = computed(() => {
    const state = this.auth.state();
    return state.kind === 'failed' ? state : null;
  });
  protected readonly showForm = computed(() => this.auth.state().kind === 'ready' && this.auth.user() === null && !this.formProblem());

  constructor() {
    // Nothing to sign in for (sign-in is off, or someone is signed in whom the server has not refused):
    // straight back, leaving no history entry.
    effect(() => {
      const kind = this.auth.state().kind;
      if (kind === 'open' || (kind === 'ready' && this.auth.user() && !this.auth.rejection())) {
        void this.router.navigateByUrl(untracked(this.target), { replaceUrl: true });
      }
    });
    effect((onCleanup) => {
      const element = this.form()?.nativeElement;
      if (!element) return;
      untracked(() => this.auth.mountSignIn(element, this.target())).catch((error: unknown) => this.formProblem.set(formProblem(error)));
      onCleanup(() => this.auth.unmountSignIn(element));
    });
  }

  protected retryStart(): void {
    void this.auth.start();
  }

  protected retryForm(): void {
    this.formProblem.set(null);
  }

  protected signOut(): void {
    this.formProblem.set(null);
    this.auth.endSession().catch((error: unknown) => this.formProblem.set(signOutProblem(error)));
  }
}

const formProblem = (error: unknown) => clerkProblem('Clerk’s sign-in form cannot be loaded.', error);
const signOutProblem = (error: unknown) => clerkProblem('Signing out failed.', error);
