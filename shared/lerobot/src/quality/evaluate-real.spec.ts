import { EvidenceLevel, QualityVerdict } from '@robokit/api';
import { openDataset } from '../open-dataset';
import { realDataset } from '../testing/real-datasets';
import { evaluateQuality } from './evaluate';

/** The real datasets of ../shared/datasets: their README finds the data consistent, so nothing HARD. */
describe('quality of the real datasets', () => {
  it.each([
    ['g1-policy-train', 'v2.1', 100, 35_965],
    ['record-test', 'v3.0', 4, 1492],
  ])('%s: every episode analysed, no HARD finding', async (name, version, episodes, frames) => {
    const { files } = realDataset(name);
    const progress: number[] = [];
    const report = await evaluateQuality(await openDataset(files), files, {}, async (fraction) => {
      progress.push(fraction);
    });
    expect(report.summary).toEqual(expect.objectContaining({ codebaseVersion: version, episodesAnalysed: episodes, framesAnalysed: frames }));
    const hard = report.episodes.flatMap((episode) => episode.reasons.filter((reason) => reason.level === EvidenceLevel.Hard));
    expect(hard).toEqual([]);
    expect(report.summary.findings.filter((finding) => finding.level === EvidenceLevel.Hard)).toEqual([]);
    expect(report.summary.verdicts[QualityVerdict.Exclude]).toBe(0);
    for (const episode of report.episodes) {
      expect(episode.metrics.non_finite).toBe(0);
      expect(episode.metrics.timestamp_sync).toBe(0);
      expect(episode.metrics.index_integrity).toBe(0);
      expect(episode.score).toBeGreaterThan(0);
    }
    expect(progress[progress.length - 1]).toBe(1);
    // 36,000 frames of 26-dimensional state and action: seconds, more on a machine shared with other work.
  }, 60_000);
});
