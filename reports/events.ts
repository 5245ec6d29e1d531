// Every event of a run as a spreadsheet row (the Events sheet of the XLSX report and `report
// --format events-csv`): time, process, thread, phase, SDK, kind, API, data type, target and stack
// id, so an analyst can filter and pivot the evidence behind each finding themselves. The report
// model stays aggregate-only (its size does not grow with the run); these rows are read in pages
// from the analysis table buildReport left on the connection (recomputed phase and actor), read-only.
import type { Db } from '../store/db.js';
import { ANALYSIS_TABLE } from '../analysis/timeline.js';
import type { ActorDirectory } from '../analysis/actor.js';
import { UserError } from '../protocol/errors.js';
import { EVENT_ROWS } from '../store/rows.js';

export const EVENT_COLUMNS = ['event_id', 'time', 'pid', 'process', 'thread', 'phase', 'sdk_id', 'sdk_name', 'kind', 'api', 'data_type', 'target', 'stack_id'] as const;

export interface EventRow {
  id: number;
  /** Device time. */
  t: number;
  pid: number | null;
  process: string | null;
  thread: string | null;
  phase: string;
  actor: string;
  actorName: string;
  kind: string;
  api: string | null;
  dataType: string | null;
  /** Where it went or what it reached: host:port (or URL) for network events, the app or component for launches. */
  target: string | null;
  stackId: string | null;
}

/** A function the renderers call to stream a run's events (they never see the database). */
export type EventSource = () => Iterable<EventRow>;

const PAGE = 5000;

/**
 * Pages through a run's events in id order; call after buildReport (it creates the analysis table).
 * Each page is an id range of the analysis table (`+e.run_id`: with an index on run_id, SQLite read
 * every event of the run in data-type order and sorted them for each page of 5,000, quadratic: the
 * Events sheet of a 1M-event run spent minutes here).
 */
export function eventSource(db: Db, runId: number, actors: Pick<ActorDirectory, 'get'>, lang: 'en' | 'zh' = 'en'): EventSource {
  return function* () {
    const page = db.prepare(
      `SELECT a.id AS id, a.t AS t, a.pid AS pid, pr.name AS process, e.thread AS thread, a.phase AS phase, a.actor AS actor, a.kind AS kind,
              e.api AS api, a.data_type AS dt, e.stack AS stack,
              n.host AS host, n.ip AS ip, n.port AS port, n.url AS url, l.target_package AS lpkg, l.component AS lcomp, l.action AS laction
       FROM ${ANALYSIS_TABLE} a JOIN events e ON e.id = a.id
       LEFT JOIN processes pr ON pr.id = a.process_id
       LEFT JOIN net_flows n ON n.event_id = a.id
       LEFT JOIN launches l ON l.event_id = a.id
       WHERE a.id > ? AND +e.run_id = ? ORDER BY a.id LIMIT ${PAGE}`,
    );
    let last = 0;
    for (;;) {
      const rows = page.all(last, runId) as {
        id: number; t: number; pid: number | null; process: string | null; thread: string | null; phase: string; actor: string; kind: string;
        api: string | null; dt: string | null; stack: string | null; host: string | null; ip: string | null; port: number | null; url: string | null;
        lpkg: string | null; lcomp: string | null; laction: string | null;
      }[];
      for (const r of rows) {
        const a = actors.get(r.actor);
        const dest = r.host ?? r.ip;
        const target = dest !== null ? `${dest}${r.port !== null ? `:${r.port}` : ''}` : r.url ?? r.lpkg ?? r.lcomp ?? r.laction;
        yield {
          id: r.id, t: r.t, pid: r.pid, process: r.process, thread: r.thread, phase: r.phase, actor: r.actor,
          actorName: lang === 'zh' && a.nameZh !== null ? a.nameZh : a.name,
          kind: r.kind, api: r.api, dataType: r.dt, target, stackId: r.stack,
        };
      }
      if (rows.length < PAGE) return;
      last = rows[rows.length - 1]!.id;
    }
  };
}

/** A personal-information event's text values: detail.values and the string return value. */
export interface PiValueRow {
  id: number;
  dataType: string;
  actor: string;
  values: string[];
}

