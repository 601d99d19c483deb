import { RepoFileInfo, ValidationFinding, ValidationSummary } from '@robokit/api';
import { DatasetFiles, LeRobotDataset } from '../dataset';
import { ValidationContext, ValidationOptions, ValidationRule } from './context';
import { FindingCollector } from './findings';
import { checkData } from './rules/data';
import { checkEpisodes } from './rules/episodes';
import { checkFeatures } from './rules/features';
import { checkFiles } from './rules/files';
import { checkStatsMetadata } from './rules/stats-meta';
import { checkTotals } from './rules/totals';
import { checkVideos } from './rules/videos';

export interface ValidationReport {
  summary: ValidationSummary;
  findings: ValidationFinding[];
}

/** Rules in order, with the share of the work each takes (the data scan dominates). */
const RULES: { rule: ValidationRule; weight: number }[] = [
  { rule: checkTotals, weight: 1 },
  { rule: checkFeatures, weight: 1 },
  { rule: checkEpisodes, weight: 1 },
  { rule: checkFiles, weight: 1 },
  { rule: checkStatsMetadata, weight: 2 },
  { rule: checkData, weight: 30 },
  { rule: checkVideos, weight: 5 },
];

/** Runs every validation rule over a dataset and returns each problem once, with where it occurs. */
export async function validateDataset(
  dataset: LeRobotDataset,
  files: DatasetFiles,
  listing: RepoFileInfo[],
  progress: (fraction: number) => Promise<void> = async () => undefined,
  options: ValidationOptions = { checkVideos: false },
): Promise<ValidationReport> {
  const findings = new FindingCollector();
  const total = RULES.reduce((sum, { weight }) => sum + weight, 0);
  let done = 0;
  for (const { rule, weight } of RULES) {
    const context: ValidationContext = { dataset, files, listing, findings, options, progress: (fraction) => progress((done + fraction * weight) / total) };
    await rule(context);
    done += weight;
    await progress(done / total);
  }
  return { summary: findings.summary(dataset.info.codebase_version), findings: findings.findings() };
}
