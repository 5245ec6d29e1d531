// Phases over a run's stored timeline: every event of every process in time order, through the
// one phase algorithm (analysis/phase.ts: readPhaseSignal + PhaseTracker) that ingest runs live,
// with the run's recorded ConsentConfig (or the analyst's additions). With the recorded config the
// result equals the stored phases column by construction. The result is a temp table (event id ->
// phase, consent, foreground, actor) the rules select evidence from in SQL, and the phase segments
// the timeline chart draws. The same pass hands each row to an observer (the report's aggregates,
// reports/aggregates.ts), so what is counted over the whole run is counted in this one read of it.
import type { Phase } from '../protocol/constants.js';
import type { Db } from '../store/db.js';
import { PhaseTracker, readPhaseSignal, type ConsentConfig, type ConsentSignal, type ConsentState } from './phase.js';
import { actorSql } from './actor.js';
import { tlsRecordCandidateSql } from './actor-table.js';
import { EVENT_ROWS, RowRefs, runIdBounds } from '../store/rows.js';

export { consentConfig, type ConsentApi, type ConsentConfig } from './phase.js';

export interface ConsentMark extends ConsentSignal {
  eventId: number;
  t: number;
  pid: number | null;
}

export interface Segment {
  start: number;
  end: number;
  phase: Phase;
  consent: ConsentState;
  foreground: boolean;
}

export interface Timeline {
  start: number | null;
  end: number | null;
  consent: ConsentMark[];
  /** Dialogs shown (titles), in order: where the privacy dialog appeared. */
  dialogs: { eventId: number; t: number; text: string | null }[];
  segments: Segment[];
  phaseCounts: Record<string, number>;
  /**
   * The run's analysis table (temp): one narrow row per event with its recomputed phase, consent
   * and foreground, and its actor (see actors.ts) — id, t, pid, process_id, source, kind,
   * data_type, party, actor, chain, phase, consent, fg. Rules select their evidence from it.
   */
  table: string;
  config: ConsentConfig;
}

/**
 * One row of the analysis table as the pass writes it, handed to the pass's observer (the report's
 * aggregates, reports/aggregates.ts) so what is counted per event is counted in this one read of
 * the run. The same object is reused for every row: an observer copies what it keeps.
 */
export interface AnalysisRow {
  id: number;
  t: number;
  pid: number | null;
  processId: number | null;
  source: string;
  kind: string;
  dataType: string | null;
  party: string | null;
  actor: string;
  chain: string | null;
  phase: Phase;
  consent: ConsentState;
  foreground: boolean;
  /**
   * A network event whose stored detail contains the text 'tls-record' (SQLite's instr over the
   * page's detail, not parsed): a candidate TLS record of an engine socket. reports/flows.ts needs
   * every record's address before its scan reaches the SSL_write it names, so it reads these few
   * rows by id instead of searching the detail of every network event a second time.
   */
  tlsRecordCandidate: boolean;
}

export const ANALYSIS_TABLE = 'temp.sdktrace_ev';
/**
 * The kinds the analysis table's index holds: those that queries over the table select by kind
 * (PI evidence and groups, the network events' time order, transforms). A query on the
 * table that names another kind finds no index and scans the table: add the kind here.
 */
export const INDEXED_KINDS = ['pi', 'net', 'transform'] as const;
const MAX_MARKS = 200;
/**
 * Rows per page of the pass. Each page is live while it is processed, long enough for V8 to
 * promote it to the old generation, where dead pages piled up to 170 MB at 1M events before a
 * full collection; at 2,000 they mostly die young, for the same CPU.
 */
const PAGE = 2_000;
/** The analysis table's columns, in the order its INSERT gives them. */
const TABLE_COLUMNS = ['id', 't', 'pid', 'process_id', 'source', 'kind', 'data_type', 'party', 'actor', 'chain', 'phase', 'consent', 'fg'] as const;

