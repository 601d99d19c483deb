import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EvidenceLevel, QualityFinding, QualityReport, QualityVerdict } from '@robokit/api';
import { CameraSpec, DatasetSpec } from '@robokit/testing';
import { column } from '../../duckdb';
import { evaluateFolder, generate, inVersion, rewrite, VERSIONS } from '../../testing/dataset-folders';
import { episodeOf, reasonsOf } from '../../testing/quality-report';

/**
 * The video metrics on generated datasets of every version whose videos carry one injected defect per episode
 * at a known frame range and camera (v3.0: three episodes per mp4, so each episode's slice of the file must be
 * the one decoded); the other episodes must stay silent.
 */

const TOP: CameraSpec = { key: 'observation.images.top', width: 128, height: 96 };
const WRIST: CameraSpec = { key: 'observation.images.wrist', width: 96, height: 72 };
const VIDEO_CODES = ['video_missing', 'video_integrity', 'video_frozen', 'exposure', 'sharpness', 'camera_shift'];
const CLEAN = [0, 6, 7];

const videoReasons = (report: QualityReport, index: number): QualityFinding[] => episodeOf(report, index).reasons.filter((reason) => VIDEO_CODES.includes(reason.metric));

describe.each(VERSIONS)('%s: video metrics on injected defects', (version) => {
  let report: QualityReport;

  beforeAll(async () => {
    const spec: DatasetSpec = {
      episodes: 8,
      episodeLength: 150,
      cameras: [TOP, WRIST],
      seed: 4,
      videoDefects: [
        { episode: 1, camera: TOP.key, kind: 'frozen', frames: [40, 79] },
        { episode: 2, camera: WRIST.key, kind: 'dark', frames: [30, 149] },
        { episode: 3, camera: TOP.key, kind: 'blur', frames: [20, 149] },
        { episode: 4, camera: WRIST.key, kind: 'shift' },
        { episode: 5, camera: TOP.key, kind: 'bright', frames: [0, 119] },
      ],
    };
    report = await evaluateFolder(await generate(inVersion(version, spec, 3)));
    // Encoding and decoding 16 small clips: seconds alone, minutes on a machine shared with other work.
  }, 300_000);

  const only = (index: number, metric: string): QualityFinding[] => {
    const found = videoReasons(report, index).filter((reason) => reason.metric === metric);
    expect(found.length).toBeGreaterThan(0);
    return found;
  };

  it('stays silent on the clean episodes, and measures every video metric there', () => {
    for (const index of CLEAN) {
      expect(videoReasons(report, index)).toEqual([]);
      for (const code of VIDEO_CODES) expect(typeof episodeOf(report, index).metrics[code] === 'number' || `${code}: ${episodeOf(report, index).notApplicable[code]}`).toBe(true);
      expect(episodeOf(report, index).metrics.video_missing).toBe(0);
      expect(episodeOf(report, index).metrics.video_integrity).toBe(0);
    }
    expect(report.summary.notImplemented).toEqual([]);
  });

  it('video_frozen: the top camera stuck on frames 40–79 while the arm moves', () => {
    expect(videoReasons(report, 1)).toEqual([
      expect.objectContaining({ metric: 'video_frozen', level: EvidenceLevel.Risk, feature: TOP.key, dimension: TOP.key, frames: [40, 79], threshold: 0.5 }),
    ]);
    expect(episodeOf(report, 1).verdict).toBe(QualityVerdict.Review);
  });

  it('exposure: the wrist camera dark from frame 30, the top camera over-exposed up to frame 119', () => {
    const [dark] = only(2, 'exposure');
    expect(dark).toEqual(expect.objectContaining({ feature: WRIST.key, dimension: WRIST.key, threshold: 90, message: expect.stringContaining('too dark') }));
    expect(dark.frames?.[0]).toBeGreaterThanOrEqual(30);
    const [bright] = only(5, 'exposure');
    expect(bright).toEqual(expect.objectContaining({ dimension: TOP.key, message: expect.stringContaining('over-exposed') }));
    expect(bright.frames?.[1]).toBeLessThanOrEqual(119);
    expect(videoReasons(report, 2).every((reason) => reason.dimension === WRIST.key)).toBe(true);
    expect(videoReasons(report, 5).every((reason) => reason.dimension === TOP.key)).toBe(true);
  });

  it('sharpness: the top camera blurred from frame 20, against the arm-speed fit', () => {
    expect(videoReasons(report, 3)).toEqual([expect.objectContaining({ metric: 'sharpness', dimension: TOP.key, message: expect.stringContaining('blurred') })]);
    const [blur] = videoReasons(report, 3);
    expect(blur.value).toBeLessThan(blur.threshold as number);
    expect(blur.frames?.[0]).toBeGreaterThanOrEqual(20);
  });

  it('camera_shift: the wrist camera moved 12 px right and down for the whole episode', () => {
    expect(videoReasons(report, 4)).toEqual([expect.objectContaining({ metric: 'camera_shift', dimension: WRIST.key, frames: [0, 29], threshold: 10 })]);
    expect(videoReasons(report, 4)[0].value).toBeCloseTo(Math.hypot(12, 12), 0);
  });
});

