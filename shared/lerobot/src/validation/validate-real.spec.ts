import { openDataset } from '../open-dataset';
import { realDataset } from '../testing/real-datasets';
import { validateDataset } from './validate';

async function validate(name: string) {
  const { files, listing } = realDataset(name);
  return validateDataset(await openDataset(files), files, listing);
}

const codes = (report: Awaited<ReturnType<typeof validate>>) =>
  Object.fromEntries(report.findings.map((finding) => [finding.code, { severity: finding.severity, occurrences: finding.occurrences }]));

/** Exactly what ../shared/datasets/README.md says a correct validator reports on each dataset. */
describe('validation of the real datasets', () => {
  it('g1-policy-train: 98 episode videos missing, and names given as a list holding one list', async () => {
    const report = await validate('g1-policy-train');
    expect(codes(report)).toEqual({
      VIDEO_MISSING: { severity: 'error', occurrences: 98 },
      FEATURE_NAMES_LAYOUT: { severity: 'warning', occurrences: 2 },
    });
    const missing = report.findings.find((finding) => finding.code === 'VIDEO_MISSING')!;
    expect(missing.locations[0]).toEqual(expect.objectContaining({ file: 'videos/chunk-000/observation.images.cam_high/episode_000000.mp4', episode: 0 }));
    expect(missing.locations.map((location) => location.episode)).not.toContain(1);
    const names = report.findings.find((finding) => finding.code === 'FEATURE_NAMES_LAYOUT')!;
    expect(names.locations.map((location) => location.feature).sort()).toEqual(['action', 'observation.state']);
  });

  it('record-test: both concatenated videos missing, and zero camera std in every episode', async () => {
    const report = await validate('record-test');
    expect(codes(report)).toEqual({
      VIDEO_MISSING: { severity: 'error', occurrences: 2 },
      CAMERA_STD_ZERO: { severity: 'warning', occurrences: 8 },
    });
  });

  it('paulpacaud-empty: empty, total_tasks 0 against one task, and a video feature without info', async () => {
    const report = await validate('paulpacaud-empty');
    expect(codes(report)).toEqual({
      EMPTY_DATASET: { severity: 'warning', occurrences: 1 },
      TOTAL_TASKS_MISMATCH: { severity: 'error', occurrences: 1 },
      VIDEO_INFO_MISSING: { severity: 'warning', occurrences: 1 },
    });
    expect(report.summary).toEqual(expect.objectContaining({ codebaseVersion: 'v3.0', errors: 1, warnings: 2, valid: false }));
  });
});
