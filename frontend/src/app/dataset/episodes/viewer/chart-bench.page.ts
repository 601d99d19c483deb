import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, signal } from '@angular/core';
import { ChartLine, TimeChartComponent } from '../../../shared/time-chart/time-chart.component';
import { lineColor } from '../../../shared/time-chart/chart-colors';

const SERIES = 28;
const POINTS = 100_000;
const FPS = 30;
const RUN_MS = 5000;
/** Charts must have drawn before the run starts; uPlot draws on the next microtask after it is built. */
const SETTLE_MS = 1000;

export interface ChartBenchResult {
  series: number;
  points: number;
  frames: number;
  durationMs: number;
  fps: number;
  p95FrameMs: number;
  worstFrameMs: number;
}

function synthetic(seed: number): Float64Array {
  const values = new Float64Array(POINTS);
  for (let i = 0; i < POINTS; i += 1) values[i] = Math.sin(i / (200 + seed * 37)) * (1 + seed / 10) + Math.sin(i / 9 + seed) * 0.05 + ((i * 2654435761 + seed) % 1000) / 20000;
  return values;
}

/**
 * The benchmark `npm run bench:web` opens (hidden route `/bench/chart`): the viewer's chart component with
 * 28 lines of 100,000 points in two synced plots, as the viewer lays out state and action. Started with
 * "Run", it moves the hover cursor and the playhead on every animation frame for five seconds and reports
 * the frame rate from requestAnimationFrame timings (also on `window.__chartBench` for the script).
 */
@Component({
  selector: 'rk-chart-bench',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DecimalPipe, TimeChartComponent],
  template: `
    <section class="rk-page">
      <h1>Chart benchmark</h1>
      <p class="rk-muted">{{ series }} lines × {{ points | number }} points in two synced plots.</p>
      <button type="button" (click)="run()" [disabled]="running()">Run</button>
      <p role="status">
        @if (result(); as result) {
          {{ result.fps | number: '1.1-1' }} fps over {{ result.frames }} frames (p95 frame {{ result.p95FrameMs | number: '1.1-1' }} ms, worst
          {{ result.worstFrameMs | number: '1.1-1' }} ms)
        } @else if (running()) {
          Running…
        }
      </p>
      @for (plot of plots; track plot.title) {
        <h2>{{ plot.title }}</h2>
        <rk-time-chart [label]="plot.title" [x]="x" [lines]="plot.lines" [playhead]="playhead()" syncKey="chart-bench" (hover)="hover.set($event)" />
      }
      <p class="rk-mono">cursor at {{ hoverLabel() }}</p>
    </section>
  `,
})
export class ChartBenchPage {
  protected readonly series = SERIES;
  protected readonly points = POINTS;
  protected readonly x = Float64Array.from({ length: POINTS }, (_, i) => i / FPS);
  protected readonly plots = ['State', 'Action'].map((title, plot) => ({
    title,
    lines: Array.from({ length: SERIES / 2 }, (_, i): ChartLine => ({ label: `joint_${i}`, values: synthetic(plot * 100 + i), color: lineColor(i) })),
  }));
  protected readonly playhead = signal(0);
  protected readonly hover = signal<number | null>(null);
  protected readonly hoverLabel = computed(() => (this.hover() === null ? '—' : `${this.hover()?.toFixed(2)} s`));
  protected readonly running = signal(false);
  protected readonly result = signal<ChartBenchResult | null>(null);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  protected run(): void {
    this.running.set(true);
    this.result.set(null);
    setTimeout(() => this.measure(), SETTLE_MS);
  }

  private measure(): void {
    const over = this.host.querySelector<HTMLElement>('.u-over');
    if (!over) throw new Error('The charts have not drawn.');
    const times: number[] = [];
    const duration = POINTS / FPS;
    const step = (now: number) => {
      times.push(now);
      const elapsed = now - times[0];
      const phase = (elapsed / RUN_MS) % 1;
      // Sweep the hover cursor across the first plot (the second follows through the sync) and the playhead with it.
      const rect = over.getBoundingClientRect();
      over.dispatchEvent(new MouseEvent('mousemove', { clientX: rect.left + phase * rect.width, clientY: rect.top + rect.height / 2, bubbles: true }));
      this.playhead.set(phase * duration);
      if (elapsed < RUN_MS) requestAnimationFrame(step);
      else this.finish(times);
    };
    requestAnimationFrame(step);
  }

  private finish(times: number[]): void {
    const gaps = times.slice(1).map((time, i) => time - times[i]).sort((a, b) => a - b);
    const durationMs = times[times.length - 1] - times[0];
    const result: ChartBenchResult = {
      series: SERIES,
      points: POINTS,
      frames: gaps.length,
      durationMs,
      fps: (gaps.length / durationMs) * 1000,
      p95FrameMs: gaps[Math.floor(gaps.length * 0.95)] ?? 0,
      worstFrameMs: gaps[gaps.length - 1] ?? 0,
    };
    (window as unknown as { __chartBench?: ChartBenchResult }).__chartBench = result;
    this.result.set(result);
    this.running.set(false);
  }
}
