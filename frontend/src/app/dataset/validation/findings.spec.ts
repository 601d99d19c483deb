import { describeLocation, Finding, groupFindings, viewerLink } from './findings';

const finding = (code: string, severity: Finding['severity'], occurrences: number): Finding => ({ code, severity, message: code, occurrences, locations: [] });

describe('validation findings', () => {
  it('groups by severity, errors first, codes in order, leaving out empty severities', () => {
    const groups = groupFindings([finding('STATS_MISSING', 'warning', 2), finding('VIDEO_MISSING', 'error', 5), finding('INDEX_GAP', 'error', 1)]);
    expect(groups.map((group) => [group.label, group.findings.map((f) => f.code), group.occurrences])).toEqual([
      ['Errors', ['INDEX_GAP', 'VIDEO_MISSING'], 6],
      ['Warnings', ['STATS_MISSING'], 2],
    ]);
  });

  it('links a location to the episode viewer at its first frame, and nowhere when it names no episode', () => {
    expect(viewerLink('d1', { episode: 3, frames: [10, 42] })).toEqual({ path: ['/datasets', 'd1', 'episodes', '3'], query: { frame: 10 } });
    expect(viewerLink('d1', { episode: 0 })).toEqual({ path: ['/datasets', 'd1', 'episodes', '0'], query: {} });
    expect(viewerLink('d1', { file: 'meta/info.json' })).toBeNull();
  });

  it('says where a problem is in words', () => {
    expect(describeLocation({ episode: 3, frames: [10, 42], feature: 'observation.state' })).toBe('episode 3, frames 10–42, observation.state');
    expect(describeLocation({ episode: 1, frames: [7, 7] })).toBe('episode 1, frame 7');
    expect(describeLocation({ file: 'meta/info.json' })).toBe('');
  });
});
