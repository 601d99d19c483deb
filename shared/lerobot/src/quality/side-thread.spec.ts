import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { QualityReport } from '@robokit/api';
import { column } from '../duckdb';
import { evaluateFolder, folderRepo, generate, inVersion, VERSIONS } from '../testing/dataset-folders';
import { EpisodeRewriter } from '../testing/episode-rewrite';
import { flaggedBy } from '../testing/quality-report';
import { emptySummary, Scratch } from './episode';
import { resolveQualityParameters } from './parameters';
import { planSignals } from './signals';
import { ThreadedSide } from './side-thread';
import { LeRobotInfo } from '../info';

/**
 * The build runs the side metrics on a worker thread; these suites run from source, where they run inline. The
 * build's report must be the inline one, findings in the same places, on episodes where the side metrics speak.
 */

const DIST = join(__dirname, '../../dist');
const JOINTS = ['shoulder', 'elbow', 'wrist', 'gripper'];
const STATE = 'observation.state';
const perElement = (name: string, element: string) => `list_transform(range(1, ${JOINTS.length + 1}), d -> ${element.replace(/\bx\b/g, `${column(name)}[d]`)})::FLOAT[]`;

/** The build's evaluateQuality on the folder, in a process of its own. */
function evaluateWithBuild(dir: string): QualityReport {
  const script = `
    const lerobot = require(${JSON.stringify(join(DIST, 'index.js'))});
    const [dir, paths] = [process.argv[1], JSON.parse(process.argv[2])];
    (async () => {
      const files = lerobot.directoryFiles(dir, paths);
      const report = await lerobot.evaluateQuality(await lerobot.openDataset(files), files, {});
      process.stdout.write(JSON.stringify(report));
    })();`;
  const paths = folderRepo(dir).listing.map((file) => file.path);
  return JSON.parse(execFileSync(process.execPath, ['-e', script, dir, JSON.stringify(paths)], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

describe.each(VERSIONS)('%s: the side metrics on their thread', (version) => {
  let dir: string;

  beforeAll(async () => {
    // Lengths that vary, so the thread's buffers are both reused for shorter episodes and replaced for longer ones.
    dir = await generate(inVersion(version, { episodes: 8, episodeLength: [300, 320, 340, 300, 280, 360, 290, 310], joints: JOINTS, seed: 5 }));
    const episodes = new EpisodeRewriter(dir);
    await episodes.rewrite(1, { action: perElement('action', 'CASE WHEN d = 3 AND frame_index = 77 THEN x + 30 ELSE x END') });
    await episodes.rewrite(2, { [STATE]: perElement(STATE, 'CASE WHEN d < 4 AND frame_index >= 150 THEN x + 25 ELSE x END') });
    await episodes.copySignals(3, 0, ['action', STATE]);
  });

  it('give the build the report the inline run gives', async () => {
    expect(existsSync(join(DIST, 'quality/side-worker.js'))).toBe(true);
    const inline = JSON.parse(JSON.stringify(await evaluateFolder(dir)));
    expect(flaggedBy(inline, 'spikes')).toContain(1);
    expect(flaggedBy(inline, 'duplicate_episode')).toEqual([3]);
    if (version !== 'v2.0') expect(flaggedBy(inline, 'stats_drift')).toEqual(expect.arrayContaining([1, 2]));
    expect(inline.episodes.every((episode: QualityReport['episodes'][number]) => typeof episode.metrics.tracking_lag === 'number')).toBe(true);
    expect(evaluateWithBuild(dir)).toEqual(inline);
  });
});

describe('a side thread that fails', () => {
  it('fails the analysis with its error instead of leaving it waiting', async () => {
    const info = { fps: 30, features: { action: { dtype: 'float32', shape: [1], names: ['elbow'] } } } as unknown as LeRobotInfo;
    const plan = planSignals(info, ['action'], []);
    const params = resolveQualityParameters();
    const side = new ThreadedSide(join(__dirname, 'no-such-worker.js'), { plan, params, fps: 30 });
    const values = Float64Array.from({ length: 10 }, (_, i) => i);
    const context = { run: { signals: [values] }, n: 10, fps: 30, plan, params, ranges: { min: new Float64Array([0]), max: new Float64Array([9]) }, profiles: [], stats: { absent: 'none' }, scratch: new Scratch() };
    try {
      await expect(
        (async () => {
          side.analyse(context, emptySummary(0, null, 1));
          await side.settled(0);
        })(),
      ).rejects.toThrow(/no-such-worker/);
    } finally {
      await side.close();
    }
  });
});
