import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { ProblemComponent } from '../shared/problem.component';
import { StatusChipComponent } from '../shared/status-chip.component';
import { DatasetContext } from './dataset-context';

const TABS = [
  { path: 'overview', label: 'Overview' },
  { path: 'episodes', label: 'Episodes' },
  { path: 'quality', label: 'Quality' },
  { path: 'validation', label: 'Validation' },
  { path: 'jobs', label: 'Jobs' },
];

/** The dataset page: its name, state and Hub link above a tab bar whose tabs are child routes sharing one DatasetContext. */
@Component({
  selector: 'rk-dataset-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatTabsModule, MatButtonModule, MatIconModule, MatProgressBarModule, ProblemComponent, StatusChipComponent],
  providers: [DatasetContext],
  templateUrl: './dataset-shell.component.html',
  styleUrl: './dataset-shell.component.scss',
})
export class DatasetShellComponent {
  protected readonly context = inject(DatasetContext);
  protected readonly tabs = TABS;
  protected readonly title = computed(() => {
    const dataset = this.context.dataset();
    return dataset ? (dataset.displayName ?? dataset.source.repoId) : '';
  });
}