describe.each(VERSIONS)('%s: video_missing and video_integrity', (version) => {
  const camera: CameraSpec = { key: 'observation.images.top', width: 64, height: 48 };
  const v2Video = (episode: number) => `videos/chunk-000/${camera.key}/episode_${String(episode).padStart(6, '0')}.mp4`;
  const rangeColumn = (end: 'from' | 'to') => column(`videos/${camera.key}/${end}_timestamp`);

  it('a missing video and a video that does not fit its episode exclude those episodes only', async () => {
    const dir = await generate(inVersion(version, { episodes: 4, episodeLength: [40, 60, 50, 45], cameras: [camera], seed: 5 }, 4));
    if (version === 'v3.0') {
      // Episode 1 loses its time range; episode 2 starts half a second late in the shared file.
      await rewrite(dir, 'meta/episodes/chunk-000/file-000.parquet', `SELECT * REPLACE (
        CASE WHEN episode_index = 1 THEN NULL ELSE ${rangeColumn('to')} END AS ${rangeColumn('to')},
        CASE WHEN episode_index = 2 THEN ${rangeColumn('from')} + 0.5 ELSE ${rangeColumn('from')} END AS ${rangeColumn('from')}) FROM t`);
    } else {
      rmSync(join(dir, v2Video(1)));
      copyFileSync(join(dir, v2Video(0)), join(dir, v2Video(2)));
    }
    const report = await evaluateFolder(dir);
    expect(reasonsOf(report, 1, 'video_missing')).toEqual([expect.objectContaining({ level: EvidenceLevel.Hard, feature: camera.key, dimension: camera.key })]);
    const integrity = reasonsOf(report, 2, 'video_integrity');
    expect(integrity).toEqual(expect.arrayContaining([expect.objectContaining({ level: EvidenceLevel.Hard, dimension: camera.key })]));
    expect(integrity[0].message).toContain(version === 'v3.0' ? 'starts at' : '40 frames');
    for (const index of [1, 2]) expect(episodeOf(report, index).verdict).toBe(QualityVerdict.Exclude);
    for (const index of [0, 3]) {
      expect(reasonsOf(report, index, 'video_missing')).toEqual([]);
      expect(reasonsOf(report, index, 'video_integrity')).toEqual([]);
    }
    expect(episodeOf(report, 1).notApplicable.exposure).toContain('no video');
  }, 120_000);

  it('n/a with the reason when the video metrics are off or over the decoding budget', async () => {
    const dir = await generate(inVersion(version, { episodes: 2, episodeLength: 30, cameras: [camera], seed: 6 }));
    const off = await evaluateFolder(dir, { video_metrics: false });
    for (const code of VIDEO_CODES) expect(episodeOf(off, 0).notApplicable[code]).toContain('video_metrics = false');
    const bounded = await evaluateFolder(dir, { video_max_decoded_frames: 59 });
    expect(episodeOf(bounded, 0).notApplicable.video_frozen).toContain('would decode 60 frames');
    expect(episodeOf(bounded, 0).metrics.camera_shift ?? null).toBeNull();
    expect(typeof episodeOf(bounded, 0).metrics.exposure).toBe('number');
    expect(bounded.summary.notes).toEqual(expect.arrayContaining([expect.stringContaining('video_max_decoded_frames')]));
  }, 120_000);
});
