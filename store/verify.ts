// Re-walks a run's hash chain: every event row's hash must follow from the previous one and the
// row's content, stack frames must match the SHA-256 the chain covered, and the last hash must be
// the run's recorded head. Any modified, missing, inserted or reordered row is reported.
import { CHAIN_GENESIS, chainHash, sha256Hex, type ChainedContent } from './chain.js';
import type { Db } from './db.js';

export interface ChainProblem {
  eventId: number | null;
  problem: string;
}

export interface ChainReport {
  runId: number;
  events: number;
  head: string | null;
  ok: boolean;
  problems: ChainProblem[];
}

const MAX_PROBLEMS = 50;

export function verifyRunChain(db: Db, runId: number, expectedHead?: string | null): ChainReport {
  const problems: ChainProblem[] = [];
  const add = (eventId: number | null, problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ eventId, problem });
  };

  const stackSha = new Map<string, string>();
  for (const s of db.prepare('SELECT id, frames, sha256 FROM stacks WHERE run_id = ?').iterate(runId) as Iterable<{ id: string; frames: string; sha256: string }>) {
    if (sha256Hex(s.frames) !== s.sha256) add(null, `stack ${s.id}: frames do not match their recorded SHA-256 (modified)`);
    stackSha.set(s.id, s.sha256);
  }

  let prev = CHAIN_GENESIS;
  let n = 0;
  const rows = db
    .prepare(
      `SELECT id, run_id, source, pid, seq, t, tid, thread, kind, api, hook, data_type, args, ret, thrown, detail, stack, origins, hash
       FROM events WHERE run_id = ? ORDER BY id`,
    )
    .iterate(runId) as Iterable<ChainedContent & { id: number; hash: string }>;
  for (const row of rows) {
    n++;
    const sha = row.stack === null ? null : (stackSha.get(row.stack) ?? null);
    if (row.stack !== null && sha === null) add(row.id, `event ${row.id}: its stack ${row.stack} is missing`);
    const expected = chainHash(prev, row, sha);
    if (expected !== row.hash) {
      add(row.id, `event ${row.id}: hash does not follow from the previous event and its content (modified, inserted, deleted or reordered rows)`);
    }
    prev = row.hash;
  }
  const run = db.prepare('SELECT chain_head FROM runs WHERE id = ?').get(runId) as { chain_head: string | null } | undefined;
  if (run === undefined) add(null, `run ${runId} does not exist`);
  const head = n === 0 ? null : prev;
  const recorded = expectedHead !== undefined ? expectedHead : (run?.chain_head ?? null);
  if ((recorded ?? null) !== (head ?? null) && !(n === 0 && (recorded === null || recorded === CHAIN_GENESIS))) {
    add(null, `chain head ${head ?? '(none)'} differs from the recorded head ${recorded ?? '(none)'} (events removed from the end, or added)`);
  }
  return { runId, events: n, head, ok: problems.length === 0, problems };
}
