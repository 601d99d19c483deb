import { JobType } from '@robokit/api';

/** Short names of the job types for tables and headings (the parameter schemas carry the long descriptions). */
export const JOB_TYPE_LABELS: Record<JobType, string> = {
  [JobType.MetadataExtraction]: 'Metadata extraction',
  [JobType.EvaluateQualityHeuristics]: 'Quality heuristics',
  [JobType.Validation]: 'Validation',
  [JobType.Conversion]: 'Conversion',
  [JobType.Indexing]: 'Indexing',
  [JobType.AttentionAnalysis]: 'Attention analysis',
};

export function jobTypeLabel(type: JobType | `${JobType}`): string {
  return JOB_TYPE_LABELS[type as JobType] ?? type;
}
