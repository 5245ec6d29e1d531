// Reads a run for the dashboard: pages of events by offset (for the virtualised list) or after an
// id (resync), counts under a filter, one event's details with its stacks, the processes, the
// other apps seen starting, and the rows that seed the aggregates. Built for runs of millions of
// events: offsets go through a sparse index of every 1024th matching id per filter, extended
// incrementally as the run grows, so no query scans more than one step of rows to find a page.
import type { Statement } from 'better-sqlite3';
import { processView, type Db, type ProcessRow, type RunRow } from '../../store/db.js';
import type { AggInput } from './aggregate.js';
import { consentSource } from './aggregate.js';
import type { EventDetail, Filter, Frame, GroupKey, GroupPage, LiveRow, OtherApp, ProcessesView, RunView } from './protocol.js';
import { filterKey, filterSql, groupKeyOf, liveRow, ROW_COLUMNS, sameKey, type EventColumns } from './rows.js';
import { actorSql } from '../../analysis/actor.js';

const STEP = 1024;
const MAX_INDEXES = 16;
const MAX_ORIGINS = 8;
/** Rows one /api/group request reads at most (the page continues from `next`). */
const GROUP_SCAN = 5000;

interface DbRow extends EventColumns {
  id: number;
}

export function runView(r: RunRow | undefined): RunView | null {
  if (r === undefined) return null;
  return {
    id: r.id,
    mode: r.mode,
    package: r.package,
    device: r.device_name,
    deviceKind: r.device_kind,
    osVersion: r.os_version,
    apiLevel: r.api_level,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    endReason: r.end_reason,
  };
}

/** Matching ids of one filter: every STEP-th id, and how many match up to `scanned`. */
class RowIndex {
  readonly checkpoints: number[] = [];
  count = 0;
  scanned: number;
  lastUsed = 0;

  constructor(
    private readonly q: RunQuery,
    readonly filter: Filter,
    from: number,
  ) {
    this.scanned = from;
  }

  extend(upTo: number): void {
    if (upTo <= this.scanned) return;
    for (const id of this.q.ids(this.filter, this.scanned, upTo)) {
      if (this.count % STEP === 0) this.checkpoints.push(id);
      this.count++;
    }
    this.scanned = upTo;
  }

  /** Matching events with id <= upTo. */
  countUpTo(upTo: number): number {
    if (upTo >= this.scanned) {
      this.extend(upTo);
      return this.count;
    }
    // An older bound: the last checkpoint at or below it, then count the rest (< STEP rows).
    let lo = 0;
    let hi = this.checkpoints.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.checkpoints[mid]! <= upTo) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (k < 0) return 0;
    return k * STEP + this.q.countRange(this.filter, this.checkpoints[k]! - 1, upTo);
  }

  /** Id of the matching event at an offset (ensuring the index covers `upTo`), or null. */
  checkpointFor(offset: number, upTo: number): { id: number; skip: number } | null {
    this.extend(upTo);
    const k = Math.floor(offset / STEP);
    const id = this.checkpoints[k];
    return id === undefined ? null : { id, skip: offset - k * STEP };
  }
}

export class RunQuery {
  private readonly indexes = new Map<string, RowIndex>();
  private useCounter = 0;
  /** Lowest id of the run minus one (ids of a run are above it). */
  private floor: number;
  private readonly stmts = new Map<string, Statement<unknown[]>>();

  constructor(
    readonly db: Db,
    readonly runId: number,
  ) {
    const r = db.prepare('SELECT min(id) AS lo FROM events WHERE run_id = ?').get(runId) as { lo: number | null };
    this.floor = r.lo === null ? this.maxId() : r.lo - 1;
  }

