import { FindingLocation, MAX_FINDING_LOCATIONS, Severity, ValidationFinding, ValidationSummary } from '@robokit/api';

/**
 * Collects problems as the checks find them and keeps each one once: its first message, its first
 * locations and a count, so a broken dataset of a million frames gives a readable report.
 */
export class FindingCollector {
  private readonly byCode = new Map<string, ValidationFinding>();

  add(code: string, severity: Severity, message: string, location: FindingLocation = {}, occurrences = 1): void {
    const finding = this.byCode.get(code);
    if (!finding) {
      this.byCode.set(code, { code, severity, message, occurrences, locations: [location] });
      return;
    }
    finding.occurrences += occurrences;
    if (finding.locations.length < MAX_FINDING_LOCATIONS) finding.locations.push(location);
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  /** Errors first, then warnings, then infos; within a severity by occurrences, most first. */
  findings(): ValidationFinding[] {
    const rank = { [Severity.Error]: 0, [Severity.Warning]: 1, [Severity.Info]: 2 };
    return [...this.byCode.values()].sort((a, b) => rank[a.severity] - rank[b.severity] || b.occurrences - a.occurrences || a.code.localeCompare(b.code));
  }

  summary(codebaseVersion: string): ValidationSummary {
    const findings = this.findings();
    const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length;
    return {
      codebaseVersion,
      errors: count(Severity.Error),
      warnings: count(Severity.Warning),
      infos: count(Severity.Info),
      findings: findings.length,
      valid: count(Severity.Error) === 0,
    };
  }
}