/**
 * The values every personal-information event of a run saw, in event id order, one row per event
 * (reports/flows.ts piValues). One pass in id order over the run's PI events (the (run_id, kind)
 * index, rows fetched in rowid order), each detail and return value parsed once in JavaScript.
 * It replaced three json_each/json_extract subqueries joined to the analysis table by id and
 * grouped over every value: a random-order read of the events table three times over, a quarter
 * of the report's time at 1M events. The values are what those subqueries took, in their order:
 * the text items of detail.values (json_each: an array's items, an object's member values, or
 * a lone value), the return value when it is text, and ret.str of a {"$": "obj"} return value.
 */
export function* piValueRows(db: Db, runId: number, table: string): Generator<PiValueRow> {
  // Rows as arrays (`raw`): an object per row is a share of the read at 1M events (see buildTimeline).
  const rows = db
    .prepare(
      `SELECT e.id, e.data_type, p.actor, e.detail, e.ret
       FROM ${EVENT_ROWS} e JOIN ${table} p ON p.id = e.id
       WHERE e.run_id = ? AND e.kind = 'pi' AND e.data_type IS NOT NULL ORDER BY e.id`,
    )
    .raw(true)
    .iterate(runId) as Iterable<[id: number, dataType: string, actor: string, detail: string | null, ret: string | null]>;
  for (const [id, dataType, actor, detailText, retText] of rows) {
    const values: string[] = [];
    const detail = parseJson(detailText, id, 'detail');
    if (detail !== null && typeof detail === 'object' && !Array.isArray(detail) && 'values' in detail) {
      const v = (detail as Record<string, unknown>).values;
      if (typeof v === 'string') values.push(sqliteText(v));
      else if (v !== null && typeof v === 'object') for (const x of Array.isArray(v) ? v : Object.values(v)) if (typeof x === 'string') values.push(sqliteText(x));
    }
    const ret = parseJson(retText, id, 'ret');
    if (typeof ret === 'string') values.push(sqliteText(ret));
    else if (ret !== null && typeof ret === 'object' && !Array.isArray(ret)) {
      const o = ret as Record<string, unknown>;
      if (o.$ === 'obj' && typeof o.str === 'string') values.push(sqliteText(o.str));
    }
    yield { id, dataType, actor, values };
  }
}

/** A network event's columns and detail fields as reports/flows.ts scanNetwork reads them. */
export interface NetEventRow {
  id: number;
  seq: number | null;
  t: number;
  pid: number | null;
  tid: number | null;
  actor: string;
  chain: string | null;
  recordOf: string | null;
  hostFrom: string | null;
  fd: number | null;
  op: string | null;
  /** JSON text of the answer's addresses (as json_extract gives an array). */
  ips: string | null;
  host: string | null;
  ip: string | null;
  port: number | null;
  proto: string | null;
  /** 1, 0 or null (as json_extract gives a JSON boolean). */
  tls: number | null;
  layer: string | null;
  url: string | null;
  bytes: number | null;
  sample: string | null;
  enc: string | null;
  domainSdk: string | null;
}

/**
 * Every network event of a run in device-time order (ties by id), with its detail's fields.
 * The detail is parsed once here (half the CPU of the fifteen json_extract calls per row this
 * replaced, measured on the 1M-event bench run: 1.7 s against 3.7 s), and each field is given
 * as json_extract gave it: absent or null -> null, booleans -> 1/0, arrays and objects -> their
 * JSON text. `withSample`: false leaves the payload samples unread (no PI value to look for).
 * The rows are `event_rows` (store/rows.ts), the chain the analysis table's copy of the
 * view's: the view's joins per row are not paid for columns this reader does not take.
 * The order comes from the analysis table's narrow rows (ids sorted by time), the events then
 * read by id, 500 to a statement (NET_READ_CHUNK): sorting whole rows made SQLite carry every
 * detail through a temp B-tree (at 1M events, 98 MB of network details: 4.6 s wall for the old
 * query, against 0.26 s for the sorted ids and 1.65 s for reading each detail by id, in the same
 * process).
 */