  private stmt(sql: string): Statement<unknown[]> {
    let s = this.stmts.get(sql);
    if (s === undefined) {
      s = this.db.prepare<unknown[]>(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** Highest event id in the database (any run): an upper bound for this run's ids. */
  maxId(): number {
    return ((this.db.prepare('SELECT max(id) AS m FROM events').get() as { m: number | null }).m ?? 0);
  }

  /** Highest id of this run's events. */
  head(): number {
    // event_rows: NOT INDEXED has no effect on the events view (store/schema.ts), only on a table.
    const r = this.stmt('SELECT id FROM event_rows NOT INDEXED WHERE id > ? AND run_id = ? ORDER BY id DESC LIMIT 1').get(this.floor, this.runId) as { id: number } | undefined;
    return r?.id ?? this.floor;
  }

  run(): RunView | null {
    return runView(this.db.prepare('SELECT * FROM runs WHERE id = ?').get(this.runId) as RunRow | undefined);
  }

  /**
   * The FROM/WHERE of a filtered id range. Filters on kind or actor use their index (entries in
   * rowid order within a value); others scan the run's rowid range, never the run_id/t index
   * (which would need a sort).
   */
  private where(f: Filter): { sql: string; params: unknown[] } {
    const { sql, params } = filterSql(f);
    const indexed = f.kind !== undefined || f.actor !== undefined;
    // `+run_id`: no index on run_id for this term (NOT INDEXED does not reach through the events view).
    return { sql: `FROM events WHERE id > ? AND id <= ? AND ${indexed ? '' : '+'}run_id = ? AND ${sql}`, params };
  }

  ids(f: Filter, after: number, upTo: number): IterableIterator<number> {
    const w = this.where(f);
    return (this.stmt(`SELECT id ${w.sql} ORDER BY id`).pluck().iterate(Math.max(after, this.floor), upTo, this.runId, ...w.params) as IterableIterator<number>);
  }

  countRange(f: Filter, after: number, upTo: number): number {
    const w = this.where(f);
    return (this.stmt(`SELECT count(*) ${w.sql}`).pluck().get(Math.max(after, this.floor), upTo, this.runId, ...w.params) as number);
  }

  private index(f: Filter): RowIndex {
    const key = filterKey(f);
    let ix = this.indexes.get(key);
    if (ix === undefined) {
      if (this.indexes.size >= MAX_INDEXES) {
        const oldest = [...this.indexes.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0]!;
        this.indexes.delete(oldest[0]);
      }
      ix = new RowIndex(this, f, this.floor);
      this.indexes.set(key, ix);
    }
    ix.lastUsed = ++this.useCounter;
    return ix;
  }

  count(f: Filter, upTo: number): number {
    return this.index(f).countUpTo(upTo);
  }

  /** Matching events from an offset, in id order, none above upTo. */
  page(f: Filter, offset: number, limit: number, upTo: number): LiveRow[] {
    const cp = this.index(f).checkpointFor(offset, upTo);
    if (cp === null) return [];
    const w = this.where(f);
    const rows = this.stmt(`SELECT ${ROW_COLUMNS} ${w.sql} ORDER BY id LIMIT ? OFFSET ?`).all(cp.id - 1, upTo, this.runId, ...w.params, limit, cp.skip) as DbRow[];
    return rows.map((r) => liveRow(r.id, r));
  }

  /** Matching events with after < id <= upTo, in id order. */
  after(f: Filter, after: number, limit: number, upTo: number): LiveRow[] {
    const w = this.where(f);
    const rows = this.stmt(`SELECT ${ROW_COLUMNS} ${w.sql} ORDER BY id LIMIT ?`).all(Math.max(after, this.floor), upTo, this.runId, ...w.params, limit) as DbRow[];
    return rows.map((r) => liveRow(r.id, r));
  }

  /**
   * A coalesced group's rows (protocol.ts RowGroup) with after < id <= to, in id order. The key is
   * tested on the LiveRow, with the very function the feed grouped by (rows.ts groupKeyOf), so the
   * rows are exactly those it counted; at most GROUP_SCAN rows are read per call.
   */
  group(from: number, to: number, key: GroupKey | null, after: number, limit: number): GroupPage {
    let cursor = Math.max(from, after);
    const rows: LiveRow[] = [];
    let scanned = 0;
    while (rows.length < limit && scanned < GROUP_SCAN && cursor < to) {
      const part = this.after({}, cursor, Math.min(1000, GROUP_SCAN - scanned), to);
      if (part.length === 0) {
        cursor = to;
        break;
      }
      for (const r of part) {
        cursor = r.id;
        scanned++;
        if (key === null || sameKey(groupKeyOf(r), key)) {
          rows.push(r);
          if (rows.length >= limit) break;
        }
      }
    }
    return { rows, next: cursor, done: cursor >= to };
  }

  /** Rows for the aggregates, in id order: after < id <= upTo, at most `limit`. */
  aggRows(after: number, upTo: number, limit: number): AggInput[] {
    const rows = this.stmt(`SELECT id, t, source, kind, data_type, phase, consent, ${actorSql('events')} AS actor, party, api FROM events WHERE id > ? AND id <= ? AND +run_id = ? ORDER BY id LIMIT ?`)
      .raw()
      .all(Math.max(after, this.floor), upTo, this.runId, limit) as [number, number, string, string, string | null, string | null, string | null, string, string | null, string | null][];
    return rows.map(([id, t, source, kind, dataType, phase, consent, actor, party, api]) => ({
      id,
      t,
      source,
      kind,
      dataType,
      phase,
      consent,
      actor,
      party,
      markSource: () => consentSource(kind, api, (this.stmt('SELECT detail FROM events WHERE id = ?').pluck().get(id) as string | null) ?? null),
    }));
  }

  /** An SDK's name and category, from the attribution JSON of one of its events. */
  sdkName(sdk: string): { name: string; category: string | null } | null {
    const r = this.stmt("SELECT json_extract(attribution, '$.sdk.name') AS name, json_extract(attribution, '$.sdk.category') AS category FROM events WHERE run_id = ? AND sdk = ? AND attribution IS NOT NULL LIMIT 1").get(this.runId, sdk) as
      | { name: unknown; category: unknown }
      | undefined;
    if (r === undefined) return null;
    return { name: typeof r.name === 'string' ? r.name : sdk, category: typeof r.category === 'string' ? r.category : null };
  }

  private frames(id: string | null): Frame[] | null {
    if (id === null) return null;
    const f = this.stmt('SELECT frames FROM stacks WHERE run_id = ? AND id = ?').pluck().get(this.runId, id) as string | undefined;
    if (f === undefined) return null;
    try {
      return JSON.parse(f) as Frame[];
    } catch {
      return null;
    }
  }

  detail(id: number): EventDetail | null {
    const r = this.stmt('SELECT * FROM events WHERE id = ? AND run_id = ?').get(id, this.runId) as
      | (DbRow & { hook: string | null; tid: number | null; seq: number | null; process_id: number | null; args: string | null; ret: string | null; thrown: string | null; origins: string | null; attribution: string | null })
      | undefined;
    if (r === undefined) return null;
    const parse = (s: string | null): unknown => {
      if (s === null) return null;
      try {
        return JSON.parse(s);
      } catch {
        return s;
      }
    };
    const originIds = (parse(r.origins) as unknown[] | null) ?? [];
    const proc = r.process_id === null ? undefined : (this.stmt('SELECT name FROM processes WHERE id = ?').pluck().get(r.process_id) as string | undefined);
    const a = parse(r.attribution) as EventDetail['attribution'] | string | null;
    return {
      row: liveRow(r.id, r),
      hook: r.hook,
      tid: r.tid,
      seq: r.seq,
      processName: proc ?? null,
      args: parse(r.args),
      ret: parse(r.ret),
      thrown: r.thrown,
      detail: parse(r.detail),
      stackId: r.stack,
      frames: this.frames(r.stack),
      origins: (Array.isArray(originIds) ? originIds : []).slice(0, MAX_ORIGINS).map((o) => ({ id: String(o), frames: this.frames(String(o)) })),
      attribution: typeof a === 'object' && a !== null ? a : null,
    };
  }

  processes(): ProcessesView {
    const procs = this.db.prepare('SELECT * FROM processes WHERE run_id = ? ORDER BY id').all(this.runId) as ProcessRow[];
    const spawns = this.db
      .prepare("SELECT id, t, detail FROM events WHERE run_id = ? AND kind = 'device' AND api = 'device.spawnAdded' ORDER BY id")
      .all(this.runId) as { id: number; t: number; detail: string | null }[];
    const others = new Map<string, OtherApp>();
    for (const s of spawns) {
      let d: Record<string, unknown>;
      try {
        d = JSON.parse(s.detail ?? '{}') as Record<string, unknown>;
      } catch {
        continue;
      }
      if (d.other !== true || typeof d.package !== 'string') continue;
      let o = others.get(d.package);
      if (o === undefined) {
        o = { package: d.package, identifiers: [], firstT: s.t, firstEventId: s.id, starts: 0 };
        others.set(d.package, o);
      }
      o.starts++;
      if (typeof d.identifier === 'string' && !o.identifiers.includes(d.identifier) && o.identifiers.length < 20) o.identifiers.push(d.identifier);
    }
    return {
      processes: procs.map(processView),
      otherApps: [...others.values()],
    };
  }
}
