import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from './core/auth/auth.service';
import { UserMenuComponent } from './core/auth/user-menu.component';
import { ThemeService } from './core/theme/theme.service';
import { injectNarrowScreen } from './shared/narrow-screen';

const NAV = [
  { path: '/', label: 'Dashboard', icon: 'dashboard', exact: true },
  { path: '/datasets', label: 'Datasets', icon: 'table_rows', exact: false },
  { path: '/import', label: 'Import', icon: 'cloud_download', exact: false },
];

@Component({
  selector: 'rk-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatToolbarModule, MatButtonModule, MatIconModule, MatMenuModule, MatTooltipModule, UserMenuComponent],
  templateUrl: './app.component.html',
  styleUrl: './app.component.scss',
})
export class AppComponent {
  protected readonly theme = inject(ThemeService);
  protected readonly auth = inject(AuthService);
  protected readonly nav = NAV;
  protected readonly narrow = injectNarrowScreen();
  protected readonly themeIcon = { system: 'brightness_auto', light: 'light_mode', dark: 'dark_mode' } as const;
}
