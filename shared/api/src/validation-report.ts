export enum Severity {
  Error = 'error',
  Warning = 'warning',
  Info = 'info',
}

/** Where a problem is; every field is optional because problems live at different levels. */
export interface FindingLocation {
  file?: string;
  episode?: number;
  /** First and last frame index (inclusive) within the episode. */
  frames?: [number, number];
  feature?: string;
}

/** One problem of a dataset, counted once, with its first locations and how often it occurs. */
export interface ValidationFinding {
  code: string;
  severity: Severity;
  /** What is wrong and what it breaks, for a person; from the first occurrence. */
  message: string;
  occurrences: number;
  /** The first occurrences' locations (at most MAX_FINDING_LOCATIONS). */
  locations: FindingLocation[];
}

export const MAX_FINDING_LOCATIONS = 20;

export interface ValidationSummary {
  codebaseVersion: string;
  errors: number;
  warnings: number;
  infos: number;
  /** Distinct problems (codes) found. */
  findings: number;
  valid: boolean;
}
