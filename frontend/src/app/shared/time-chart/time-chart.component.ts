import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import type uPlot from 'uplot';
import { ThemeService } from '../../core/theme/theme.service';
import { withAlpha } from './chart-colors';
import { UPLOT_LOADER, UPlotConstructor } from './uplot-loader';

export interface ChartLine {
  label: string;
  /** One value per x; null where there is none (a gap in the line). */
  values: ArrayLike<number | null>;
  color: string;
}

/** A stretch of x to shade, e.g. the frames a quality finding names. */
export interface ChartBand {
  from: number;
  to: number;
  tone: 'hard' | 'risk';
}

const BAND_FILL: Record<ChartBand['tone'], string> = {
  hard: 'rgba(220, 54, 46, 0.2)',
  risk: 'rgba(239, 177, 24, 0.24)',
};

/**
 * A time-series plot drawn by uPlot on a canvas, so hundreds of thousands of points per line stay cheap. Two
 * cursors: the hover crosshair, shared with every plot of the same `syncKey`, and the playhead, a line at
 * `playhead` that its owner moves (a DOM transform, no redraw). Pressing or dragging on the plot emits `seek`.
 */
@Component({
  selector: 'rk-time-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '',
  styleUrl: './time-chart.component.scss',
  host: { role: 'img', '[attr.aria-label]': 'label()', '[attr.data-playhead]': 'playhead()' },
})
export class TimeChartComponent {
  /** What the plot shows, for screen readers. */
  readonly label = input.required<string>();
  readonly x = input.required<ArrayLike<number>>();
  readonly lines = input.required<readonly ChartLine[]>();
  /** Labels of the lines to leave out (toggling one redraws, it does not rebuild the plot). */
  readonly hidden = input<ReadonlySet<string>>(new Set());
  readonly bands = input<readonly ChartBand[]>([]);
  /** Where the playhead stands, in x units; null hides it. */
  readonly playhead = input<number | null>(null);
  /** Plots with the same key share the hover cursor. */
  readonly syncKey = input<string | null>(null);
  readonly height = input(220);
  readonly xLabel = input('Time (s)');

  /** The x under the pointer while the user presses or drags on the plot. */
  readonly seek = output<number>();
  /** The x of the data point under the hover cursor, null when the cursor leaves. */
  readonly hover = output<number | null>();

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly theme = inject(ThemeService);
  private readonly uPlot = signal<UPlotConstructor | null>(null);
  private readonly plot = signal<uPlot | null>(null);
  private readonly playheadLine = this.host.ownerDocument.createElement('div');

  constructor() {
    let destroyed = false;
    const destroyRef = inject(DestroyRef);
    destroyRef.onDestroy(() => {
      destroyed = true;
      this.plot()?.destroy();
    });
    inject(UPLOT_LOADER)().then((constructor) => destroyed || this.uPlot.set(constructor));

    this.playheadLine.className = 'rk-playhead';
    this.playheadLine.dataset['testid'] = 'playhead';

    // Data, series and sync group fix the plot: when one changes the plot is built anew.
    afterRenderEffect({
      write: () => {
        const constructor = this.uPlot();
        if (!constructor) return;
        const options = this.options(this.lines(), this.syncKey(), this.height(), this.xLabel());
        const data = [this.x(), ...this.lines().map((line) => line.values)] as uPlot.AlignedData;
        untracked(() => {
          this.plot()?.destroy();
          const plot = new constructor(options, data, this.host);
          plot.over.appendChild(this.playheadLine);
          this.listenForSeek(plot);
          this.plot.set(plot);
        });
      },
    });

    effect(() => {
      const plot = this.plot();
      const hidden = this.hidden();
      if (!plot) return;
      plot.batch(() => {
        plot.series.forEach((series, position) => {
          const show = position === 0 || !hidden.has(series.label as string);
          if (position > 0 && series.show !== show) plot.setSeries(position, { show });
        });
      });
    });

    effect(() => {
      this.bands();
      this.theme.choice();
      this.plot()?.redraw(false);
    });

    effect(() => {
      const at = this.playhead();
      const plot = this.plot();
      if (plot) this.placePlayhead(plot, at);
    });

    if (typeof ResizeObserver !== 'undefined') {
      const observer = new ResizeObserver(() => {
        const plot = untracked(this.plot);
        const width = this.host.clientWidth;
        if (plot && width > 0 && width !== plot.width) plot.setSize({ width, height: untracked(this.height) });
      });
      observer.observe(this.host);
      destroyRef.onDestroy(() => observer.disconnect());
    }
  }

  private options(lines: readonly ChartLine[], syncKey: string | null, height: number, xLabel: string): uPlot.Options {
    const text = () => getComputedStyle(this.host).color;
    const grid = () => withAlpha(text(), 0.15);
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const hidden = untracked(this.hidden);
    return {
      width: Math.max(this.host.clientWidth, 200),
      height,
      legend: { show: false },
      cursor: {
        sync: syncKey ? { key: syncKey, setSeries: false } : undefined,
        drag: { x: false, y: false, setScale: false },
        points: { size: 6 },
      },
      scales: { x: { time: false } },
      axes: [
        { ...axis, label: xLabel, labelSize: 20 },
        { ...axis, size: 56 },
      ],
      series: [
        { label: xLabel },
        ...lines.map((line) => ({ label: line.label, stroke: line.color, width: 1.25, points: { show: false }, show: !hidden.has(line.label) })),
      ],
      hooks: {
        drawClear: [(plot) => this.drawBands(plot)],
        draw: [(plot) => this.placePlayhead(plot)],
        setCursor: [(plot) => this.hover.emit(plot.cursor.idx == null ? null : plot.data[0][plot.cursor.idx])],
      },
    };
  }

  private drawBands(plot: uPlot): void {
    const { ctx, bbox } = plot;
    ctx.save();
    for (const band of untracked(this.bands)) {
      const left = Math.max(bbox.left, plot.valToPos(band.from, 'x', true));
      const right = Math.min(bbox.left + bbox.width, plot.valToPos(band.to, 'x', true));
      if (right <= left) continue;
      ctx.fillStyle = BAND_FILL[band.tone];
      ctx.fillRect(left, bbox.top, Math.max(1, right - left), bbox.height);
    }
    ctx.restore();
  }

  private placePlayhead(plot: uPlot, at = untracked(this.playhead)): void {
    const left = at === null ? NaN : plot.valToPos(at, 'x');
    this.playheadLine.hidden = !Number.isFinite(left);
    if (Number.isFinite(left)) this.playheadLine.style.transform = `translateX(${Math.round(left)}px)`;
  }

  /** Press-and-drag seeks; the pointer is captured so a drag past the plot's edge keeps seeking to that edge. */
  private listenForSeek(plot: uPlot): void {
    const over = plot.over;
    const seekTo = (event: PointerEvent) => {
      const left = Math.min(Math.max(event.clientX - over.getBoundingClientRect().left, 0), over.clientWidth);
      const value = plot.posToVal(left, 'x');
      if (Number.isFinite(value)) this.seek.emit(value);
    };
    over.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      over.setPointerCapture?.(event.pointerId);
      seekTo(event);
    });
    over.addEventListener('pointermove', (event) => {
      if (over.hasPointerCapture?.(event.pointerId)) seekTo(event);
    });
  }
}
