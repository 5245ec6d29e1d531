// Reading the stored event rows (schema 4's `event_rows`) without the `events` view, for the
// readers that go over a whole run (the report's timeline pass, its PI-value and network passes).
// The view resolves five references per row with LEFT JOINs into names and attributions; at 1M
// events that join is most of a page's cost, while a run has a few hundred distinct names and
// attributions. Here a reader takes the integer columns and resolves each reference once, from
// the same side tables the view joins (store/schema.ts EVENTS_VIEW), so a value read here is
// the value the view gives. Read-only: nothing here writes, and the schema is the store's.
import type { Db } from './db.js';

/** The table the `events` view reads (schema 4): what a whole-run reader scans. */
export const EVENT_ROWS = 'event_rows';

/**
 * The first and last event id of a run (nulls for a run without events): whole-run readers walk
 * it in rowid ranges between them (`+run_id` in their WHERE keeps SQLite on the rowid).
 */
export function runIdBounds(db: Db, runId: number): { lo: number | null; hi: number | null } {
  return db.prepare(`SELECT min(id) AS lo, max(id) AS hi FROM ${EVENT_ROWS} WHERE run_id = ?`).get(runId) as { lo: number | null; hi: number | null };
}

/** An attribution row as the `events` view joins it (party, via, frame, chain, json AS attribution). */
export interface AttributionRef {
  party: string | null;
  via: string | null;
  frame: string | null;
  chain: string | null;
  json: string | null;
}

const NO_ATTRIBUTION: AttributionRef = { party: null, via: null, frame: null, chain: null, json: null };

/**
 * The text of names references (thread, api, hook, stack) and the attribution of attribution
 * references, each looked up once per connection lifetime of the reader and cached. A reference
 * with no row (cannot happen through the store's triggers) reads as null, as the view's LEFT JOIN gives.
 */
export class RowRefs {
  private readonly names = new Map<number, string | null>();
  private readonly attributions = new Map<number, AttributionRef>();
  private readonly nameStmt;
  private readonly attributionStmt;

  constructor(db: Db) {
    this.nameStmt = db.prepare('SELECT text FROM names WHERE id = ?');
    this.attributionStmt = db.prepare('SELECT party, via, frame, chain, json FROM attributions WHERE id = ?');
  }

  name(ref: number | null): string | null {
    if (ref === null) return null;
    let v = this.names.get(ref);
    if (v === undefined) {
      v = (this.nameStmt.get(ref) as { text: string } | undefined)?.text ?? null;
      this.names.set(ref, v);
    }
    return v;
  }

  attribution(ref: number | null): AttributionRef {
    if (ref === null) return NO_ATTRIBUTION;
    let v = this.attributions.get(ref);
    if (v === undefined) {
      v = (this.attributionStmt.get(ref) as AttributionRef | undefined) ?? NO_ATTRIBUTION;
      this.attributions.set(ref, v);
    }
    return v;
  }
}
