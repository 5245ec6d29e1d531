// Every emulated run of the real agent (traceScenario, traceEmulated, auditEmulated) fails its
// test when the host refuses part of what the agent sent: a refused message is a real agent/host
// schema mismatch (on a phone those events would be lost from the evidence), not noise to ignore.
// A test that provokes problems on purpose says so, with the reason, and asserts on them itself.
import type Database from 'better-sqlite3';

export interface ProtocolExpectation {
  /** Why this run is expected to have protocol problems (the test then asserts on them itself). */
  expectProtocolProblems?: string;
}

/** Throws (failing the test) on problems nobody expected, and on an expectation that did not come true. */
export function checkProtocolProblems(problems: readonly string[], opts: ProtocolExpectation, where: string): void {
  const reason = opts.expectProtocolProblems;
  if (reason !== undefined && reason.trim() === '') throw new Error(`${where}: expectProtocolProblems needs the reason the problems are expected`);
  if (reason === undefined && problems.length > 0) {
    const shown = problems.slice(0, 20).join('\n  ');
    throw new Error(
      `${where}: the host's validation refused ${problems.length} part(s) of the agent's messages (an agent/host schema mismatch):\n  ${shown}` +
        `${problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ''}\n` +
        "A test that provokes these on purpose passes { expectProtocolProblems: '<why>' } and asserts on them.",
    );
  }
  if (reason !== undefined && problems.length === 0) throw new Error(`${where}: expected protocol problems (${reason}) but the host refused nothing; drop expectProtocolProblems`);
}

/** The protocol problems the host stored for a run ("process: location: error"), in the order recorded. */
export function storedProtocolProblems(db: Database.Database, runId: number): string[] {
  const rows = db
    .prepare('SELECT p.name AS process, e.location, e.error FROM protocol_errors e LEFT JOIN processes p ON p.id = e.process_id WHERE e.run_id = ? ORDER BY e.id')
    .all(runId) as { process: string | null; location: string; error: string }[];
  return rows.map((r) => `${r.process ?? '(no process)'}: ${r.location}: ${r.error}`);
}
