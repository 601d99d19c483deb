import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, linkedSignal, signal, viewChild } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatStepper, MatStepperModule } from '@angular/material/stepper';
import { MatTabsModule } from '@angular/material/tabs';
import { Router, RouterLink } from '@angular/router';
import { FormatType, SourceType } from '@robokit/api';
import { finalize } from 'rxjs';
import { ApiClient } from '../core/api/api-client';
import { toApiProblem } from '../core/api/api-problem';
import { JobMonitor } from '../core/jobs/job-monitor.service';
import { ProblemComponent } from '../shared/problem.component';
import { HubCatalog } from './hub-catalog.service';
import { HubRefs, HubSummary } from './hub-facts';
import { HubSearchComponent } from './hub-search.component';
import { FIX_LABELS, FixStep, ImportFailure, importFailure } from './import-failure';
import { RepoFactsComponent } from './repo-facts.component';
import { RepoIdFormComponent } from './repo-id-form.component';
import { RepoSource } from './repo-source';
import { RevisionPickerComponent } from './revision-picker.component';
import { injectNarrowScreen } from '../shared/narrow-screen';

const STEP_INDEX: Record<FixStep, number> = { repo: 0, revision: 1 };

/** The revision a repo opens on: the one its URL named, else `main`, else its first branch. */
function defaultRevision(source: RepoSource | null, refs: HubRefs | null): string {
  if (source?.revision) return source.revision;
  if (!refs || refs.branches.length === 0 || refs.branches.some((branch) => branch.name === 'main')) return 'main';
  return refs.branches[0].name;
}

/** The import wizard: find a Hub dataset, pick its revision, review, create; then its page shows the import. */
@Component({
  selector: 'rk-import-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatStepperModule,
    MatTabsModule,
    ProblemComponent,
    HubSearchComponent,
    RepoIdFormComponent,
    RepoFactsComponent,
    RevisionPickerComponent,
  ],
  templateUrl: './import.page.html',
  styleUrl: './import.page.scss',
})
export class ImportPage {
  private readonly api = inject(ApiClient);
  private readonly catalog = inject(HubCatalog);
  private readonly monitor = inject(JobMonitor);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly stepper = viewChild.required(MatStepper);

  protected readonly narrow = injectNarrowScreen(600);
  protected readonly fixLabels = FIX_LABELS;

  protected readonly source = signal<RepoSource | null>(null);
  /** The Hub's listing entry when the repo was picked from search results (no need to look it up). */
  private readonly pickedSummary = signal<HubSummary | null>(null);

  private readonly refsResource = rxResource({
    params: () => this.source() ?? undefined,
    stream: ({ params }) => this.catalog.refs(params.repoId),
  });
  private readonly summaryResource = rxResource({
    params: () => (this.pickedSummary() ? undefined : (this.source() ?? undefined)),
    stream: ({ params }) => this.catalog.summary(params.repoId),
  });

  protected readonly refs = computed(() => (this.refsResource.hasValue() ? this.refsResource.value() : null));
  protected readonly refsLoading = this.refsResource.isLoading;
  protected readonly refsProblem = computed(() => {
    const error = this.refsResource.error();
    return error ? toApiProblem(error) : null;
  });
  protected readonly summary = computed(() => this.pickedSummary() ?? (this.summaryResource.hasValue() ? this.summaryResource.value() : null));
  /** The repo exists (its refs answered), so the user may go on to pick a revision. */
  protected readonly repoReady = computed(() => this.source() !== null && this.refsResource.hasValue());

  /** The chosen revision; null while a typed one is invalid. */
  protected readonly revision = linkedSignal<string | null>(() => defaultRevision(this.source(), this.refs()));
  /** The commit a chosen branch or tag points at, for the review. */
  protected readonly revisionCommit = computed(() => {
    const refs = this.refs();
    const revision = this.revision();
    return [...(refs?.branches ?? []), ...(refs?.tags ?? [])].find((ref) => ref.name === revision)?.targetCommit ?? null;
  });

  protected readonly creating = signal(false);
  private readonly lastAttempt = signal<{ repoId: string; revision: string; failure: ImportFailure } | null>(null);
  /** The last failure, as long as the user has not changed what it was about. */
  protected readonly failure = computed(() => {
    const attempt = this.lastAttempt();
    return attempt && attempt.repoId === this.source()?.repoId && attempt.revision === this.revision() ? attempt.failure : null;
  });
  protected readonly fieldErrors = computed(() => this.failure()?.fieldErrors ?? {});

  protected pickFromSearch(summary: HubSummary): void {
    this.pickedSummary.set(summary);
    this.source.set({ repoId: summary.repoId, revision: null });
  }

  protected pickTyped(source: RepoSource): void {
    this.pickedSummary.set(null);
    this.source.set(source);
  }

  protected reloadRefs(): void {
    this.refsResource.reload();
  }

  protected goTo(step: FixStep): void {
    this.stepper().selectedIndex = STEP_INDEX[step];
  }

  protected create(): void {
    const repoId = this.source()?.repoId;
    const revision = this.revision();
    if (!repoId || !revision || this.creating()) return;
    this.creating.set(true);
    this.lastAttempt.set(null);
    this.api
      .post('/api/v1/datasets', { body: { source: { type: SourceType.HuggingFace, repo_id: repoId, revision }, format_type: FormatType.LeRobot } })
      .pipe(
        finalize(() => this.creating.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (dataset) => {
          this.monitor.wake(dataset.id);
          void this.router.navigate(['/datasets', dataset.id]);
        },
        error: (error: unknown) => this.lastAttempt.set({ repoId, revision, failure: importFailure(toApiProblem(error)) }),
      });
  }
}
