import { EvidenceLevel, QualityVerdict } from '@robokit/api';
import { openDataset } from '../open-dataset';
import { realDataset } from '../testing/real-datasets';
import { evaluateQuality } from './evaluate';

/**
 * The real datasets of ../shared/datasets: their README finds the data consistent, so nothing HARD but the
 * videos it lists as missing (g1-policy-train keeps those of episodes 1 and 2 only; record-test none).
 */
describe('quality of the real datasets', () => {
  it.each([
    ['g1-policy-train', 'v2.1', 100, 35_965, [1, 2]],
    ['record-test', 'v3.0', 4, 1492, []],
  ])('%s: every episode analysed, no HARD finding but the missing videos', async (name, version, episodes, frames, withVideo) => {
    const { files } = realDataset(name);
    const progress: number[] = [];
    const report = await evaluateQuality(await openDataset(files), files, {}, {
      report: async (fraction) => {
        progress.push(fraction);
      },
    });
    expect(report.summary).toEqual(expect.objectContaining({ codebaseVersion: version, episodesAnalysed: episodes, framesAnalysed: frames }));
    const hard = report.episodes.flatMap((episode) => episode.reasons.filter((reason) => reason.level === EvidenceLevel.Hard && reason.metric !== 'video_missing'));
    expect(hard).toEqual([]);
    expect(report.summary.findings.filter((finding) => finding.level === EvidenceLevel.Hard)).toEqual([]);
    const missing = report.episodes.filter((episode) => episode.flags.includes('video_missing')).map((episode) => episode.episodeIndex);
    expect(missing).toEqual(report.episodes.map((episode) => episode.episodeIndex).filter((index) => !withVideo.includes(index)));
    expect(report.summary.verdicts[QualityVerdict.Exclude]).toBe(missing.length);
    for (const index of withVideo) {
      const { metrics, notApplicable } = report.episodes[index];
      // AV1 640×480 as info.json declares, frame counts equal to the lengths (README): sound files, normally lit.
      expect([metrics.video_missing, metrics.video_integrity]).toEqual([0, 0]);
      expect(metrics.exposure).toBeLessThan(40);
      expect(typeof metrics.video_frozen).toBe('number');
      // Two episodes with video are too few for the dataset-relative sharpness fit and median view.
      expect(notApplicable.sharpness).toContain('5 are needed');
      expect(notApplicable.camera_shift).toContain('5 are needed');
    }
    for (const episode of report.episodes) {
      expect(episode.metrics.non_finite).toBe(0);
      expect(episode.metrics.timestamp_sync).toBe(0);
      expect(episode.metrics.index_integrity).toBe(0);
      expect(episode.score).toBeGreaterThan(0);
    }
    expect(progress[progress.length - 1]).toBe(1);
    // 36,000 frames of 26-dimensional state and action and two AV1 videos: seconds, more on a machine shared with other work.
  }, 120_000);
});
