import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { FlaggedEpisode } from '@robokit/api';
import { catchError, forkJoin, map, of } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import { LevelBadgeComponent } from '../../shared/level-badge.component';
import { VerdictChipComponent } from '../../shared/verdict-chip.component';

const PAGE_SIZE = 10;

/** The flagged episodes, worst first, each with the reasons that lowered its score and a link to the flagged frames. */
@Component({
  selector: 'rk-flagged-episodes',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DecimalPipe, RouterLink, MatPaginatorModule, MatProgressBarModule, LevelBadgeComponent, VerdictChipComponent],
  templateUrl: './flagged-episodes.component.html',
  styleUrl: './flagged-episodes.component.scss',
})
export class FlaggedEpisodesComponent {
  readonly datasetId = input.required<string>();
  readonly flagged = input.required<readonly FlaggedEpisode[]>();

  private readonly api = inject(ApiClient);
  protected readonly pageSize = PAGE_SIZE;
  protected readonly pageIndex = signal(0);
  protected readonly items = computed(() => this.flagged().slice(this.pageIndex() * PAGE_SIZE, (this.pageIndex() + 1) * PAGE_SIZE));

  /** Reasons of the episodes on this page only (one request each), by episode index; null where they could not be read. */
  protected readonly reasons = rxResource({
    params: () => ({ id: this.datasetId(), indices: this.items().map((item) => item.episodeIndex) }),
    stream: ({ params: { id, indices } }) =>
      forkJoin(
        indices.map((index) =>
          this.api.get('/api/v1/datasets/{id}/episodes/{index}/quality', { path: { id, index } }).pipe(
            map((quality) => quality.reasons),
            catchError(() => of(null)),
          ),
        ),
      ).pipe(map((lists) => new Map(indices.map((index, position) => [index, lists[position]])))),
  });
  protected readonly reasonsByEpisode = computed(() => (this.reasons.hasValue() ? this.reasons.value() : new Map()));

  protected onPage(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
  }
}
