// The real LeRobot datasets the tests read from ../shared/datasets, as a manifest of their public GitHub
// origins: every file with its git blob id. Where ../shared is missing (GitHub's runners), `fetch` rebuilds
// the folder from those origins, byte for byte; `verify` checks a folder against the manifest.
//
//   node scripts/reference-datasets.mjs write  <datasets dir>   (re)writes the manifest from a local copy
//   node scripts/reference-datasets.mjs verify <datasets dir>   exits 1 unless every file matches
//   node scripts/reference-datasets.mjs fetch  <datasets dir>   fetches the files from GitHub, then verifies
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesUnder } from './files-under.mjs';

const MANIFEST = join(dirname(fileURLToPath(import.meta.url)), 'reference-datasets.json');
// Origins as the datasets' README gives them: every file sits at the same path in its repository.
const ORIGINS = {
  'record-test': { repo: 'SamueleSandrini/record-test', commit: 'c6d0de303c6f4c451eb103222af2fff11d0e9963' },
  'g1-policy-train': { repo: 'YifanTian07/G1-policy-train', commit: '1a0a8e01f5b25ee4e17a66e8ba3b3941cea81878' },
  'paulpacaud-empty': { repo: 'paulpacaud/lerobot', commit: '474561c2eda24394d575cfa6108808f47a3ccd25' },
  'carla-zero-meta': { repo: 'ratulKabir/carla_lerobot', commit: '0f4c36f20992f9960c2313c900e173d43a2b8bd1' },
};

const blobId = (content) => createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');

function write(root) {
  const datasets = Object.entries(ORIGINS).map(([folder, origin]) => ({
    folder,
    ...origin,
    files: filesUnder(join(root, folder)).map((path) => ({ path, blob: blobId(readFileSync(join(root, folder, path))) })),
  }));
  writeFileSync(MANIFEST, `${JSON.stringify({ datasets }, null, 1)}\n`);
  console.log(`${MANIFEST}: ${datasets.map((d) => `${d.folder} ${d.files.length} files`).join(', ')}`);
}

function verify(root, manifest) {
  const problems = [];
  for (const dataset of manifest.datasets) {
    for (const file of dataset.files) {
      const path = join(root, dataset.folder, file.path);
      if (!existsSync(path)) problems.push(`missing ${dataset.folder}/${file.path}`);
      else if (blobId(readFileSync(path)) !== file.blob) problems.push(`${dataset.folder}/${file.path} differs from blob ${file.blob}`);
    }
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`${root}: every file of ${manifest.datasets.length} datasets matches the manifest`);
}

/** A blobless fetch of the one commit, then each file by its blob id (git fetches it on demand). */
function fetchFromGitHub(root, manifest) {
  for (const dataset of manifest.datasets) {
    const clone = mkdtempSync(join(tmpdir(), `reference-${dataset.folder}-`));
    const git = (...args) => execFileSync('git', ['-C', clone, ...args], { maxBuffer: 256 * 1024 * 1024 });
    try {
      git('init', '-q');
      git('remote', 'add', 'origin', `https://github.com/${dataset.repo}.git`);
      git('fetch', '-q', '--depth', '1', '--filter=blob:none', 'origin', dataset.commit);
      for (const file of dataset.files) {
        const target = join(root, dataset.folder, file.path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, git('cat-file', 'blob', file.blob));
      }
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
    console.log(`${dataset.folder}: ${dataset.files.length} files from ${dataset.repo}@${dataset.commit.slice(0, 12)}`);
  }
}

const [command, root] = process.argv.slice(2);
if (!root || !['write', 'verify', 'fetch'].includes(command)) {
  console.error('usage: node scripts/reference-datasets.mjs write|verify|fetch <datasets dir>');
  process.exit(2);
}
if (command === 'write') write(root);
else {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  if (command === 'fetch') fetchFromGitHub(root, manifest);
  verify(root, manifest);
}
