import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MetricDistribution } from '@robokit/api';

const WIDTH = 300;
const HEIGHT = 100;

/** A histogram as plain SVG (a few bars need no chart library), with its figures spelled out for screen readers. */
@Component({
  selector: 'rk-histogram',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DecimalPipe],
  template: `
    <figure>
      <figcaption>{{ label() }}</figcaption>
      @if (bars().length) {
        <svg [attr.viewBox]="'0 0 ' + width + ' ' + (height + 16)" role="img" [attr.aria-label]="description()" preserveAspectRatio="none">
          @for (bar of bars(); track $index) {
            <rect [attr.x]="bar.x" [attr.y]="bar.y" [attr.width]="bar.width" [attr.height]="bar.height"><title>{{ bar.title }}</title></rect>
          }
          @if (medianX(); as x) { <line class="median" [attr.x1]="x" [attr.x2]="x" y1="0" [attr.y2]="height" /> }
          <line class="axis" x1="0" [attr.x2]="width" [attr.y1]="height" [attr.y2]="height" />
        </svg>
        <div class="range rk-mono rk-muted">
          <span>{{ distribution().min | number: '1.0-3' }}</span>
          <span>median {{ distribution().median | number: '1.0-3' }}</span>
          <span>{{ distribution().max | number: '1.0-3' }}</span>
        </div>
      } @else {
        <p class="rk-muted">No episode has a value.</p>
      }
    </figure>
  `,
  styles: `
    figure { margin: 0; }
    figcaption { font: var(--mat-sys-title-small); margin-bottom: 4px; }
    svg { width: 100%; height: 116px; display: block; }
    rect { fill: var(--mat-sys-primary); }
    .median { stroke: var(--mat-sys-tertiary); stroke-width: 2; stroke-dasharray: 4 3; }
    .axis { stroke: var(--mat-sys-outline); }
    .range { display: flex; justify-content: space-between; font-size: 12px; }
  `,
})
export class HistogramComponent {
  readonly label = input.required<string>();
  readonly distribution = input.required<MetricDistribution>();
  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;

  protected readonly bars = computed(() => {
    const bins = this.distribution().bins;
    const most = Math.max(1, ...bins.map((bin) => bin.count));
    const step = WIDTH / Math.max(bins.length, 1);
    return bins.map((bin, position) => {
      const height = (bin.count / most) * HEIGHT;
      return { x: position * step + 1, width: Math.max(step - 2, 1), y: HEIGHT - height, height, title: `${round(bin.from)} to ${round(bin.to)}: ${bin.count}` };
    });
  });

  protected readonly medianX = computed(() => {
    const { bins, median } = this.distribution();
    if (median === null || !bins.length) return null;
    const from = bins[0].from;
    const to = bins[bins.length - 1].to;
    return to > from ? ((median - from) / (to - from)) * WIDTH : WIDTH / 2;
  });

  protected readonly description = computed(() => {
    const { count, min, median, p95, max } = this.distribution();
    return `${this.label()} over ${count} episodes: min ${round(min)}, median ${round(median)}, 95th percentile ${round(p95)}, max ${round(max)}`;
  });
}

function round(value: number | null): string {
  return value === null ? 'n/a' : String(Number(value.toPrecision(4)));
}
