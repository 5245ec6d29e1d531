// Phases recomputed over a run's stored timeline: every event of every process in time order,
// through the same PhaseTracker ingest uses, with the run's consent words (or the analyst's),
// consent API calls configured for the report, and the analyst's markers. The result is a temp
// table (event id -> phase, consent, foreground) the rules aggregate over in SQL, and the phase
// segments the timeline chart draws.
import type { Phase } from '../protocol/constants.js';
import type { Db } from '../host/store/db.js';
import { DEFAULT_CONSENT_WORDS, PhaseTracker, classifyClick, consentApiDecision, matchesConsentApi, type ConsentApi, type ConsentState, type ConsentWords } from '../host/ingest/phase.js';
import { actorSql } from './actors.js';

export type { ConsentApi } from '../host/ingest/phase.js';

export interface ConsentConfig {
  words: ConsentWords;
  apis: ConsentApi[];
  /** Whether the run began with a launch of the app (observe/attach runs did not). */
  launchedByUser: boolean;
}

export interface ConsentMark {
  eventId: number;
  t: number;
  pid: number | null;
  state: 'granted' | 'refused';
  source: 'click' | 'api' | 'marker' | 'consent-api';
  /** The clicked text, or the API. */
  text: string | null;
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
   * data_type, party, actor, chain, phase, consent, fg. Rules aggregate over it.
   */
  table: string;
  config: ConsentConfig;
}

export const ANALYSIS_TABLE = 'temp.sdktrace_ev';
const MAX_MARKS = 200;
const PAGE = 20_000;
/** How far before a consent click's event its listener's events may lie. */
const CLICK_LOOKBACK_MS = 10_000;

