// Starts the stand-in Hugging Face Hub with the demo and real datasets: `npm run hub`.
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import testing from '@robokit/testing';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const port = Number(process.env.HUB_PORT ?? 7860);
const { url, repos } = await testing.startDemoHub({
  port,
  cacheDir: process.env.ROBOKIT_DEMO_CACHE ?? join(tmpdir(), 'robokit-demo-datasets'),
  realDatasetsDir: process.env.ROBOKIT_REAL_DATASETS ?? join(root, '..', 'shared', 'datasets'),
});
console.log(`Stand-in Hub on ${url}, serving:\n${repos.map((id) => `  ${id}`).join('\n')}`);
console.log(`Point RoboKit at it with HF_ENDPOINT=${url}`);
