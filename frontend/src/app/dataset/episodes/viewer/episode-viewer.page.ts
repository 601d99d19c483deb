import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, ElementRef, inject, input, signal, untracked, viewChild, viewChildren } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSliderModule } from '@angular/material/slider';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { ErrorCode } from '@robokit/api';
import { catchError, map, of, throwError } from 'rxjs';
import { ApiClient } from '../../../core/api/api-client';
import { toApiProblem } from '../../../core/api/api-problem';
import { LevelBadgeComponent } from '../../../shared/level-badge.component';
import { ProblemComponent } from '../../../shared/problem.component';
import { lineColor } from '../../../shared/time-chart/chart-colors';
import { TimeChartComponent } from '../../../shared/time-chart/time-chart.component';
import { VerdictChipComponent } from '../../../shared/verdict-chip.component';
import { DatasetContext } from '../../dataset-context';
import { keyAction, Playback } from './playback';
import { ReviewFormComponent, ReviewSummary } from './review-form.component';
import { bandsFor, jointNames, plotGroups, pointAt } from './series-view';

/** Points per line asked of the API: about two per pixel of a wide screen; longer episodes come min/max-decimated. */
const POINTS = 4000;

/**
 * One episode: its camera videos played in sync with plots of its state and action (a shared hover cursor, a
 * playhead that follows the videos, the frames quality flagged shaded), frame-by-frame keyboard stepping,
 * the quality reasons, and the keep/exclude review. `?frame=N` opens it at a frame and follows the playhead
 * while paused, so a link reproduces the view.
 */
@Component({
  selector: 'rk-episode-viewer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DecimalPipe,
    RouterLink,
    MatButtonModule,
    MatCheckboxModule,
    MatIconModule,
    MatProgressBarModule,
    MatSliderModule,
    MatTooltipModule,
    LevelBadgeComponent,
    ProblemComponent,
    TimeChartComponent,
    VerdictChipComponent,
    ReviewFormComponent,
  ],
  templateUrl: './episode-viewer.page.html',
  styleUrl: './episode-viewer.page.scss',
})
export class EpisodeViewerPage {
  /** The route's `:index`. */
  readonly index = input.required<string>();