export function* netEventRows(db: Db, table: string, withSample: boolean): Generator<NetEventRow> {
  const order = db.prepare(`SELECT id FROM ${table} WHERE kind = 'net' ORDER BY t, id`).pluck().all() as number[];
  const byIds = db
    .prepare(
      `SELECT e.id, e.seq, e.t, e.pid, e.tid, p.actor, p.chain, e.detail, (SELECT n.domain_sdk FROM net_flows n WHERE n.event_id = e.id)
       FROM ${table} p JOIN ${EVENT_ROWS} e ON e.id = p.id WHERE p.id IN (SELECT value FROM json_each(?)) AND e.detail IS NOT NULL`,
    )
    .raw(true);
  const read = new Map<number, NetRowColumns>();
  for (let from = 0; from < order.length; from += NET_READ_CHUNK) {
    const ids = order.slice(from, from + NET_READ_CHUNK);
    read.clear();
    for (const r of byIds.all(JSON.stringify(ids)) as NetRowColumns[]) read.set(r[0], r);
    for (const id of ids) {
      const r = read.get(id);
      if (r === undefined) continue;
      yield netEventRow(r, withSample);
    }
  }
}

/** A network event's columns as netEventRows reads them, in its statement's order. */
type NetRowColumns = [id: number, seq: number | null, t: number, pid: number | null, tid: number | null, actor: string, chain: string | null, detail: string, domainSdk: string | null];

/**
 * Network events read per statement by netEventRows: a chunk of the time-ordered ids is read in
 * one statement (an IN list over the rowids) and handed out in the chunk's order. One `get` per
 * event (257,404 at 1M events) paid a statement's bind, step and reset each time.
 */
const NET_READ_CHUNK = 500;

function netEventRow(r: NetRowColumns, withSample: boolean): NetEventRow {
  const [id, seq, t, pid, tid, actor, chain, detail, domainSdk] = r;
  const v = parseJson(detail, id, 'detail');
  const d = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  return {
    id, seq, t, pid, tid, actor, chain, domainSdk,
    recordOf: sqlJson(d.recordOf) as string | null,
    hostFrom: sqlJson(d.hostFrom) as string | null,
    fd: sqlJson(d.fd) as number | null,
    op: sqlJson(d.op) as string | null,
    ips: sqlJson(d.ips) as string | null,
    host: sqlJson(d.host) as string | null,
    ip: sqlJson(d.ip) as string | null,
    port: sqlJson(d.port) as number | null,
    proto: sqlJson(d.proto) as string | null,
    tls: sqlJson(d.tls) as number | null,
    layer: sqlJson(d.layer) as string | null,
    url: sqlJson(d.url) as string | null,
    bytes: sqlJson(d.bytes) as number | null,
    sample: withSample ? (sqlJson(d.sample) as string | null) : null,
    enc: sqlJson(d.sampleEncoding) as string | null,
  };
}

/** A parsed JSON value as SQLite's json_extract returns it. */
function sqlJson(v: unknown): string | number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return sqliteText(v);
  if (typeof v === 'number') return v;
  return JSON.stringify(v);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A JSON string as SQLite's JSON functions hand it to JavaScript: SQLite writes a lone surrogate
 * escape (\ud800) as its three UTF-8 bytes, which better-sqlite3 reads back as three U+FFFD
 * (checked with json_extract on this SQLite). JSON.parse keeps the lone surrogate, which
 * encodeURIComponent, among others, refuses.
 */
function sqliteText(s: string): string {
  LONE_SURROGATE.lastIndex = 0;
  return LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATE, '\ufffd\ufffd\ufffd') : s;
}

/**
 * A stored JSON column, parsed. Ingest stores what it validated as JSON, so text that does not
 * parse means a damaged database: the report stops and names the event and column (SQLite's JSON
 * functions, which these reads replaced, stopped the report too, without saying where).
 */
function parseJson(s: string | null, id: number, column: string): unknown {
  if (s === null) return null;
  try {
    return JSON.parse(s) as unknown;
  } catch (e) {
    throw new UserError(`event ${id}: its ${column} column is not JSON (${(e as Error).message}); the database may be damaged: check it with sdktrace verify DB`);
  }
}
