import { copyFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetSpec } from '@robokit/testing';
import { query } from '../../duckdb';
import { openDataset } from '../../open-dataset';
import { generate, validateFolder } from '../../testing/dataset-folders';
import { realDataset } from '../../testing/real-datasets';
import { validateDataset } from '../validate';

const CAMERA = { key: 'observation.images.top', width: 32, height: 32 };
async function generateVideos(spec: Partial<DatasetSpec>): Promise<string> {
  return generate({ episodes: 3, episodeLength: [40, 60, 50], cameras: [CAMERA], seed: 5, ...spec });
}

async function findings(root: string, checkVideos = true) {
  const report = await validateFolder(root, { checkVideos });
  return Object.fromEntries(report.findings.map((finding) => [finding.code, finding]));
}

const V21_VIDEO = (episode: number) => `videos/chunk-000/${CAMERA.key}/episode_${String(episode).padStart(6, '0')}.mp4`;

describe('video checks', () => {
  it('find nothing on clean v2.1 and v3.0 datasets, and nothing new on g1-policy-train', async () => {
    expect(await findings(await generateVideos({}))).toEqual({});
    expect(await findings(await generateVideos({ version: 'v3.0', episodesPerFile: 2 }))).toEqual({});
    const { files, listing: real } = realDataset('g1-policy-train');
    const report = await validateDataset(await openDataset(files), files, real, undefined, { checkVideos: true });
    expect(report.findings.map((finding) => finding.code).sort()).toEqual(['FEATURE_NAMES_LAYOUT', 'VIDEO_MISSING']);
  });

  it('report a video of another episode (wrong frame count) and an unreadable file', async () => {
    const dir = await generateVideos({});
    copyFileSync(join(dir, V21_VIDEO(1)), join(dir, V21_VIDEO(0)));
    writeFileSync(join(dir, V21_VIDEO(2)), 'not an mp4 at all');
    const found = await findings(dir);
    expect(found.VIDEO_FRAME_COUNT).toEqual(expect.objectContaining({ severity: 'error', occurrences: 1, locations: [{ file: V21_VIDEO(0), feature: CAMERA.key, episode: 0 }] }));
    expect(found.VIDEO_FRAME_COUNT.message).toContain('60 frames');
    expect(found.VIDEO_UNREADABLE).toEqual(expect.objectContaining({ severity: 'error', occurrences: 1 }));
    expect(Object.keys(found).sort()).toEqual(['VIDEO_FRAME_COUNT', 'VIDEO_UNREADABLE']);
  });

  it('report a video whose resolution differs from the declared shape', async () => {
    const dir = await generateVideos({});
    const other = await generateVideos({ cameras: [{ ...CAMERA, width: 64, height: 48 }], episodeLength: [40, 60, 50] });
    copyFileSync(join(other, V21_VIDEO(0)), join(dir, V21_VIDEO(0)));
    const found = await findings(dir);
    expect(found.VIDEO_RESOLUTION_MISMATCH.message).toContain('64×48');
    expect(Object.keys(found)).toEqual(['VIDEO_RESOLUTION_MISMATCH']);
  });

  it('report v3.0 time ranges that leave a gap, even without probing the files', async () => {
    const dir = await generateVideos({ version: 'v3.0', episodesPerFile: 3 });
    const path = join(dir, 'meta/episodes/chunk-000/file-000.parquet');
    const column = `"videos/${CAMERA.key}/from_timestamp"`;
    const rows = await query(
      `COPY (SELECT * REPLACE (CASE WHEN episode_index = 2 THEN ${column} + 0.5 ELSE ${column} END AS ${column}) FROM read_parquet($file)) TO '${path}.new' (FORMAT parquet)`,
      { file: path },
    );
    expect(rows).toBeDefined();
    renameSync(`${path}.new`, path);
    const found = await findings(dir, false);
    expect(found.VIDEO_RANGE_GAP).toEqual(expect.objectContaining({ occurrences: 1, locations: [expect.objectContaining({ episode: 2, feature: CAMERA.key })] }));
  });
});
