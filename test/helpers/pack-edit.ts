// Editing an evidence pack's database extract (run.sqlite) with SQL, as a forger would: the one
// copy shared by the pack tests (test/reports/pack.test.ts, pack-forgery.test.ts). The edit works
// on a scratch file that is removed afterwards.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** An edit of a pack's files (for repack/forge) that runs `sql` on its run.sqlite. */
export function editDb(sql: (db: Database.Database) => void): (files: Record<string, Uint8Array>) => void {
  return (files) => {
    const scratch = mkdtempSync(join(tmpdir(), 'sdktrace-pack-edit-'));
    try {
      const p = join(scratch, 'run.sqlite');
      writeFileSync(p, files['run.sqlite']!);
      const db = new Database(p);
      sql(db);
      db.close();
      files['run.sqlite'] = readFileSync(p);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  };
}
