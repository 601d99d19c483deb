import { bandsFor, EpisodeSeries, jointNames, plotGroups, pointAt, QualityFinding } from './series-view';

const line = (feature: string, name: string, values: number[]) => ({ feature, dimension: 0, name, values });

const SERIES: EpisodeSeries = {
  episodeIndex: 2,
  length: 5,
  fps: 10,
  durationS: 0.5,
  tasks: ['Pick'],
  decimation: 'none',
  frames: [0, 1, 2, 3, 4],
  times: [0, 0.1, 0.2, 0.3, 0.4],
  lines: [
    line('action', 'shoulder', [1, 2, 3, 4, 5]),
    line('action', 'gripper', [0, 0, 1, 1, 0]),
    line('observation.velocity', 'shoulder', [0, 0, 0, 0, 0]),
    line('observation.state', 'gripper', [0, 0, 1, 1, 1]),
    line('observation.state', 'shoulder', [1, 2, 3, 4, 4]),
  ],
  videos: [],
};

const finding = (feature: string | null, frames: [number, number] | null, level: 'HARD' | 'RISK'): QualityFinding => ({
  metric: 'stale_state',
  level,
  value: 1,
  threshold: null,
  feature,
  dimension: null,
  frames,
  message: '',
  severity: 1,
});

describe('the viewer’s plots', () => {
  it('plots state, then action, then other features, one plot each', () => {
    expect(plotGroups(SERIES).map((group) => [group.title, group.lines.map((l) => l.label)])).toEqual([
      ['State', ['gripper', 'shoulder']],
      ['Action', ['shoulder', 'gripper']],
      ['observation.velocity', ['shoulder']],
    ]);
  });

  it('gives a joint the same colour on every plot', () => {
    const colours = plotGroups(SERIES).flatMap((group) => group.lines.map((l) => [l.label, l.color]));
    const byJoint = new Map<string, Set<string>>();
    for (const [label, color] of colours) byJoint.set(label, (byJoint.get(label) ?? new Set()).add(color));
    expect([...byJoint.values()].every((set) => set.size === 1)).toBe(true);
    expect(byJoint.get('shoulder')).not.toEqual(byJoint.get('gripper'));
    expect(jointNames(SERIES)).toEqual(['shoulder', 'gripper']);
  });

  it('shades a finding’s frames on its own feature’s plot, episode-wide ones on every plot', () => {
    const findings = [finding('action', [2, 3], 'RISK'), finding(null, [0, 0], 'HARD'), finding('observation.state', [1, 1], 'RISK'), finding('action', null, 'HARD')];
    expect(bandsFor(findings, 'action', 10)).toEqual([
      { from: 0.2, to: 0.4, tone: 'risk' },
      { from: 0, to: 0.1, tone: 'hard' },
    ]);
    expect(bandsFor(findings, 'observation.state', 10)).toEqual([
      { from: 0, to: 0.1, tone: 'hard' },
      { from: 0.1, to: 0.2, tone: 'risk' },
    ]);
  });

  it('finds the point at or before a frame in decimated series', () => {
    const frames = [0, 9, 10, 19, 20, 29];
    expect(pointAt(frames, 0)).toBe(0);
    expect(pointAt(frames, 9)).toBe(1);
    expect(pointAt(frames, 15)).toBe(2);
    expect(pointAt(frames, 29)).toBe(5);
    expect(pointAt(frames, 400)).toBe(5);
    expect(pointAt([], 3)).toBe(0);
  });
});
