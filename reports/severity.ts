// Finding severities, lowest first. `--fail-on SEVERITY` fails when a finding at or above it exists.
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(s: unknown): s is Severity {
  return typeof s === 'string' && (SEVERITIES as readonly string[]).includes(s);
}

/** Rank of a severity (info 0 … critical 4). */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function atLeast(s: Severity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}

/** Sorts highest first. */
export function bySeverityDesc(a: Severity, b: Severity): number {
  return severityRank(b) - severityRank(a);
}
