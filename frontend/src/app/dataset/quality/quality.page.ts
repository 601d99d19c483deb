import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { JobStatus, JobType, QualitySummary, QualityVerdict } from '@robokit/api';
import { ApiClient } from '../../core/api/api-client';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { LevelBadgeComponent } from '../../shared/level-badge.component';
import { ProblemComponent } from '../../shared/problem.component';
import { VerdictChipComponent } from '../../shared/verdict-chip.component';
import { DatasetContext, Job } from '../dataset-context';
import { FlaggedEpisodesComponent } from './flagged-episodes.component';
import { HistogramComponent } from './histogram.component';
import { latestQuality } from './latest-quality';
import { ReviewsComponent } from './reviews.component';

const DISTRIBUTIONS: { key: keyof QualitySummary['distributions']; label: string }[] = [
  { key: 'score', label: 'Episode score' },
  { key: 'length', label: 'Episode length (frames)' },
  { key: 'jerk', label: 'Jerk' },
  { key: 'sparc', label: 'Smoothness (SPARC)' },
  { key: 'idleRatio', label: 'Idle ratio' },
];

/**
 * The latest quality analysis of the dataset: its score, how many episodes pass, need review or should be
 * excluded, what flagged them, the distributions, the flagged episodes with their reasons, and the reviews
 * with the export of the episodes to keep. Offers to run the analysis when none ran yet.
 */
@Component({
  selector: 'rk-quality-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DatePipe,
    DecimalPipe,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatProgressBarModule,
    ProblemComponent,
    LevelBadgeComponent,
    VerdictChipComponent,
    HistogramComponent,
    FlaggedEpisodesComponent,
    ReviewsComponent,
  ],
  templateUrl: './quality.page.html',
  styleUrl: './quality.page.scss',
})
export class QualityPage {
  protected readonly context = inject(DatasetContext);
  private readonly api = inject(ApiClient);
  protected readonly distributions = DISTRIBUTIONS;

  protected readonly latest = rxResource({ params: () => this.context.id(), stream: ({ params: id }) => latestQuality(this.api, id) });
  protected readonly analysis = computed(() => (this.latest.hasValue() ? this.latest.value() : null));
  protected readonly summary = computed(() => this.analysis()?.summary ?? null);
  protected readonly problem = computed(() => {
    const error = this.latest.error();
    return error ? toApiProblem(error) : null;
  });

  /** The dataset's verdict is its worst episode's: one episode to exclude makes the dataset need cleaning. */
  protected readonly verdict = computed(() => {
    const verdicts = this.summary()?.verdicts;
    if (!verdicts) return null;
    const exclude = verdicts[QualityVerdict.Exclude];
    const review = verdicts[QualityVerdict.Review];
    if (exclude > 0) return { verdict: QualityVerdict.Exclude, text: exclude === 1 ? '1 episode should be excluded' : `${exclude} episodes should be excluded` };
    if (review > 0) return { verdict: QualityVerdict.Review, text: review === 1 ? '1 episode needs a look' : `${review} episodes need a look` };
    return { verdict: QualityVerdict.Pass, text: 'Every analysed episode passes' };
  });
  protected readonly metricCards = computed(() => {
    const summary = this.summary();
    if (!summary) return [];
    return Object.entries(summary.metricCounts)
      .filter(([, count]) => count > 0)
      .sort(([, a], [, b]) => b - a)
      .map(([metric, count]) => ({ metric, count, median: summary.metrics[metric]?.median ?? null, p95: summary.metrics[metric]?.p95 ?? null }));
  });

  /** The running quality job, from the one shared status poll. */
  protected readonly activeJob = computed(() => [...this.context.activeJobs().values()].find((job) => job.type === JobType.EvaluateQualityHeuristics) ?? null);
  protected readonly starting = signal(false);
  protected readonly startProblem = signal<ApiProblem | null>(null);
  /** The job this page started, to say why when it ends without a result. */
  private readonly started = signal<Job | null>(null);
  private readonly startedOutcome = rxResource({
    params: () => {
      const started = this.started();
      return started && !this.activeJob() && this.context.jobsSettled() ? { id: started.datasetId, jobId: started.id, settled: this.context.jobsSettled() } : undefined;
    },
    stream: ({ params: { id, jobId } }) => this.api.get('/api/v1/datasets/{id}/jobs/{jobId}', { path: { id, jobId } }),
  });
  protected readonly failedJob = computed(() => {
    const job = this.startedOutcome.hasValue() ? this.startedOutcome.value() : null;
    return job && (job.status === JobStatus.Failed || job.status === JobStatus.Cancelled) ? job : null;
  });

  constructor() {
    effect(() => {
      if (this.context.jobsSettled() > 0) untracked(() => this.latest.reload());
    });
  }

  protected run(): void {
    this.starting.set(true);
    this.startProblem.set(null);
    this.api.post('/api/v1/datasets/{id}/jobs', { path: { id: this.context.id() }, body: { type: JobType.EvaluateQualityHeuristics } }).subscribe({
      next: (job) => {
        this.starting.set(false);
        this.started.set(job);
        this.context.wake();
      },
      error: (error: unknown) => {
        this.starting.set(false);
        this.startProblem.set(toApiProblem(error));
      },
    });
  }
}
