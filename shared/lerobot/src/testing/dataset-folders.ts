import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { QualityReport, RepoFileInfo } from '@robokit/api';
import { DatasetSpec, LeRobotVersion, writeLeRobotDataset } from '@robokit/testing';
import { DatasetFiles } from '../dataset';
import { directoryFiles } from '../directory-files';
import { query } from '../duckdb';
import { openDataset } from '../open-dataset';
import { evaluateQuality, QualityRun } from '../quality/evaluate';
import { validateDataset, ValidationReport } from '../validation/validate';

/** A dataset folder as the files of a repo, with its listing (sizes from disk). */
export function folderRepo(root: string): { files: DatasetFiles; listing: RepoFileInfo[] } {
  const listing: RepoFileInfo[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else listing.push({ path: relative(root, path).split(sep).join('/'), size: statSync(path).size, lfs: false });
    }
  };
  walk(root);
  return { files: directoryFiles(root, listing.map((file) => file.path)), listing };
}

const generated: string[] = [];
afterAll(() => generated.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A generated dataset in a temporary folder that is removed after the spec file. */
export async function generate(spec: DatasetSpec): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rk-lerobot-'));
  generated.push(dir);
  await writeLeRobotDataset(dir, spec);
  return dir;
}

/** Every version the factory writes (the issue's acceptance: each check proven on v2.0, v2.1 and v3.0). */
export const VERSIONS: LeRobotVersion[] = ['v2.0', 'v2.1', 'v3.0'];

/** The spec in one version's layout; v3.0 puts `perFile` episodes in each data file, so defects must stay in their episode's rows. */
export function inVersion(version: LeRobotVersion, spec: DatasetSpec, perFile = 5): DatasetSpec {
  return { ...spec, version, ...(version === 'v3.0' ? { episodesPerFile: perFile } : {}) };
}

/** Rewrites a parquet of the dataset as `select`, whose `FROM t` reads the file itself (to inject a defect). */
export async function rewrite(dir: string, path: string, select: string): Promise<void> {
  const file = join(dir, path);
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  await query(`COPY (${select.replace('FROM t', `FROM read_parquet(${literal(file)})`)}) TO ${literal(`${file}.new`)} (FORMAT parquet)`);
  renameSync(`${file}.new`, file);
}

export function editJson(dir: string, path: string, edit: (value: Record<string, unknown>) => void): void {
  const value = JSON.parse(readFileSync(join(dir, path), 'utf8'));
  edit(value);
  writeFileSync(join(dir, path), JSON.stringify(value, null, 4));
}

export function editLines(dir: string, path: string, edit: (row: Record<string, unknown>) => void): void {
  const lines = readFileSync(join(dir, path), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  lines.forEach(edit);
  writeFileSync(join(dir, path), lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
}

export async function validateFolder(dir: string, options = { checkVideos: false }): Promise<ValidationReport> {
  const { files, listing } = folderRepo(dir);
  return validateDataset(await openDataset(files), files, listing, undefined, options);
}

export function finding(report: ValidationReport, code: string) {
  const found = report.findings.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`no ${code} among ${report.findings.map((f) => f.code).join(', ') || 'no findings'}`);
  return found;
}

export async function evaluateFolder(dir: string, parameters: Record<string, unknown> = {}, run: QualityRun = {}): Promise<QualityReport> {
  const { files } = folderRepo(dir);
  return evaluateQuality(await openDataset(files), files, parameters, run);
}
