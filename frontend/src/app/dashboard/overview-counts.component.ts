import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { JobStatus } from '@robokit/api';
import { Schemas } from '../core/api/api-client';

interface Tile {
  label: string;
  value: number;
  icon: string;
  /** The datasets list filtered to what the tile counts; absent for job counts. */
  status?: JobStatus | null;
  tone?: 'error';
}

/** Datasets by the state of their import, and the job counts, each leading to the datasets it counts. */
@Component({
  selector: 'rk-overview-counts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NgTemplateOutlet, MatIconModule, RouterLink],
  template: `
    <ul class="tiles" aria-label="Counts">
      @for (tile of tiles(); track tile.label) {
        <li class="tile" [class.error]="tile.tone === 'error' && tile.value > 0">
          @if (tile.status !== undefined) {
            <a class="body" routerLink="/datasets" [queryParams]="tile.status ? { status: tile.status } : {}">
              <ng-container *ngTemplateOutlet="content; context: { $implicit: tile }" />
            </a>
          } @else {
            <div class="body"><ng-container *ngTemplateOutlet="content; context: { $implicit: tile }" /></div>
          }
        </li>
      }
    </ul>
    <ng-template #content let-tile>
      <span class="value">{{ tile.value }}</span>
      <span class="label"><mat-icon inline aria-hidden="true">{{ tile.icon }}</mat-icon> {{ tile.label }}</span>
    </ng-template>
  `,
  styleUrl: './overview-counts.component.scss',
})
export class OverviewCountsComponent {
  readonly overview = input.required<Schemas['OverviewDto']>();

  protected readonly tiles = computed((): Tile[] => {
    const { datasets, jobs } = this.overview();
    const by = datasets.byStatus;
    return [
      { label: 'Datasets', value: datasets.total, icon: 'table_rows', status: null },
      { label: 'Ready', value: by.completed, icon: 'check_circle', status: JobStatus.Completed },
      { label: 'Importing', value: by.running, icon: 'autorenew', status: JobStatus.Running },
      { label: 'Waiting to import', value: by.queued, icon: 'schedule', status: JobStatus.Queued },
      { label: 'Import failed', value: by.failed, icon: 'error', status: JobStatus.Failed, tone: 'error' },
      { label: 'Import cancelled', value: by.cancelled, icon: 'cancel', status: JobStatus.Cancelled },
      { label: 'Active jobs', value: jobs.active, icon: 'pending_actions' },
      { label: 'Jobs failed in 24 h', value: jobs.failedLast24h, icon: 'report', tone: 'error' },
    ];
  });
}
