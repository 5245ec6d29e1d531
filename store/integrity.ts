// Damaged databases. A page overwritten with junk, a truncated file or a bad sector must stop a
// command before it reads conclusions from the file (a report over half a table is a wrong
// report) or appends to it (a new run written into a damaged file makes it worse). SQLite's own
// checks decide: `PRAGMA quick_check` (b-tree structure, record formats; O(N), no index
// cross-check) whenever a command opens an existing database, `PRAGMA integrity_check` (also
// every index against its table) in `verify`. SQLite errors met later (SQLITE_CORRUPT,
// SQLITE_NOTADB) are reported the same way by the CLI (host/cli.ts): one line, exit 2.
import type Database from 'better-sqlite3';

export type IntegrityCheck = 'quick' | 'integrity' | 'none';

/** At most this many problems are collected; the first is the one reported. */
const MAX_PROBLEMS = 10;

/** null when SQLite finds the file sound, else its first problem (as SQLite words it). */
export function checkIntegrity(db: Database.Database, kind: Exclude<IntegrityCheck, 'none'>): string | null {
  const rows = db.pragma(`${kind === 'quick' ? 'quick_check' : 'integrity_check'}(${MAX_PROBLEMS})`) as Record<string, string>[];
  const lines = rows.map((r) => String(Object.values(r)[0]));
  if (lines.length === 1 && lines[0] === 'ok') return null;
  return lines[0] ?? 'no result';
}

/** SQLite's codes for a file that is not (or no longer) a sound database. */
export function isCorruption(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** The one line a damaged database is refused with. */
export function damagedMessage(path: string, problem: string, found: 'quick' | 'integrity' | 'open' | 'read'): string {
  const by = found === 'quick' ? 'SQLite quick_check' : found === 'integrity' ? 'SQLite integrity_check' : 'SQLite';
  return `${path} is damaged (${by}: ${problem.replace(/\s+/g, ' ').slice(0, 200)}); it was not read further and nothing was written to it — use a backup or the database of an evidence pack`;
}
