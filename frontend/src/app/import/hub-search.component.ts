import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, output, signal } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatListModule } from '@angular/material/list';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import { toApiProblem } from '../core/api/api-problem';
import { ProblemComponent } from '../shared/problem.component';
import { HubCatalog, HubSort } from './hub-catalog.service';
import { HubSummary, userTags } from './hub-facts';

const PAGE_SIZE = 10;

/** Searches the Hub's datasets (robotics only unless switched off) and lets the user pick one. */
@Component({
  selector: 'rk-hub-search',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DatePipe,
    DecimalPipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatListModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    ProblemComponent,
  ],
  templateUrl: './hub-search.component.html',
  styleUrl: './hub-search.component.scss',
})
export class HubSearchComponent {
  private readonly catalog = inject(HubCatalog);

  /** The repo id currently chosen in the wizard, shown as selected. */
  readonly selected = input<string | null>(null);
  readonly picked = output<HubSummary>();

  protected readonly sorts: { value: HubSort; label: string }[] = [
    { value: 'downloads', label: 'Most downloaded' },
    { value: 'likes', label: 'Most liked' },
    { value: 'lastModified', label: 'Recently updated' },
  ];
  protected readonly queryControl = new FormControl('', { nonNullable: true });
  private readonly query = toSignal(this.queryControl.valueChanges.pipe(debounceTime(300), map((q) => q.trim()), distinctUntilChanged()), { initialValue: '' });
  protected readonly robotics = signal(true);
  protected readonly sort = signal<HubSort>('downloads');
  /** Back to the first page whenever the question changes. */
  protected readonly page = linkedSignal({ source: () => [this.query(), this.robotics(), this.sort()], computation: () => 1 });

  protected readonly results = rxResource({
    params: () => ({ q: this.query(), robotics: this.robotics(), sort: this.sort(), page: this.page(), pageSize: PAGE_SIZE }),
    stream: ({ params }) => this.catalog.search(params),
  });
  protected readonly items = computed(() => (this.results.hasValue() ? this.results.value().items : []));
  protected readonly hasMore = computed(() => this.results.hasValue() && this.results.value().hasMore);
  protected readonly problem = computed(() => {
    const error = this.results.error();
    return error ? toApiProblem(error) : null;
  });
  protected readonly userTags = userTags;

  protected pick(options: { value: HubSummary }[]): void {
    if (options[0]) this.picked.emit(options[0].value);
  }
}
