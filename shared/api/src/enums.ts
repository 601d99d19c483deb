/** The kinds of background work RoboKit runs on a dataset. */
export enum JobType {
  MetadataExtraction = 'metadata_extraction',
  EvaluateQualityHeuristics = 'evaluate_quality_heuristics',
  Validation = 'validation',
  Conversion = 'conversion',
  Indexing = 'indexing',
  AttentionAnalysis = 'attention_analysis',
}

export enum JobStatus {
  Queued = 'queued',
  Running = 'running',
  Completed = 'completed',
  Failed = 'failed',
  Cancelled = 'cancelled',
}

/** Jobs in these states count as "the same work is already in hand". */
export const ACTIVE_JOB_STATUSES: readonly JobStatus[] = [JobStatus.Queued, JobStatus.Running];

export enum SourceType {
  HuggingFace = 'huggingface',
}

export enum FormatType {
  LeRobot = 'lerobot',
  Rlds = 'rlds',
}

/** Formats RoboKit can read today; the others are known names that answer 422. */
export const READABLE_FORMATS: readonly FormatType[] = [FormatType.LeRobot];
