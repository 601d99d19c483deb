import { BreakpointObserver } from '@angular/cdk/layout';
import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { map } from 'rxjs';
import { ApiClient, Schemas } from '../../core/api/api-client';
import { toApiProblem } from '../../core/api/api-problem';
import { ProblemComponent } from '../../shared/problem.component';
import { VerdictChipComponent } from '../../shared/verdict-chip.component';
import { DatasetContext } from '../dataset-context';
import { latestQuality } from '../quality/latest-quality';
import {
  EpisodeQuery,
  PAGE_SIZES,
  parseEpisodeQuery,
  REVIEW_FILTERS,
  sortState,
  toApiQuery,
  toQueryParams,
  toSort,
  VERDICTS,
  withChange,
} from './episodes-query';

export type Episode = Schemas['EpisodeDto'];

const WIDE_COLUMNS = ['index', 'length', 'task', 'durationS', 'score', 'verdict', 'flags', 'review'];
const NARROW_COLUMNS = ['index', 'score', 'verdict', 'review', 'length', 'flags'];

const REVIEW_LABELS: Record<string, string> = { keep: 'Kept', exclude: 'Excluded', none: 'Not reviewed' };

/** The dataset's episodes: paged, sorted and filtered by the API, with the table's state in the URL. */
@Component({
  selector: 'rk-episodes-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DecimalPipe,
    RouterLink,
    MatTableModule,
    MatSortModule,
    MatPaginatorModule,
    MatSelectModule,
    MatFormFieldModule,
    MatChipsModule,
    MatIconModule,
    MatProgressBarModule,
    ProblemComponent,
    VerdictChipComponent,
  ],
  templateUrl: './episodes.page.html',
  styleUrl: './episodes.page.scss',
})
export class EpisodesPage {
  protected readonly context = inject(DatasetContext);
  private readonly api = inject(ApiClient);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);

  /** On a phone the score and verdict come before the long columns. */
  protected readonly columns = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 600px)')
      .pipe(map((state) => (state.matches ? NARROW_COLUMNS : WIDE_COLUMNS))),
    { initialValue: WIDE_COLUMNS },
  );
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly verdicts = VERDICTS;
  protected readonly reviewFilters = REVIEW_FILTERS;
  protected readonly reviewLabels = REVIEW_LABELS;

  protected readonly query = toSignal(this.route.queryParamMap.pipe(map(parseEpisodeQuery)), { requireSync: true });
  protected readonly sort = computed(() => sortState(this.query().sort));

  protected readonly episodes = rxResource({
    params: () => ({ id: this.context.id(), query: this.query() }),
    stream: ({ params: { id, query } }) => this.api.get('/api/v1/datasets/{id}/episodes', { path: { id }, query: toApiQuery(query) }),
  });
  protected readonly page = computed(() => (this.episodes.hasValue() ? this.episodes.value() : null));
  protected readonly problem = computed(() => {
    const error = this.episodes.error();
    return error ? toApiProblem(error) : null;
  });

  /** The metric codes that flagged any episode, for the flag filter (none before a quality analysis ran). */
  private readonly quality = rxResource({ params: () => this.context.id(), stream: ({ params: id }) => latestQuality(this.api, id) });
  protected readonly flags = computed(() => {
    const counts = this.quality.hasValue() ? this.quality.value()?.summary.metricCounts : undefined;
    return Object.entries(counts ?? {})
      .filter(([, count]) => count > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, count]) => ({ code, count }));
  });
  protected readonly tasks = computed(() => this.context.dataset()?.metadata?.tasks.map((task) => task.task) ?? []);

  constructor() {
    // A quality job that finished brings scores and verdicts.
    effect(() => {
      if (this.context.jobsSettled() === 0) return;
      untracked(() => {
        this.episodes.reload();
        this.quality.reload();
      });
    });
  }

  protected change(change: Partial<EpisodeQuery>): void {
    const query = withChange(this.query(), change);
    this.router.navigate([], { relativeTo: this.route, queryParams: toQueryParams(query), queryParamsHandling: 'merge' });
  }

  protected onSort(sort: Sort): void {
    this.change({ sort: toSort(sort.active, sort.direction) });
  }

  protected onPage(event: PageEvent): void {
    this.change({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }

  protected open(episode: Episode): void {
    this.router.navigate([episode.index], { relativeTo: this.route });
  }
}