  protected readonly context = inject(DatasetContext);
  private readonly api = inject(ApiClient);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);

  protected readonly episodeIndex = computed(() => Number(this.index()));
  private readonly key = computed(() => ({ id: this.context.id(), index: this.episodeIndex() }));

  protected readonly series = rxResource({
    params: this.key,
    stream: ({ params: path }) => this.api.get('/api/v1/datasets/{id}/episodes/{index}', { path, query: { points: POINTS } }),
  });
  /** Null when no quality analysis has looked at this episode yet. */
  protected readonly quality = rxResource({
    params: this.key,
    stream: ({ params: path }) =>
      this.api.get('/api/v1/datasets/{id}/episodes/{index}/quality', { path }).pipe(
        catchError((error: unknown) => {
          const code = toApiProblem(error).code;
          return code === ErrorCode.AnalysisNotFound || code === ErrorCode.EpisodeNotFound ? of(null) : throwError(() => error);
        }),
      ),
  });
  /**
   * The episode's row of the list, for its review: episode indices run 0..n-1, so page `index + 1` of one
   * item in index order is this episode (checked, in case a dataset skips indices).
   */
  private readonly row = rxResource({
    params: this.key,
    stream: ({ params: { id, index } }) =>
      this.api
        .get('/api/v1/datasets/{id}/episodes', { path: { id }, query: { page: index + 1, pageSize: 1, sort: 'index' } })
        .pipe(map((page) => page.items.find((item) => item.index === index) ?? null)),
  });
  protected readonly review = signal<ReviewSummary | null>(null);

  protected readonly loaded = computed(() => {
    const series = this.series.hasValue() ? this.series.value() : undefined;
    return series?.episodeIndex === this.episodeIndex() ? series : null;
  });
  protected readonly seriesProblem = computed(() => {
    const error = this.series.error();
    return error ? toApiProblem(error) : null;
  });
  protected readonly qualityProblem = computed(() => {
    const error = this.quality.error();
    return error ? toApiProblem(error) : null;
  });
  protected readonly episodeQuality = computed(() => (this.quality.hasValue() ? this.quality.value() : null));

  protected readonly groups = computed(() => {
    const series = this.loaded();
    return series ? plotGroups(series) : [];
  });
  protected readonly joints = computed(() => {
    const series = this.loaded();
    return series ? jointNames(series).map((name, position) => ({ name, color: lineColor(position) })) : [];
  });
  protected readonly bands = computed(() => {
    const series = this.loaded();
    const reasons = this.episodeQuality()?.reasons ?? [];
    return new Map(this.groups().map((group) => [group.feature, series ? bandsFor(reasons, group.feature, series.fps) : []]));
  });
  protected readonly hasBands = computed(() => [...this.bands().values()].some((bands) => bands.length > 0));
  protected readonly hidden = signal<ReadonlySet<string>>(new Set());
  /** URLs of the videos the browser could not play. */
  protected readonly failedVideos = signal<ReadonlySet<string>>(new Set());

  protected readonly playback = signal<Playback | null>(null);
  protected readonly frame = computed(() => this.playback()?.frame() ?? 0);
  protected readonly playing = computed(() => this.playback()?.playing() ?? false);
  protected readonly playheadS = computed(() => {
    const series = this.loaded();
    return series ? this.frame() / series.fps : null;
  });

  /** The x under the hover cursor, whose values the joints table shows (else the playhead's). */
  protected readonly hoverX = signal<number | null>(null);
  protected readonly valuesFrame = computed(() => {
    const series = this.loaded();
    const hover = this.hoverX();
    return series && hover !== null ? Math.round(hover * series.fps) : this.frame();
  });
  protected readonly jointValues = computed(() => {
    const series = this.loaded();
    if (!series) return [];
    const point = pointAt(series.frames, this.valuesFrame());
    return this.joints().map((joint) => ({
      ...joint,
      values: this.groups().map((group) => {
        const line = group.lines.find((candidate) => candidate.label === joint.name);
        return line ? (line.values[point] ?? null) : null;
      }),
    }));
  });

  protected readonly total = computed(() => this.context.dataset()?.metadata?.totalEpisodes ?? this.context.dataset()?.totalEpisodes ?? 0);

  private readonly region = viewChild<ElementRef<HTMLElement>>('region');
  private readonly videos = viewChildren<ElementRef<HTMLVideoElement>>('video');

  constructor() {
    // A quality job that finished meanwhile brings this episode's score and reasons.
    effect(() => {
      if (this.context.jobsSettled() > 0) untracked(() => this.quality.reload());
    });

    effect(() => {
      const row = this.row.hasValue() ? this.row.value() : null;
      this.review.set(row?.review ?? null);
    });

    // One clock per episode; none while the next episode loads, so nothing acts on the old one meanwhile.
    effect((onCleanup) => {
      const series = this.loaded();
      if (!series) {
        this.playback.set(null);
        return;
      }
      const playback = new Playback(series.fps, series.length);
      playback.seek(Number(untracked(() => this.route.snapshot.queryParamMap.get('frame'))) || 0);
      this.playback.set(playback);
      onCleanup(() => playback.destroy());
    });

    effect(() => {
      const playback = this.playback();
      const elements = this.videos();
      const series = untracked(this.loaded);
      if (!playback || !series || elements.length !== series.videos.length) return;
      playback.attach(elements.map((element, position) => ({ video: element.nativeElement, startS: series.videos[position].startS, endS: series.videos[position].endS })));
    });

    // While paused, the URL names the frame shown, so a copied link opens right here.
    effect((onCleanup) => {
      this.episodeIndex();
      const playback = this.playback();
      if (!playback || playback.playing()) return;
      const frame = playback.frame();
      const timer = setTimeout(
        () => this.router.navigate([], { relativeTo: this.route, queryParams: { frame: frame || null }, queryParamsHandling: 'merge', replaceUrl: true }),
        300,
      );
      onCleanup(() => clearTimeout(timer));
    });
  }

  protected videoFailed(url: string): void {
    this.failedVideos.update((failed) => new Set(failed).add(url));
  }

  protected toggleJoint(name: string): void {
    this.hidden.update((hidden) => {
      const next = new Set(hidden);
      if (!next.delete(name)) next.add(name);
      return next;
    });
  }

  protected showAllJoints(show: boolean): void {
    this.hidden.set(show ? new Set() : new Set(this.joints().map((joint) => joint.name)));
  }

  protected seekSeconds(seconds: number): void {
    const series = this.loaded();
    if (!series) return;
    this.playback()?.seek(Math.round(seconds * series.fps));
    this.region()?.nativeElement.focus({ preventScroll: true });
  }

  protected seekFrame(frame: number): void {
    this.playback()?.seek(frame);
  }

  protected toggle(): void {
    this.playback()?.toggle();
  }

  protected onKey(event: KeyboardEvent): void {
    const action = keyAction(event.key, event.shiftKey);
    if (!action) return;
    // The slider steps by itself, and Space on a button presses that button.
    const inner = event.target !== event.currentTarget;
    if (inner && (event.target instanceof HTMLInputElement || action === 'toggle')) return;
    event.preventDefault();
    if (action === 'toggle') this.toggle();
    else this.playback()?.step(action.step);
  }

  protected retry(): void {
    this.series.reload();
    this.quality.reload();
  }
}
