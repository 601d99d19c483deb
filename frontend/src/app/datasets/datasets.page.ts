import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, linkedSignal, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatSortModule, Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { DatePipe, DecimalPipe } from '@angular/common';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { JobStatus } from '@robokit/api';
import { debounceTime, filter, map, Subject } from 'rxjs';
import { ApiClient, Schemas } from '../core/api/api-client';
import { ApiProblem, toApiProblem } from '../core/api/api-problem';
import { confirm } from '../shared/confirm-dialog.component';
import { formatBytes } from '../shared/format';
import { injectNarrowScreen } from '../shared/narrow-screen';
import { isActiveStatus } from '../shared/job-status';
import { ProblemComponent } from '../shared/problem.component';
import { StatusChipComponent } from '../shared/status-chip.component';
import {
  DatasetListState,
  DEFAULT_LIST_STATE,
  hasFilters,
  listStateFromParams,
  listStateToParams,
  matSortToSort,
  PAGE_SIZES,
  sortToMatSort,
  toApiQuery,
  VERSIONS,
} from './list-state';
import { LiveStatusComponent } from './live-status.component';

type DatasetSummary = Schemas['DatasetSummaryDto'];

const WIDE_COLUMNS = ['repoId', 'status', 'robotType', 'codebaseVersion', 'totalEpisodes', 'totalFrames', 'sizeBytes', 'createdAt', 'actions'];
const NARROW_COLUMNS = ['repoId', 'status', 'totalEpisodes', 'actions'];
const TYPING_PAUSE_MS = 350;

/** Every imported dataset: searched, filtered, sorted and paged on the server, with the view kept in the URL. */
@Component({
  selector: 'rk-datasets-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    DatePipe,
    DecimalPipe,
    MatTableModule,
    MatSortModule,
    MatPaginatorModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatTooltipModule,
    ProblemComponent,
    StatusChipComponent,
    LiveStatusComponent,
  ],
  templateUrl: './datasets.page.html',
  styleUrl: './datasets.page.scss',
})
export class DatasetsPage {
  private readonly api = inject(ApiClient);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly state = toSignal(this.route.queryParamMap.pipe(map(listStateFromParams)), { initialValue: DEFAULT_LIST_STATE });
  protected readonly matSort = computed(() => sortToMatSort(this.state().sort));
  protected readonly filtered = computed(() => hasFilters(this.state()));

  private readonly datasets = rxResource({
    params: () => toApiQuery(this.state()),
    stream: ({ params }) => this.api.get('/api/v1/datasets', { query: params }),
  });
  /** The last page answered, kept on screen while the next one loads. */
  protected readonly page = linkedSignal<Schemas['DatasetPageDto'] | undefined, Schemas['DatasetPageDto'] | null>({
    source: () => (this.datasets.hasValue() ? this.datasets.value() : undefined),
    computation: (page, previous) => page ?? previous?.value ?? null,
  });
  protected readonly loading = this.datasets.isLoading;
  protected readonly listProblem = computed(() => {
    const error = this.datasets.error();
    return error ? toApiProblem(error) : null;
  });

  /**
   * The text fields show what the user types at once; the URL follows after a pause in typing, and a URL
   * change (back, forward, clear) replaces the text unless it only trimmed it.
   */
  protected readonly searchText = linkedSignal<string, string>({ source: () => this.state().q, computation: keepTyped });
  protected readonly robotTypeText = linkedSignal<string, string>({ source: () => this.state().robotType, computation: keepTyped });
  private readonly typed = new Subject<void>();

  protected readonly deleting = signal<ReadonlySet<string>>(new Set());
  protected readonly deleteProblem = signal<{ dataset: DatasetSummary; problem: ApiProblem } | null>(null);

  protected readonly statuses = Object.values(JobStatus);
  protected readonly versions = VERSIONS;
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly formatBytes = formatBytes;
  private readonly narrow = injectNarrowScreen();
  protected readonly columns = computed(() => (this.narrow() ? NARROW_COLUMNS : WIDE_COLUMNS));

  constructor() {
    this.typed.pipe(debounceTime(TYPING_PAUSE_MS), takeUntilDestroyed()).subscribe(() => {
      const change = { q: this.searchText().trim(), robotType: this.robotTypeText().trim() };
      const state = this.state();
      if (change.q !== state.q || change.robotType !== state.robotType) this.update(change);
    });
  }

  protected type(field: 'q' | 'robotType', text: string): void {
    (field === 'q' ? this.searchText : this.robotTypeText).set(text);
    this.typed.next();
  }

  protected filterBy(change: Partial<DatasetListState>): void {
    this.update(change);
  }

  protected clearFilters(): void {
    this.update({ q: '', status: null, robotType: '', version: null });
  }

  protected sortBy(sort: Sort): void {
    this.update({ sort: matSortToSort(sort.active, sort.direction) });
  }

  protected pageTo(event: PageEvent): void {
    const state = this.state();
    // A new page size starts over at the first page; moving keeps the size.
    this.navigate({ ...state, page: event.pageSize === state.pageSize ? event.pageIndex + 1 : 1, pageSize: event.pageSize });
  }

  protected reload(): void {
    this.datasets.reload();
  }

  protected delete(dataset: DatasetSummary): void {
    confirm(this.dialog, {
      title: `Delete ${nameOf(dataset)}?`,
      message: 'RoboKit forgets this dataset and its analyses, and cancels its running jobs. The dataset on the Hub stays as it is; you can import it again.',
      confirmLabel: 'Delete',
    })
      .pipe(filter(Boolean), takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.remove(dataset));
  }

  /** Deletes without asking again: the user confirmed already (or is retrying a failed delete). */
  protected remove(dataset: DatasetSummary): void {
    this.deleteProblem.set(null);
    this.deleting.update((ids) => new Set(ids).add(dataset.id));
    this.api
      .delete('/api/v1/datasets/{id}', { path: { id: dataset.id } })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.snackBar.open(`Deleted ${nameOf(dataset)}`, undefined, { duration: 4000 });
          this.settleDelete(dataset.id);
          this.afterDelete();
        },
        error: (error: unknown) => {
          this.settleDelete(dataset.id);
          this.deleteProblem.set({ dataset, problem: toApiProblem(error) });
        },
      });
  }

  private settleDelete(id: string): void {
    this.deleting.update((ids) => new Set([...ids].filter((other) => other !== id)));
  }

  /** The last row of a later page leaves that page empty: step back one. */
  private afterDelete(): void {
    const state = this.state();
    const page = this.page();
    if (page && page.items.length === 1 && state.page > 1) this.update({ page: state.page - 1 });
    else this.datasets.reload();
  }

  protected readonly isActive = isActiveStatus;

  /** Any change of what is shown starts at the first page again, unless the change names the page. */
  private update(change: Partial<DatasetListState>): void {
    this.navigate({ ...this.state(), page: 1, ...change });
  }

  private navigate(state: DatasetListState): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: listStateToParams(state) });
  }
}

function keepTyped(fromUrl: string, previous?: { value: string }): string {
  return previous && previous.value.trim() === fromUrl ? previous.value : fromUrl;
}

function nameOf(dataset: DatasetSummary): string {
  return dataset.displayName ?? dataset.source.repoId;
}
