import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'rk-not-found-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule],
  template: `<section class="rk-page">
    <h1>Page not found</h1>
    <p class="rk-muted">This address matches no page of RoboKit.</p>
    <a mat-flat-button routerLink="/">Go to the dashboard</a>
  </section>`,
})
export class NotFoundPage {}
