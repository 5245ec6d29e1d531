// A database extract of one run, for evidence packs: a fresh SQLite file with the sdktrace schema
// holding that run's rows only (same ids, so a report's evidence references stay valid), in
// rollback-journal mode so the file alone is the whole database. A store operation: the pack
// exporter (reports/pack) calls it, and nothing in reports/ writes to a database itself.
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { Store } from './db.js';

/** Tables holding a run's rows, parents first. */
export const RUN_TABLES = ['processes', 'stacks', 'events', 'launches', 'net_flows', 'hook_status', 'protocol_errors'] as const;

export function extractRun(srcPath: string, runId: number, destPath: string): { events: number } {
  for (const p of [destPath, `${destPath}-wal`, `${destPath}-shm`, `${destPath}-journal`]) if (existsSync(p)) rmSync(p);
  Store.open(destPath, { create: true }).close();
  const db = new Database(destPath);
  try {
    db.pragma('journal_mode = DELETE');
    db.prepare('ATTACH DATABASE ? AS src').run(srcPath);
    db.transaction(() => {
      db.prepare('INSERT INTO main.runs SELECT * FROM src.runs WHERE id = ?').run(runId);
      for (const t of RUN_TABLES) db.prepare(`INSERT INTO main.${t} SELECT * FROM src.${t} WHERE run_id = ?`).run(runId);
    })();
    db.exec('DETACH DATABASE src');
    const n = (db.prepare('SELECT count(*) AS n FROM events WHERE run_id = ?').get(runId) as { n: number }).n;
    db.exec('VACUUM');
    return { events: n };
  } finally {
    db.close();
  }
}
