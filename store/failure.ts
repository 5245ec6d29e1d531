// Why a write failed, told apart in one place for both connections that write a run (the main
// thread's and the writer thread's, store/writer.ts): a failure of the store itself (full, I/O
// error, read-only, corrupt, locked by another writer, closed) means nothing more can be kept, so
// the run ends; any other failure belongs to what was being written (a value SQLite refuses to
// bind, a constraint, a bug of ours on strange content), so that batch is refused and recorded as
// a protocol error (store/refusal.ts) while the run goes on. Ingest's synchronous path and the
// writer thread classify with the same function, so a failure never ends a run on one path and
// not on the other.

/** SQLite codes that are the statement's own fault (a bad value), not the store's. */
const STATEMENT_CODES = /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/;

/**
 * Whether an error means the database can no longer store (full, I/O error, read-only, corrupt,
 * locked by another writer, closed), as opposed to one message being wrong.
 */
export function isStorageFailure(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (e.name === 'SqliteError' && typeof code === 'string') return !STATEMENT_CODES.test(code);
  // better-sqlite3 refuses statements on a closed connection with a TypeError.
  return /database connection is not open/i.test(e.message);
}

/** A failure as it crosses threads and is recorded: the error's name, SQLite's code when it has one, its message. */
export interface Failure {
  name: string;
  code: string | null;
  message: string;
}

export function failureOf(e: unknown): Failure {
  const err: Error & { code?: unknown } = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, code: typeof err.code === 'string' ? err.code : null, message: err.message };
}
