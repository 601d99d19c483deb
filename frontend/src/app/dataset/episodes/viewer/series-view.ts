import type { Schemas } from '../../../core/api/api-client';
import { ChartBand, ChartLine } from '../../../shared/time-chart/time-chart.component';
import { lineColor } from '../../../shared/time-chart/chart-colors';

export type EpisodeSeries = Schemas['EpisodeSeriesDto'];
export type QualityFinding = Schemas['QualityFindingDto'];

/** One plot of the viewer: every dimension of one feature. */
export interface PlotGroup {
  feature: string;
  title: string;
  lines: ChartLine[];
  /** Position of each line in the episode's lines, to read values at a frame. */
  sources: number[];
}

const FEATURE_TITLES: Record<string, string> = { 'observation.state': 'State', action: 'Action' };
const FEATURE_ORDER = ['observation.state', 'action'];

export function featureTitle(feature: string): string {
  return FEATURE_TITLES[feature] ?? feature;
}

/** Joint names in first-seen order: a joint keeps its colour and its toggle across the state and action plots. */
export function jointNames(series: EpisodeSeries): string[] {
  return [...new Set(series.lines.map((line) => line.name))];
}

/** State first, then action, then any other plotted feature; one plot each. */
export function plotGroups(series: EpisodeSeries): PlotGroup[] {
  const joints = jointNames(series);
  const groups = new Map<string, PlotGroup>();
  series.lines.forEach((line, position) => {
    let group = groups.get(line.feature);
    if (!group) {
      group = { feature: line.feature, title: featureTitle(line.feature), lines: [], sources: [] };
      groups.set(line.feature, group);
    }
    group.lines.push({ label: line.name, values: line.values, color: lineColor(joints.indexOf(line.name)) });
    group.sources.push(position);
  });
  const rank = (feature: string) => (FEATURE_ORDER.includes(feature) ? FEATURE_ORDER.indexOf(feature) : FEATURE_ORDER.length);
  return [...groups.values()].sort((a, b) => rank(a.feature) - rank(b.feature));
}

/**
 * The frames a finding names, shaded on the plot of its feature (on every plot when it names none); the band
 * runs to the end of its last frame so a one-frame finding still shows.
 */
export function bandsFor(findings: readonly QualityFinding[], feature: string, fps: number): ChartBand[] {
  return findings
    .filter((finding) => finding.frames && (finding.feature === null || finding.feature === feature))
    .map((finding) => {
      const [first, last] = finding.frames as number[];
      return { from: first / fps, to: (last + 1) / fps, tone: finding.level === 'HARD' ? ('hard' as const) : ('risk' as const) };
    });
}

/** The point of a (possibly decimated) series at or just before a frame. */
export function pointAt(frames: readonly number[], frame: number): number {
  let low = 0;
  let high = frames.length - 1;
  if (high < 0 || frame <= frames[0]) return 0;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (frames[middle] <= frame) low = middle;
    else high = middle - 1;
  }
  return low;
}
