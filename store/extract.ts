// A database extract of one run, for evidence packs: a fresh SQLite file with the sdktrace schema
// holding that run's rows only (same ids, so a report's evidence references stay valid), in
// rollback-journal mode so the file alone is the whole database. A store operation: the pack
// exporter (reports/pack) calls it, and nothing in reports/ writes to a database itself. The
// project database is only read, through a read-only connection (an ATTACH would open it for
// writing: this SQLite build takes no `mode=ro` URI there).
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { Store } from './db.js';

/**
 * Tables holding a run's rows, parents first: the shared side tables (names, attributions; only
 * the rows the run's events reference are copied), then the run's own. `events` is a view over
 * event_rows and the side tables (store/schema.ts), so it is not copied itself.
 */
export const RUN_TABLES = ['names', 'attributions', 'processes', 'stacks', 'event_rows', 'launches', 'net_flows', 'hook_status', 'protocol_errors'] as const;

/** The WHERE of a table's rows of run @run. */
const OF_RUN: Record<string, string> = {
  runs: 'id = @run',
  names: `id IN (SELECT thread_ref FROM event_rows WHERE run_id = @run UNION SELECT api_ref FROM event_rows WHERE run_id = @run
    UNION SELECT hook_ref FROM event_rows WHERE run_id = @run UNION SELECT stack_ref FROM event_rows WHERE run_id = @run)`,
  attributions: 'id IN (SELECT attribution_ref FROM event_rows WHERE run_id = @run)',
};

export function extractRun(srcPath: string, runId: number, destPath: string): { events: number } {
  for (const p of [destPath, `${destPath}-wal`, `${destPath}-shm`, `${destPath}-journal`]) if (existsSync(p)) rmSync(p);
  Store.open(destPath, { create: true }).close();
  const db = new Database(destPath);
  const src = new Database(srcPath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    db.transaction(() => {
      for (const t of ['runs', ...RUN_TABLES]) {
        // Integers as BigInt both ways: ids and times copied exactly, whatever their size.
        const select = src.prepare(`SELECT * FROM ${t} WHERE ${OF_RUN[t] ?? 'run_id = @run'}`).safeIntegers(true);
        const cols = select.columns().map((c) => c.name);
        const insert = db.prepare(`INSERT INTO main.${t} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
        for (const row of select.raw(true).iterate({ run: BigInt(runId) }) as IterableIterator<unknown[]>) insert.run(...row);
      }
    })();
    const n = (db.prepare('SELECT count(*) AS n FROM events WHERE run_id = ?').get(runId) as { n: number }).n;
    db.exec('VACUUM');
    return { events: n };
  } finally {
    src.close();
    db.close();
  }
}
