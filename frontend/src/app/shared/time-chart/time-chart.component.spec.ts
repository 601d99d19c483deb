import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type uPlot from 'uplot';
import { ChartBand, ChartLine, TimeChartComponent } from './time-chart.component';
import { UPLOT_LOADER, UPlotConstructor } from './uplot-loader';

/** Records what the component asks of uPlot; 10 px per x unit, plot area at 0..1000 px. */
class FakePlot {
  static built: FakePlot[] = [];
  readonly over: HTMLDivElement;
  readonly series: uPlot.Series[];
  readonly cursor: { idx: number | null } = { idx: null };
  readonly bbox = { left: 0, top: 0, width: 1000, height: 200 };
  readonly fills: [number, number][] = [];
  readonly ctx = {
    save: () => undefined,
    restore: () => undefined,
    fillRect: (x: number, _y: number, width: number) => this.fills.push([x, width]),
    fillStyle: '',
  };
  width: number;
  destroyed = false;
  redraws = 0;
  shown: [number, boolean][] = [];

  constructor(
    readonly options: uPlot.Options,
    readonly data: ArrayLike<number>[],
    target: HTMLElement,
  ) {
    this.width = options.width;
    this.series = options.series.map((series) => ({ ...series }));
    this.over = target.ownerDocument.createElement('div');
    Object.defineProperty(this.over, 'clientWidth', { value: 1000 });
    target.appendChild(this.over);
    FakePlot.built.push(this);
  }
  valToPos(value: number): number {
    return value * 10;
  }
  posToVal(position: number): number {
    return position / 10;
  }
  batch(run: () => void): void {
    run();
  }
  setSeries(position: number, { show }: { show: boolean }): void {
    this.series[position].show = show;
    this.shown.push([position, show]);
  }
  redraw(): void {
    this.redraws += 1;
    this.hook('drawClear');
    this.hook('draw');
  }
  destroy(): void {
    this.destroyed = true;
    this.over.remove();
  }
  setSize(): void {}
  hook(name: 'drawClear' | 'draw' | 'setCursor'): void {
    for (const hook of (this.options.hooks?.[name] ?? []) as ((plot: unknown) => void)[]) hook(this);
  }
}

const LINES: ChartLine[] = [
  { label: 'shoulder_pan', values: [0, 1, 2, 3], color: '#111' },
  { label: 'gripper', values: [1, 1, null, 0], color: '#222' },
];

describe('TimeChartComponent', () => {
  let fixture: ComponentFixture<TimeChartComponent>;
  let seeks: number[];
  let hovers: (number | null)[];

  beforeEach(async () => {
    FakePlot.built = [];
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), { provide: UPLOT_LOADER, useValue: () => Promise.resolve(FakePlot as unknown as UPlotConstructor) }],
    });
    fixture = TestBed.createComponent(TimeChartComponent);
    fixture.componentRef.setInput('label', 'State');
    fixture.componentRef.setInput('x', [0, 0.1, 0.2, 0.3]);
    fixture.componentRef.setInput('lines', LINES);
    fixture.componentRef.setInput('syncKey', 'episode');
    seeks = [];
    hovers = [];
    fixture.componentInstance.seek.subscribe((value) => seeks.push(value));
    fixture.componentInstance.hover.subscribe((value) => hovers.push(value));
    await fixture.whenStable();
  });

  const plot = () => FakePlot.built[FakePlot.built.length - 1];
  const playhead = () => fixture.nativeElement.querySelector('[data-testid=playhead]') as HTMLElement;

  it('draws one series per line over the shared x, in a hover-synced group, with no legend or drag-zoom', () => {
    expect(FakePlot.built.length).toBe(1);
    expect(plot().data).toEqual([[0, 0.1, 0.2, 0.3], [0, 1, 2, 3], [1, 1, null, 0]]);
    expect(plot().series.slice(1).map((series) => [series.label, series.stroke])).toEqual([
      ['shoulder_pan', '#111'],
      ['gripper', '#222'],
    ]);
    expect(plot().options.cursor?.sync?.key).toBe('episode');
    expect(plot().options.legend?.show).toBe(false);
    expect(plot().options.cursor?.drag?.x).toBe(false);
    expect(fixture.nativeElement.getAttribute('role')).toBe('img');
    expect(fixture.nativeElement.getAttribute('aria-label')).toBe('State');
  });

  it('hides and shows lines without building the plot again', async () => {
    fixture.componentRef.setInput('hidden', new Set(['gripper']));
    await fixture.whenStable();
    fixture.componentRef.setInput('hidden', new Set());
    await fixture.whenStable();
    expect(FakePlot.built.length).toBe(1);
    expect(plot().shown).toEqual([
      [2, false],
      [2, true],
    ]);
  });

  it('moves the playhead to its x, and hides it without one', async () => {
    fixture.componentRef.setInput('playhead', 0.2);
    await fixture.whenStable();
    expect(playhead().hidden).toBe(false);
    expect(playhead().style.transform).toBe('translateX(2px)');
    expect(fixture.nativeElement.getAttribute('data-playhead')).toBe('0.2');
    fixture.componentRef.setInput('playhead', null);
    await fixture.whenStable();
    expect(playhead().hidden).toBe(true);
  });

  it('seeks where the user presses and drags, and only while pressed', () => {
    const over = plot().over;
    let captured = false;
    Object.assign(over, {
      setPointerCapture: () => (captured = true),
      hasPointerCapture: () => captured,
      getBoundingClientRect: () => ({ left: 100, top: 0, width: 1000, height: 200 }),
    });
    over.dispatchEvent(new MouseEvent('pointermove', { clientX: 150 }));
    over.dispatchEvent(new MouseEvent('pointerdown', { clientX: 130, button: 0 }));
    over.dispatchEvent(new MouseEvent('pointermove', { clientX: 160 }));
    over.dispatchEvent(new MouseEvent('pointermove', { clientX: 2000 }));
    captured = false;
    over.dispatchEvent(new MouseEvent('pointermove', { clientX: 170 }));
    expect(seeks).toEqual([3, 6, 100]);
  });

  it('reports the x under the hover cursor, and null when it leaves', () => {
    plot().cursor.idx = 2;
    plot().hook('setCursor');
    plot().cursor.idx = null;
    plot().hook('setCursor');
    expect(hovers).toEqual([0.2, null]);
  });

  it('shades the bands inside the plot area when they change', async () => {
    const bands: ChartBand[] = [
      { from: 10, to: 20, tone: 'hard' },
      { from: 95, to: 120, tone: 'risk' },
      { from: 200, to: 210, tone: 'risk' },
    ];
    fixture.componentRef.setInput('bands', bands);
    await fixture.whenStable();
    expect(plot().redraws).toBeGreaterThan(0);
    expect(plot().fills.slice(-2)).toEqual([
      [100, 100],
      [950, 50],
    ]);
  });

  it('builds a new plot for new data and lets the old one go', async () => {
    const first = plot();
    fixture.componentRef.setInput('lines', [LINES[0]]);
    await fixture.whenStable();
    expect(first.destroyed).toBe(true);
    expect(FakePlot.built.length).toBe(2);
    expect(plot().over.contains(playhead())).toBe(true);
  });
});