function parse(s: string | null): Record<string, unknown> | null {
  if (s === null) return null;
  try {
    const v = JSON.parse(s) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The run's first and last device times (what buildTimeline's start and end come to), read before
 * the pass from the (run_id, t) index: the timeline chart's bins are placed while the pass goes.
 * One subquery each: SQLite answers a lone min() or max() with one seek into the index, but
 * `min(t), max(t)` in one SELECT read every index entry of the run (0.15 CPU s at 1M events).
 */
export function runTimeBounds(db: Db, runId: number): { start: number | null; end: number | null } {
  const r = db.prepare(`SELECT (SELECT min(t) FROM ${EVENT_ROWS} WHERE run_id = ?) AS lo, (SELECT max(t) FROM ${EVENT_ROWS} WHERE run_id = ?) AS hi`).get(runId, runId) as { lo: number | null; hi: number | null };
  return { start: r.lo, end: r.hi };
}

/** An (SDK, attribution reference) pair the pass met: its actor and attribution columns. */
interface ActorPair {
  sdk: string | null;
  actor: unknown;
  party: string | null;
  chain: string | null;
  /** Another pair with the same reference and a different SDK. */
  other: ActorPair | undefined;
}

/** A run of rows, in id order, with the same recomputed phase, consent and foreground (fg 1/0). */
interface PhaseRun {
  fromId: number;
  phase: Phase;
  consent: ConsentState;
  fg: number;
}

/**
 * Fills the analysis table behind the pass, page by page: each event's columns copied by SQLite
 * from `event_rows` (right after the page read them, so from SQLite's page cache: a second read of
 * the run afterwards cost most of what it saved at 1M events), its actor, party and chain from a
 * table of the (SDK, attribution) pairs the pass met, its phase, consent and foreground from the
 * run of rows it is in. The rows and values are those the pass saw: the same run's rows, each
 * pair's values as the pass computed them.
 */
class AnalysisTableFill {
  private readonly pairStmt;
  private readonly fillStmt;
  private readonly runs: PhaseRun[] = [];
  /** The run the next page starts in, and the last id filled. */
  private runIndex = 0;
  private filledTo = -1;

  constructor(
    db: Db,
    private readonly runId: number,
  ) {
    db.exec('DROP TABLE IF EXISTS temp.sdktrace_actor');
    db.exec('CREATE TEMP TABLE sdktrace_actor (sdk TEXT, ref INT, party TEXT, actor, chain TEXT)');
    db.exec('CREATE UNIQUE INDEX temp.sdktrace_actor_key ON sdktrace_actor(ref, sdk)');
    this.pairStmt = db.prepare('INSERT INTO temp.sdktrace_actor (sdk, ref, party, actor, chain) VALUES (?, ?, ?, ?, ?)');
    // CROSS JOIN keeps the events the outer loop (a rowid range); `IS` matches a null SDK or
    // reference as the pass's cache did, through the pairs' index.
    this.fillStmt = db.prepare(
      `INSERT INTO ${ANALYSIS_TABLE} (${TABLE_COLUMNS.join(', ')})
       SELECT e.id, e.t, e.pid, e.process_id, e.source, e.kind, e.data_type, m.party, m.actor, m.chain, ?, ?, ?
       FROM ${EVENT_ROWS} e CROSS JOIN temp.sdktrace_actor m ON m.ref IS e.attribution_ref AND m.sdk IS e.sdk
       WHERE +e.run_id = ? AND e.id >= ? AND e.id <= ?`,
    );
  }

  /** A pair met for the first time, with the values the pass gave it. */
  pair(sdk: string | null, ref: number | null, party: string | null, actor: unknown, chain: string | null): void {
    this.pairStmt.run(sdk, ref, party, actor, chain);
  }

  /** A new run of rows starts at this event. */
  runStarts(run: PhaseRun): void {
    this.runs.push(run);
  }

  /** Fills the rows up to `lastId` (the last row of the page just processed). */
  through(lastId: number): void {
    for (let i = this.runIndex; i < this.runs.length; i++) {
      const r = this.runs[i]!;
      const from = Math.max(r.fromId, this.filledTo + 1);
      const to = i + 1 < this.runs.length ? this.runs[i + 1]!.fromId - 1 : lastId;
      if (from <= to) this.fillStmt.run(r.phase, r.consent, r.fg, this.runId, from, to);
    }
    this.runIndex = Math.max(0, this.runs.length - 1);
    this.filledTo = lastId;
  }
}

export function buildTimeline(db: Db, runId: number, config: ConsentConfig, observe?: (row: AnalysisRow) => void): Timeline {
  // The analysis table is filled by SQLite itself behind the pass (AnalysisTableFill): after each
  // page, one INSERT ... SELECT per run of rows (in id order) with the same phase, consent and
  // foreground, the actor, party and chain joined from a small table of the (SDK, attribution)
  // pairs the pass met. Binding thirteen values per event from JavaScript (50 rows to an INSERT)
  // was 2.5 CPU s at 1M events, the fill 1.3; a run has a few dozen runs of rows and a few
  // thousand pairs. The declared types are those CREATE TABLE AS gave the columns; id is the rowid.
  db.exec('DROP TABLE IF EXISTS temp.sdktrace_ev');
  db.exec(
    `CREATE TEMP TABLE sdktrace_ev (id INTEGER PRIMARY KEY, t REAL, pid INT, process_id INT, source TEXT, kind TEXT, data_type TEXT,
                                    party TEXT, actor, chain TEXT, phase TEXT, consent TEXT, fg INT)`,
  );
  const tracker = new PhaseTracker(config.words, config.launchedByUser, config.observe === true);
  const consent: ConsentMark[] = [];
  const dialogs: Timeline['dialogs'] = [];
  const segments: Segment[] = [];
  const phaseCounts: Record<string, number> = {};
  let start: number | null = null;
  let end: number | null = null;
  // In the order ingest saw the events (id), as ingest's PhaseStage did: the same phases by
  // construction (the tracker places each event at its device time). Keyset pages: the connection
  // cannot write the temp table while a read is open. Each page is a rowid range (`+run_id` keeps
  // SQLite off the (run_id, t) index, which made every page fetch and sort the rest of the run:
  // quadratic, half the report's time at 1M events), bounded by the run's last id.
  // The pages read `event_rows` (schema 4) rather than the `events` view: the view's five LEFT
  // JOINs and the actor's json_extract per row were most of a page's cost at 1M events, for a few
  // hundred distinct names and attributions. The API and hook names come from store/rows.ts
  // (each reference resolved once), and the actor of each distinct (sdk, attribution) pair from
  // actorSql itself (analysis/actor.ts), so both are the values the view gave.
  // Rows come as arrays (`raw`), in the order of `Row` below: the page query's 1M rows as objects
  // with twelve named properties took 4.5-4.8 CPU s, as arrays 2.5-2.75 s.
  // The TLS-record test (tlsRecordCandidateSql) looks at network events only, with GLOB on text:
  // the page query alone at 1M events, alternated, load 2.5-8: 2.30-2.52 CPU s against 2.74-4.16
  // for `kind = 'net' AND instr(...)`, which searched every event's detail.
  const bounds = runIdBounds(db, runId);
  const page = db
    .prepare(
      `SELECT e.id, e.t, e.pid, e.source, e.kind, e.api_ref, e.hook_ref,
              CASE WHEN e.kind IN ('lifecycle', 'consent', 'device', 'marker') THEN e.detail END,
              e.process_id, e.data_type, e.sdk, e.attribution_ref,
              ${tlsRecordCandidateSql('e')}
       FROM ${EVENT_ROWS} e WHERE +e.run_id = ? AND e.id > ? AND e.id <= ? ORDER BY e.id LIMIT ${PAGE}`,
    )
    .raw(true);
  const refs = new RowRefs(db);
  const actorOf = db.prepare(`SELECT ${actorSql('x')} AS actor FROM (SELECT ? AS sdk, a.party AS party, a.json AS attribution FROM (SELECT 1) LEFT JOIN attributions a ON a.id = ?) x`);
  // Per attribution reference (null: -1), then SDK id (null: none): no key string per event, and
  // one integer-keyed look-up for the usual case of a reference met with one SDK (5,544 pairs for
  // 5,544 references at 1M events). Each new pair also goes to the fill's table of pairs, which the
  // analysis table's rows join.
  const pairs = new Map<number, ActorPair>();
  const fill = new AnalysisTableFill(db, runId);
  const actor = (sdk: string | null, ref: number | null): ActorPair => {
    const k = ref ?? -1;
    const head = pairs.get(k);
    for (let p = head; p !== undefined; p = p.other) if (p.sdk === sdk) return p;
    const who = (actorOf.get(sdk, ref) as { actor: unknown }).actor;
    const at = refs.attribution(ref);
    const made: ActorPair = { sdk, actor: who, party: at.party, chain: at.chain, other: head };
    pairs.set(k, made);
    fill.pair(sdk, ref, at.party, who, at.chain);
    return made;
  };
  const argsOf = db.prepare(`SELECT args FROM ${EVENT_ROWS} WHERE id = ?`);
  // The event's args, read only when a consent API's configuration asks for one of them.
  let argsId = 0;
  const args = (): unknown[] | null => {
    const r = argsOf.get(argsId) as { args: string | null } | undefined;
    const v = r?.args ? (JSON.parse(r.args) as unknown) : null;
    return Array.isArray(v) ? v : null;
  };
  /** A page row: the page's columns in order. */
  type Row = [
    id: number, t: number, pid: number | null, source: string, kind: string, apiRef: number | null, hookRef: number | null, detail: string | null,
    processId: number | null, dataType: string | null, sdk: string | null, attributionRef: number | null, tlsRecordCandidate: 0 | 1 | null,
  ];
  let cur: Segment | null = null;
  let lastId = -1;
  const row: AnalysisRow = { id: 0, t: 0, pid: null, processId: null, source: '', kind: '', dataType: null, party: null, actor: '', chain: null, phase: 'launch', consent: 'none', foreground: false, tlsRecordCandidate: false };
  const step = (rows: Row[]): void => {
    for (const [id, t, pid, source, kind, apiRef, hookRef, detailText, processId, dataType, sdk, attributionRef, tlsRecordCandidate] of rows) {
      start = start === null ? t : Math.min(start, t);
      end = end === null ? t : Math.max(end, t);
      const detail = parse(detailText);
      argsId = id;
      const { input, consent: signal } = readPhaseSignal({ pid, t, source: source === 'host' ? 'host' : 'agent', kind, api: refs.name(apiRef), hook: refs.name(hookRef), detail, args }, config);
      if (signal !== null && consent.length < MAX_MARKS) consent.push({ eventId: id, t, pid, ...signal });
      if (kind === 'lifecycle' && detail !== null && detail.type === 'dialog' && dialogs.length < MAX_MARKS) {
        dialogs.push({ eventId: id, t, text: typeof detail.text === 'string' ? detail.text : null });
      }
      const a = tracker.next(input);
      // Called for every event, observed or not: a pair met for the first time joins the fill's pairs.
      const who = actor(sdk, attributionRef);
      if (observe !== undefined) {
        row.id = id;
        row.t = t;
        row.pid = pid;
        row.processId = processId;
        row.source = source;
        row.kind = kind;
        row.dataType = dataType;
        row.party = who.party;
        row.actor = who.actor as string;
        row.chain = who.chain;
        row.phase = a.phase;
        row.consent = a.consent;
        row.foreground = a.foreground;
        row.tlsRecordCandidate = tlsRecordCandidate === 1;
        observe(row);
      }
      phaseCounts[a.phase] = (phaseCounts[a.phase] ?? 0) + 1;
      if (cur === null || cur.phase !== a.phase || cur.consent !== a.consent || cur.foreground !== a.foreground) {
        if (cur !== null) cur.end = Math.max(cur.start, t);
        cur = { start: t, end: t, phase: a.phase, consent: a.consent, foreground: a.foreground };
        segments.push(cur);
        fill.runStarts({ fromId: id, phase: a.phase, consent: a.consent, fg: a.foreground ? 1 : 0 });
      } else cur.end = Math.max(cur.end, t);
    }
    fill.through(rows[rows.length - 1]![0]);
  };
  // One transaction for the whole pass (a page's read is done before its rows are filled): one
  // per page committed the temp table 500 times at 1M events (0.13 CPU s).
  db.transaction(() => {
    for (;;) {
      if (bounds.hi === null) break;
      const rows = page.all(runId, lastId, bounds.hi) as Row[];
      if (rows.length === 0) break;
      step(rows);
      lastId = rows[rows.length - 1]![0];
      if (rows.length < PAGE) break;
    }
  })();
  if (cur !== null && end !== null) (cur as Segment).end = end;
  db.exec('DROP TABLE temp.sdktrace_actor');
  // The one index the remaining queries use: a kind (and data type, actor) with its rows in time
  // order. A (t, id) index was built too; no query chose it once the aggregates came from the pass.
  // Only the kinds those queries name (INDEXED_KINDS): the other kinds' rows (25% at 1M events)
  // are only ever joined by id; the build at 1M went from 1.45-1.99 to 1.13-1.35 CPU s. The
  // condition is ORs of equalities because SQLite uses a partial index only when a query's WHERE
  // holds one of its terms (`kind = 'pi'` matches `kind = 'pi' OR ...`, not `kind IN (...)`).
  db.exec(`CREATE INDEX temp.sdktrace_ev_kind ON sdktrace_ev(kind, data_type, actor, t) WHERE ${INDEXED_KINDS.map((k) => `kind = '${k}'`).join(' OR ')}`);
  return { start, end, consent, dialogs, segments, phaseCounts, table: ANALYSIS_TABLE, config };
}
