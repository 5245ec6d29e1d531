// The events of a run of a few kinds with their actor and chain, as a temp table on a connection
// of its own: what a reader that runs beside the report's pass (the network scan's thread,
// reports/scan-thread.ts) needs from the analysis table, which lives on the pass's connection and
// is not filled yet when that reader starts. Its rows carry the analysis table's columns of the
// same names with the same values (id, t, kind, data_type, actor, chain), so the same queries give
// the same rows in the same order on either table; the actor comes from actorSql (analysis/
// actor.ts) over the same attribution columns the pass gives it, and the chain from the event's
// attribution row as the pass reads it (store/rows.ts RowRefs). No phase, consent or foreground:
// those need the pass.
import type { Db } from '../store/db.js';
import { EVENT_ROWS, runIdBounds } from '../store/rows.js';
import { actorSql } from './actor.js';

/** The table's name (a temp table of the connection that built it). */
export const ACTOR_TABLE = 'temp.sdktrace_kind_actor';

/** Events copied per statement: between two, `progress` is called (a thread's heartbeat). */
const CHUNK_IDS = 50_000;

/**
 * The test for a candidate TLS record (an engine socket's record naming the SSL_writes it carried):
 * a network event whose stored detail contains the text 'tls-record', not parsed. One expression
 * for the pass (analysis/timeline.ts) and this table, so the scan finds the same candidates on
 * either thread. Network events only (`kind = 'net' AND instr(...)` searched every event's
 * detail: AND evaluates both sides), and GLOB on text, whose leading `*` skips to each 't' with
 * strcspn (SQLite src/func.c, patternCompare): the same rows as instr (a substring either way);
 * instr stays for a detail stored as a blob, where GLOB would stop at a NUL.
 */
export function tlsRecordCandidateSql(e: string): string {
  return `CASE WHEN ${e}.kind <> 'net' THEN 0 WHEN typeof(${e}.detail) = 'text' THEN ${e}.detail GLOB '*tls-record*' ELSE instr(${e}.detail, 'tls-record') > 0 END`;
}

export interface ActorTable {
  table: string;
  /** Rows copied (the run's events of the kinds asked for). */
  rows: number;
  /**
   * Ids of the network events whose detail contains 'tls-record', in id order: a superset of the
   * run's TLS records, the same test the pass makes as it reads the run (analysis/timeline.ts
   * page query, RunAggregates.tlsRecordCandidates).
   */
  tlsRecordCandidates: number[];
}

/**
 * Builds the table of the run's events of `kinds` (replacing one left by an earlier call). The
 * actor of an event with an SDK is that SDK; without one it depends on the attribution row alone,
 * so it is computed once per attribution row (actorSql over a null SDK, the row's party and
 * JSON) and once for an event with no attribution row, not per event: actorSql per event took
 * ~1.9 s of json_extract and row copies at 1M events, the table ~1 s.
 */
export function buildActorTable(db: Db, runId: number, kinds: readonly string[], progress?: () => void): ActorTable {
  db.exec('DROP TABLE IF EXISTS temp.sdktrace_kind_actor');
  db.exec('DROP TABLE IF EXISTS temp.sdktrace_ref_actor');
  // The analysis table's declared types (analysis/timeline.ts), so values compare and sort alike.
  // tls_record: the candidate test made as the row is copied (its page is read then anyway).
  db.exec('CREATE TEMP TABLE sdktrace_kind_actor (id INTEGER PRIMARY KEY, t REAL, kind TEXT, data_type TEXT, actor, chain TEXT, tls_record INT)');
  db.exec('CREATE TEMP TABLE sdktrace_ref_actor (ref INTEGER PRIMARY KEY, actor, chain TEXT)');
  db.prepare(
    `INSERT INTO temp.sdktrace_ref_actor (ref, actor, chain)
     SELECT x.ref, ${actorSql('x')}, x.chain FROM (SELECT a.id AS ref, NULL AS sdk, a.party AS party, a.json AS attribution, a.chain AS chain FROM attributions a) x`,
  ).run();
  // An event with neither SDK nor attribution row (device and host events): the rule's answer for nothing.
  const noAttribution = db.prepare(`SELECT ${actorSql('x')} FROM (SELECT NULL AS sdk, NULL AS party, NULL AS attribution) x`).pluck().get() as string;
  const bounds = runIdBounds(db, runId);
  const kindList = kinds.map((k) => `'${k.replace(/'/g, "''")}'`).join(', ');
  // A rowid range per statement (`+run_id`, `+kind`: a scan in id order, not the (run_id, kind)
  // index's random reads of every row): the pages come in file order, as the pass reads them.
  const copy = db.prepare(
    `INSERT INTO temp.sdktrace_kind_actor (id, t, kind, data_type, actor, chain, tls_record)
     SELECT e.id, e.t, e.kind, e.data_type, coalesce(e.sdk, m.actor, ?), m.chain, ${tlsRecordCandidateSql('e')}
     FROM ${EVENT_ROWS} e LEFT JOIN temp.sdktrace_ref_actor m ON m.ref = e.attribution_ref
     WHERE +e.run_id = ? AND +e.kind IN (${kindList}) AND e.id >= ? AND e.id <= ?`,
  );
  let rows = 0;
  if (bounds.lo !== null && bounds.hi !== null) {
    for (let from = bounds.lo; from <= bounds.hi; from += CHUNK_IDS) {
      rows += copy.run(noAttribution, runId, from, Math.min(bounds.hi, from + CHUNK_IDS - 1)).changes;
      progress?.();
    }
  }
  db.exec('DROP TABLE temp.sdktrace_ref_actor');
  const tlsRecordCandidates = db.prepare('SELECT id FROM temp.sdktrace_kind_actor WHERE tls_record ORDER BY id').pluck().all() as number[];
  return { table: ACTOR_TABLE, rows, tlsRecordCandidates };
}
