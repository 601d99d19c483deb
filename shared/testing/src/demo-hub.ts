import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetSpec, writeLeRobotDataset } from './factory';
import { addFailingDemoRepos, StandInHub } from './hub';
import { repoFilesFromDir } from './repo-files';

const LEROBOT_TAGS = ['LeRobot', 'task_categories:robotics', 'library:lerobot'];

const ALOHA_ARM = ['waist', 'shoulder', 'elbow', 'forearm_roll', 'wrist_angle', 'wrist_rotate', 'gripper'];
const ALOHA_JOINTS = ['left', 'right'].flatMap((side) => ALOHA_ARM.map((joint) => `${side}_${joint}`));

/** The generated datasets `npm run hub` serves under demo/. */
export const DEMO_DATASETS: { id: string; tags: string[]; spec: DatasetSpec }[] = [
  {
    id: 'demo/so100_pick_place',
    tags: [...LEROBOT_TAGS, 'so100'],
    spec: {
      episodes: 12,
      episodeLength: { min: 150, max: 300 },
      fps: 30,
      robotType: 'so100',
      joints: ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper'],
      cameras: [{ key: 'observation.images.top', width: 160, height: 120 }],
      tasks: ['Pick the red cube and place it in the bin'],
      seed: 100,
    },
  },
  {
    id: 'demo/aloha_transfer',
    tags: [...LEROBOT_TAGS, 'aloha'],
    spec: {
      episodes: 40,
      episodeLength: { min: 300, max: 500 },
      fps: 50,
      robotType: 'aloha',
      joints: ALOHA_JOINTS,
      cameras: [
        { key: 'observation.images.top', width: 160, height: 120 },
        { key: 'observation.images.wrist_left', width: 128, height: 96 },
      ],
      tasks: ['Transfer the cube from the left arm to the right arm', 'Hand the cube back'],
      seed: 200,
    },
  },
];

/** Writes a demo dataset once per spec; later runs reuse the folder (its name is the spec's hash). */
async function generated(cacheDir: string, spec: DatasetSpec): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
  const dir = join(cacheDir, key);
  const done = join(dir, '.complete');
  if (existsSync(done)) return dir;
  rmSync(dir, { recursive: true, force: true });
  await writeLeRobotDataset(dir, spec);
  writeFileSync(done, '');
  return dir;
}

export interface DemoHubOptions {
  /** Where generated demo datasets are kept between runs. */
  cacheDir: string;
  /** Folder of real datasets (../shared/datasets), served as real/<folder>; skipped when absent. */
  realDatasetsDir?: string;
  port?: number;
  host?: string;
}

/** A stand-in Hub serving the demo datasets, the two failing demo repos and the real datasets. */
export async function startDemoHub(options: DemoHubOptions): Promise<{ hub: StandInHub; url: string; repos: string[] }> {
  const hub = new StandInHub();
  const repos: string[] = [];
  for (const demo of DEMO_DATASETS) {
    const dir = await generated(options.cacheDir, demo.spec);
    hub.addRepo({ id: demo.id, files: repoFilesFromDir(dir), tags: demo.tags, versionTag: 'v2.1', downloads: demo.spec.episodes * 10 });
    repos.push(demo.id);
  }
  const small = await generated(options.cacheDir, { episodes: 3, episodeLength: 60, seed: 300 });
  addFailingDemoRepos(hub, { files: repoFilesFromDir(small), tags: LEROBOT_TAGS });
  repos.push('demo/always_fails', 'demo/flaky');
  if (options.realDatasetsDir && existsSync(options.realDatasetsDir)) {
    for (const entry of readdirSync(options.realDatasetsDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const id = `real/${entry.name}`;
      hub.addRepo({ id, files: repoFilesFromDir(join(options.realDatasetsDir, entry.name)), tags: LEROBOT_TAGS });
      repos.push(id);
    }
  }
  const url = await hub.start(options.port ?? 7860, options.host ?? '127.0.0.1');
  return { hub, url, repos };
}
