import { Schemas } from '../../core/api/api-client';

export type Finding = Schemas['ValidationFindingDto'];
export type FindingLocation = Schemas['FindingLocationDto'];
export type Severity = Finding['severity'];

export interface SeverityGroup {
  severity: Severity;
  label: string;
  findings: Finding[];
  /** Occurrences over all the group's findings. */
  occurrences: number;
}

const SEVERITIES: { severity: Severity; label: string }[] = [
  { severity: 'error', label: 'Errors' },
  { severity: 'warning', label: 'Warnings' },
  { severity: 'info', label: 'Information' },
];

/** The findings by severity (errors first), each severity's findings by code; empty severities are left out. */
export function groupFindings(findings: readonly Finding[]): SeverityGroup[] {
  return SEVERITIES.map(({ severity, label }) => {
    const group = findings.filter((finding) => finding.severity === severity).sort((a, b) => a.code.localeCompare(b.code));
    return { severity, label, findings: group, occurrences: group.reduce((sum, finding) => sum + finding.occurrences, 0) };
  }).filter((group) => group.findings.length > 0);
}

/** The episode viewer's address for a location, at the first flagged frame; null when the location names no episode. */
export function viewerLink(datasetId: string, location: FindingLocation): { path: string[]; query: { frame?: number } } | null {
  if (location.episode === undefined) return null;
  return {
    path: ['/datasets', datasetId, 'episodes', String(location.episode)],
    query: location.frames ? { frame: location.frames[0] } : {},
  };
}

/** Where a finding occurs, in words: "episode 3, frames 10–42, observation.state". */
export function describeLocation(location: FindingLocation): string {
  const parts: string[] = [];
  if (location.episode !== undefined) parts.push(`episode ${location.episode}`);
  if (location.frames) parts.push(location.frames[0] === location.frames[1] ? `frame ${location.frames[0]}` : `frames ${location.frames[0]}–${location.frames[1]}`);
  if (location.feature) parts.push(location.feature);
  return parts.join(', ');
}
