import { InjectionToken } from '@angular/core';
import type uPlot from 'uplot';

export type UPlotConstructor = typeof uPlot;

/**
 * Where the charts get uPlot from. The default loads it on first use, so the library sits in its own lazy
 * chunk and no page without a chart pays for it; tests provide a stand-in (jsdom has no canvas).
 */
export const UPLOT_LOADER = new InjectionToken<() => Promise<UPlotConstructor>>('UPLOT_LOADER', {
  providedIn: 'root',
  factory: () => () => import('uplot').then((module) => module.default),
});
