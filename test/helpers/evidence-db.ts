// A small real sdktrace database (one run built through ingest, fully checkpointed so the file
// alone holds it) for the tests that hand database files to commands and then check that nothing
// was written; and the file hash those checks compare. Shared by the hardening tests.
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import type { ProcessContext } from '../../host/ingest/types.js';
import { Run } from '../reports/helpers.js';

/**
 * Builds one run in a fresh database (`fill` records events into its main process, already
 * resumed), ends it, checkpoints the WAL into the file and copies the file to `dest`.
 */
export function seedEvidenceDb(dest: string, fill: (r: Run, main: ProcessContext) => void): string {
  const r = Run.create();
  const main = r.process();
  r.resume(main);
  fill(r, main);
  r.end();
  r.store.db.pragma('wal_checkpoint(TRUNCATE)');
  r.store.close();
  copyFileSync(r.store.path, dest);
  return dest;
}

/** SHA-256 of a file's bytes, hex. */
export const sha256File = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
