import { ChangeDetectionStrategy, Component, inject, Injector } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';
import { AuthService } from './auth.service';

/** The signed-in user in the toolbar, with sign-out; nothing at all when sign-in is off or nobody is signed in. */
@Component({
  selector: 'rk-user-menu',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatMenuModule, MatTooltipModule],
  template: `
    @if (auth.user(); as user) {
      <button mat-icon-button [matMenuTriggerFor]="account" [matTooltip]="user.name" [attr.aria-label]="'Account: ' + user.name">
        @if (user.imageUrl) {
          <img class="avatar" [src]="user.imageUrl" alt="" />
        } @else {
          <mat-icon>account_circle</mat-icon>
        }
      </button>
      <mat-menu #account="matMenu" xPosition="before">
        <div class="who">
          <span class="name">{{ user.name }}</span>
          @if (user.email && user.email !== user.name) {
            <span class="email">{{ user.email }}</span>
          }
        </div>
        <button mat-menu-item type="button" (click)="signOut()"><mat-icon>logout</mat-icon>Sign out</button>
      </mat-menu>
    }
  `,
  styles: `
    .avatar { width: 28px; height: 28px; border-radius: 50%; object-fit: cover; vertical-align: middle; }
    .who { display: flex; flex-direction: column; padding: 8px 16px; line-height: 1.4; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .name { color: var(--mat-sys-on-surface); font-weight: 500; }
    .email { color: var(--mat-sys-on-surface-variant); font-size: 0.875em; }
  `,
})
export class UserMenuComponent {
  protected readonly auth = inject(AuthService);
  private readonly injector = inject(Injector);

  protected signOut(): void {
    this.auth.signOut().catch(async (error: unknown) => {
      // The snack bar is fetched on this rare failure only, so the toolbar keeps it out of the first bundle.
      const { MatSnackBar } = await import('@angular/material/snack-bar');
      const reason = error instanceof Error ? error.message : String(error);
      this.injector.get(MatSnackBar).open(`Signing out failed (${reason}).`, 'Retry', { duration: 10_000 }).onAction().subscribe(() => this.signOut());
    });
  }
}