function parse(s: string | null): Record<string, unknown> | null {
  if (s === null) return null;
  try {
    const v = JSON.parse(s) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Whether an event's api/hook is the configured consent API. */
export const matchesApi = matchesConsentApi;

function apiDecision(db: Db, cfg: ConsentApi, eventId: number, detail: Record<string, unknown> | null): 'granted' | 'refused' {
  const row = cfg.arg === undefined ? undefined : (db.prepare('SELECT args FROM events WHERE id = ?').get(eventId) as { args: string | null } | undefined);
  const args = row?.args ? (JSON.parse(row.args) as unknown[]) : null;
  return consentApiDecision(cfg, args, detail);
}

/** The consent configuration a run recorded, with report-time additions. */
export function consentConfig(runOptions: Record<string, unknown>, mode: string, extra: { words?: ConsentWords; apis?: ConsentApi[] } = {}): ConsentConfig {
  const stored = runOptions.consentWords as ConsentWords | undefined;
  const words = extra.words ?? (stored !== undefined && Array.isArray(stored.agree) && Array.isArray(stored.refuse) ? stored : DEFAULT_CONSENT_WORDS);
  const storedApis = Array.isArray(runOptions.consentApis) ? (runOptions.consentApis as ConsentApi[]).filter((a) => typeof a?.api === 'string') : [];
  // Runs record whether they began with sdktrace launching the app (attach and observe runs did not);
  // older runs only have their mode.
  const launchedByUser = typeof runOptions.launchedByUser === 'boolean' ? runOptions.launchedByUser : mode !== 'observe';
  return { words, apis: [...storedApis, ...(extra.apis ?? [])], launchedByUser };
}

export function buildTimeline(db: Db, runId: number, config: ConsentConfig): Timeline {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS sdktrace_phase (id INTEGER PRIMARY KEY, phase TEXT NOT NULL, consent TEXT NOT NULL, fg INTEGER NOT NULL)`);
  db.exec('DELETE FROM temp.sdktrace_phase');
  const insert = db.prepare('INSERT INTO temp.sdktrace_phase (id, phase, consent, fg) VALUES (?, ?, ?, ?)');
  const tracker = new PhaseTracker(config.words, config.launchedByUser);
  const consent: ConsentMark[] = [];
  const dialogs: Timeline['dialogs'] = [];
  const segments: Segment[] = [];
  const phaseCounts: Record<string, number> = {};
  let start: number | null = null;
  let end: number | null = null;
  // Keyset pages (t, id): the connection cannot write the temp table while a read is open.
  const page = db.prepare(
    `SELECT id, t, pid, tid, kind, api, hook, stack, CASE WHEN kind IN ('lifecycle', 'consent', 'device', 'marker') THEN detail END AS detail
     FROM events WHERE run_id = ? AND (t, id) > (?, ?) ORDER BY t, id LIMIT ${PAGE}`,
  );
  type Row = { id: number; t: number; pid: number | null; tid: number | null; kind: string; api: string | null; hook: string | null; stack: string | null; detail: string | null };
  // A click event is emitted when performClick returns, after what its listener did. When the
  // click is a consent decision, the events of the listener (same thread, performClick on their
  // stack, right before it) belong after the decision: they are re-phased with it.
  const recent = new Map<string, { id: number; t: number; stack: string | null; phase: string }[]>();
  const inClick = new Map<string, boolean>();
  const stackFrames = db.prepare('SELECT frames FROM stacks WHERE run_id = ? AND id = ?');
  const underClick = (stack: string | null): boolean => {
    if (stack === null) return false;
    let v = inClick.get(stack);
    if (v === undefined) {
      const row = stackFrames.get(runId, stack) as { frames: string } | undefined;
      v = row !== undefined && (JSON.parse(row.frames) as [string, string][]).some((f) => f[0] === 'android.view.View' && (f[1] === 'performClick' || f[1] === 'performClickInternal'));
      inClick.set(stack, v);
    }
    return v;
  };
  const rephase = db.prepare('UPDATE temp.sdktrace_phase SET phase = ?, consent = ?, fg = ? WHERE id = ?');
  let cur: Segment | null = null;
  let lastT = -Infinity;
  let lastId = -1;
  const step = db.transaction((rows: Row[]) => {
    for (const r of rows) {
      start ??= r.t;
      end = r.t;
      let kind = r.kind;
      let detail = parse(r.detail);
      let mark: ConsentMark | null = null;
      if (kind === 'consent' && detail !== null && (detail.state === 'granted' || detail.state === 'refused')) {
        const src = detail.source === 'click' || detail.source === 'api' ? detail.source : 'marker';
        mark = { eventId: r.id, t: r.t, pid: r.pid, state: detail.state, source: src, text: typeof detail.text === 'string' ? detail.text : null };
      } else if (kind === 'marker' && detail !== null) {
        const state = detail.state ?? detail.consent;
        const text = typeof detail.text === 'string' ? detail.text : null;
        if (state === 'granted' || state === 'refused') {
          kind = 'consent';
          detail = { state, source: 'marker' };
          mark = { eventId: r.id, t: r.t, pid: r.pid, state, source: 'marker', text };
        }
      } else if (kind === 'lifecycle' && detail !== null && detail.type === 'click' && typeof detail.text === 'string') {
        const decision = classifyClick(detail.text, config.words);
        if (decision !== null) mark = { eventId: r.id, t: r.t, pid: r.pid, state: decision, source: 'click', text: detail.text };
      } else if (kind === 'lifecycle' && detail !== null && detail.type === 'dialog') {
        if (dialogs.length < MAX_MARKS) dialogs.push({ eventId: r.id, t: r.t, text: typeof detail.text === 'string' ? detail.text : null });
      } else if (config.apis.length > 0 && (r.api !== null || r.hook !== null)) {
        const cfg = config.apis.find((a) => matchesApi(a, r.api, r.hook));
        if (cfg !== undefined) {
          const state = apiDecision(db, cfg, r.id, detail);
          kind = 'consent';
          detail = { state, source: 'api' };
          mark = { eventId: r.id, t: r.t, pid: r.pid, state, source: 'consent-api', text: r.api ?? r.hook };
        }
      }
      if (mark !== null && consent.length < MAX_MARKS) consent.push(mark);
      const a = tracker.next({ pid: r.pid, kind, detail });
      insert.run(r.id, a.phase, a.consent, a.foreground ? 1 : 0);
      phaseCounts[a.phase] = (phaseCounts[a.phase] ?? 0) + 1;
      const thread = `${r.pid}:${r.tid}`;
      let buf = recent.get(thread);
      if (buf === undefined) recent.set(thread, (buf = []));
      if (mark !== null && mark.source === 'click') {
        for (let k = buf.length - 1; k >= 0; k--) {
          const e = buf[k]!;
          if (r.t - e.t > CLICK_LOOKBACK_MS || !underClick(e.stack)) break;
          rephase.run(a.phase, a.consent, a.foreground ? 1 : 0, e.id);
          phaseCounts[e.phase]!--;
          phaseCounts[a.phase] = (phaseCounts[a.phase] ?? 0) + 1;
          e.phase = a.phase;
        }
        buf.length = 0;
      } else {
        buf.push({ id: r.id, t: r.t, stack: r.stack, phase: a.phase });
        if (buf.length > 256) buf.splice(0, buf.length - 256);
      }
      if (cur === null || cur.phase !== a.phase || cur.consent !== a.consent || cur.foreground !== a.foreground) {
        if (cur !== null) cur.end = r.t;
        cur = { start: r.t, end: r.t, phase: a.phase, consent: a.consent, foreground: a.foreground };
        segments.push(cur);
      }
    }
  });
  for (;;) {
    const rows = page.all(runId, lastT, lastId) as Row[];
    if (rows.length === 0) break;
    step(rows);
    const last = rows[rows.length - 1]!;
    lastT = last.t;
    lastId = last.id;
    if (rows.length < PAGE) break;
  }
  if (cur !== null && end !== null) (cur as Segment).end = end;
  db.exec('DROP TABLE IF EXISTS temp.sdktrace_ev');
  db.prepare(
    `CREATE TEMP TABLE sdktrace_ev AS
     SELECT e.id AS id, e.t AS t, e.pid AS pid, e.process_id AS process_id, e.source AS source, e.kind AS kind, e.data_type AS data_type,
            e.party AS party, ${actorSql('e')} AS actor, e.chain AS chain, p.phase AS phase, p.consent AS consent, p.fg AS fg
     FROM events e JOIN temp.sdktrace_phase p ON p.id = e.id WHERE e.run_id = ?`,
  ).run(runId);
  db.exec('CREATE UNIQUE INDEX temp.sdktrace_ev_id ON sdktrace_ev(id)');
  db.exec('CREATE INDEX temp.sdktrace_ev_kind ON sdktrace_ev(kind, data_type, actor, t)');
  db.exec('CREATE INDEX temp.sdktrace_ev_t ON sdktrace_ev(t, id)');
  db.exec('DROP TABLE temp.sdktrace_phase');
  return { start, end, consent, dialogs, segments, phaseCounts, table: ANALYSIS_TABLE, config };
}
