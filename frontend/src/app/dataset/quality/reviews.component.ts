import { DatePipe, DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { ReviewDecision } from '@robokit/api';
import { ApiClient } from '../../core/api/api-client';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { ProblemComponent } from '../../shared/problem.component';
import { downloadJson } from './download';

const PAGE_SIZE = 10;

/** The episodes users marked keep or exclude, with their notes, and the export of the episodes to keep. */
@Component({
  selector: 'rk-reviews',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RouterLink, MatTableModule, MatPaginatorModule, MatSelectModule, MatFormFieldModule, MatButtonModule, MatIconModule, MatProgressBarModule, ProblemComponent],
  templateUrl: './reviews.component.html',
  styleUrl: './reviews.component.scss',
})
export class ReviewsComponent {
  readonly datasetId = input.required<string>();
  /** Names the downloaded file. */
  readonly repoId = input.required<string>();

  private readonly api = inject(ApiClient);
  private readonly document = inject(DOCUMENT);
  protected readonly columns = ['episode', 'decision', 'note', 'updatedAt'];
  protected readonly decisions = [
    { value: ReviewDecision.Exclude, label: 'Excluded' },
    { value: ReviewDecision.Keep, label: 'Kept' },
  ];
  protected readonly pageSize = PAGE_SIZE;
  protected readonly decision = signal<ReviewDecision | null>(null);
  protected readonly pageIndex = signal(0);

  protected readonly reviews = rxResource({
    params: () => ({ id: this.datasetId(), decision: this.decision() ?? undefined, page: this.pageIndex() + 1 }),
    stream: ({ params: { id, decision, page } }) => this.api.get('/api/v1/datasets/{id}/reviews', { path: { id }, query: { decision, page, pageSize: PAGE_SIZE } }),
  });
  protected readonly page = computed(() => (this.reviews.hasValue() ? this.reviews.value() : null));
  protected readonly listProblem = computed(() => {
    const error = this.reviews.error();
    return error ? toApiProblem(error) : null;
  });

  protected readonly exporting = signal(false);
  protected readonly exportProblem = signal<ApiProblem | null>(null);
  protected readonly exported = signal('');

  protected filter(decision: ReviewDecision | null): void {
    this.decision.set(decision);
    this.pageIndex.set(0);
  }

  protected onPage(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
  }

  protected label(decision: string): string {
    return this.decisions.find((option) => option.value === decision)?.label ?? decision;
  }

  protected exportKept(): void {
    this.exporting.set(true);
    this.exportProblem.set(null);
    this.exported.set('');
    this.api.get('/api/v1/datasets/{id}/reviews/export', { path: { id: this.datasetId() } }).subscribe({
      next: (kept) => {
        this.exporting.set(false);
        downloadJson(this.document, `${this.repoId().replace(/\//g, '__')}-${kept.commitSha.slice(0, 7)}-episodes.json`, kept);
        this.exported.set(`Exported ${kept.episodes.length} episodes to keep (${kept.excluded.length} excluded).`);
      },
      error: (error: unknown) => {
        this.exporting.set(false);
        this.exportProblem.set(toApiProblem(error));
      },
    });
  }
}
