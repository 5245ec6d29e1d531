// The dashboard's wire protocol, shared by the server (host/live/server.ts) and the page
// (host/live/dashboard/app.ts). Types and plain constants only: the page bundle imports this file.
//
// One WebSocket (/ws) carries the live stream and pushed snapshots; history, pages and details are
// plain GETs under /api/. Event ids grow monotonically within a run, and the stream is gap-free:
// after `hello` the server accounts for every event with an id above `head`, in id order, either
// as a row or inside a counted group of an `events` message's span (when the page's budget or its
// socket cannot take every row). What a client missed before `hello` it fetches with /api/events;
// a group's rows it fetches with /api/group.

export const PROTOCOL = 1;

/** Chosen WebSocket subprotocol; the page also offers `sdktrace.token.<token>` when it has one. */
export const WS_PROTOCOL = 'sdktrace';
export const WS_TOKEN_PREFIX = 'sdktrace.token.';

/** One row of the event list: what the list shows and filters on. Details come from /api/event/:id. */
export interface LiveRow {
  id: number;
  /** Device clock, ms since the epoch. */
  t: number;
  pid: number | null;
  source: 'agent' | 'host';
  kind: string;
  api: string | null;
  dataType: string | null;
  phase: string | null;
  consent: string | null;
  /** Actor id (analysis/actor.ts): an SDK id, or "(app)", "(third-party:prefix)", "(obfuscated:prefix)", "(platform)", "(unattributed)". */
  actor: string;
  party: string | null;
  thread: string | null;
  /** The most telling detail (host, URL, component, package, key...), shortened. */
  target: string | null;
  hasStack: boolean;
}

/**
 * What coalesces rows into one group: (actor, kind, api, data type, phase). A null field is the
 * value null (an event without an API), not "any".
 */
export interface GroupKey {
  actor: string;
  kind: string;
  api: string | null;
  dataType: string | null;
  phase: string | null;
}

/**
 * Rows the server did not send one by one, counted. With a key: every event of the span with that
 * key; with key null (the overflow of a page that fell far behind): every event of the span.
 */
export interface RowGroup {
  key: GroupKey | null;
  count: number;
  /** Lowest and highest id in the group, and their device times. */
  first: number;
  last: number;
  t0: number;
  t1: number;
}

/**
 * A range of ids (from, to] of which some events came as rows (those of the message) and the
 * others as groups: every event of the range is in exactly one of them.
 */
export interface Span {
  from: number;
  to: number;
  groups: RowGroup[];
}

/** Event filters; every field is an exact match, absent = any. */
export interface Filter {
  actor?: string;
  dataType?: string;
  phase?: string;
  kind?: string;
}

export const FILTER_KEYS = ['actor', 'dataType', 'phase', 'kind'] as const;

export interface ActorStats {
  key: string;
  name: string;
  party: string | null;
  category: string | null;
  /** Every event attributed to this actor (all kinds): what the actor filter selects. */
  events: number;
  byKind: Record<string, number>;
  /** Personal-information events per data type. */
  dataTypes: Record<string, number>;
  /** Personal-information events in the launch, pre-consent and refused phases. */
  beforeConsent: number;
}

export interface Segment {
  phase: string;
  consent: string | null;
  start: number;
  end: number;
  /** First event of the segment. */
  id: number;
}

export interface ConsentMark {
  id: number;
  t: number;
  state: string;
  /** 'marker' (the analyst), 'click', 'api', ... */
  source: string;
}

export interface TimelineStats {
  start: number | null;
  end: number | null;
  /** Width of one density bin (a power-of-two multiple of 1 s). */
  binMs: number;
  /** Index of the first bin: bin i covers [(firstBin+i)*binMs, (firstBin+i+1)*binMs). */
  firstBin: number;
  counts: number[];
  pi: number[];
  segments: Segment[];
  /** Segments merged to keep the list bounded. */
  segmentsMerged: number;
  marks: ConsentMark[];
  marksDropped: number;
}

export interface Stats {
  runId: number;
  /** Highest event id covered. */
  head: number;
  total: number;
  actors: ActorStats[];
  kinds: Record<string, number>;
  phases: Record<string, number>;
  dataTypes: Record<string, number>;
  timeline: TimelineStats;
}

export interface ProcessView {
  id: number;
  pid: number;
  name: string;
  target: boolean;
  startedAt: number;
  endedAt: number | null;
  startReason: string | null;
  endReason: string | null;
  spawnedBy: string | null;
}

export interface OtherApp {
  package: string;
  identifiers: string[];
  firstT: number;
  firstEventId: number;
  starts: number;
}

export interface ProcessesView {
  processes: ProcessView[];
  otherApps: OtherApp[];
}

export interface FindingView {
  id: string;
  rule: string;
  severity: string;
  title: string;
  actor: string | null;
  dataType: string | null;
  phase: string | null;
  count: number;
  message: string;
  firstT: number | null;
  lastT: number | null;
  /** Evidence event ids (the first few). */
  events: number[];
}

export interface FindingsView {
  /** pending: not computed yet; unavailable: no engine; error: the last attempt failed. */
  state: 'pending' | 'ready' | 'unavailable' | 'error';
  reason: string | null;
  /** Host time of the computation. */
  at: number | null;
  /** Events up to this id were considered. */
  head: number | null;
  durationMs: number | null;
  findings: FindingView[];
  rules: { id: string; title: string; evaluated: boolean; reason: string | null; findings: number }[];
}

export interface RunView {
  id: number;
  mode: string;
  package: string | null;
  device: string | null;
  deviceKind: string | null;
  osVersion: string | null;
  apiLevel: number | null;
  startedAt: number;
  endedAt: number | null;
  endReason: string | null;
}

export interface ConsentControl {
  available: boolean;
  /** Why the buttons are disabled. */
  reason: string | null;
  /** An audit paused for the analyst: which decision it waits for, and why (absent otherwise). */
  request?: ConsentRequest | null;
}

export interface ConsentRequest {
  state: 'granted' | 'refused';
  text: string;
}

/** Server -> page. */
export type ServerMessage =
  | { type: 'hello'; protocol: number; run: RunView | null; head: number; consent: ConsentControl; /** IANA zone every time is shown in (analysis/clock.ts). */ tz?: string }
  | { type: 'events'; rows: LiveRow[]; span?: Span }
  | { type: 'stats'; stats: Stats }
  | { type: 'processes'; processes: ProcessesView }
  | { type: 'findings'; findings: FindingsView }
  | { type: 'run'; run: RunView | null; consent: ConsentControl }
  | { type: 'consent-result'; req: number; ok: boolean; error: string | null };

/** Page -> server. */
export type ClientMessage = { type: 'consent'; state: 'granted' | 'refused'; req: number };

/** GET /api/events?offset=&limit=&upTo=&<filters>  or  ?after=&limit=&upTo=&<filters> */
export interface EventsPage {
  /** Offset of rows[0] among the matching events (offset paging only). */
  offset: number | null;
  rows: LiveRow[];
}

/**
 * GET /api/group?from=&to=&key=<JSON GroupKey, absent for a key-null group>&after=&limit=
 * The group's rows with after < id, in id order; `next` is where to continue (the scan is bounded
 * per request, so `rows` can be short before `done`).
 */
export interface GroupPage {
  rows: LiveRow[];
  next: number;
  done: boolean;
}

/** GET /api/count?upTo=&<filters> */
export interface CountResult {
  count: number;
  upTo: number;
}

export type Frame = [string, string, string | null, number];

/** GET /api/event/:id */
export interface EventDetail {
  row: LiveRow;
  hook: string | null;
  tid: number | null;
  seq: number | null;
  processName: string | null;
  args: unknown;
  ret: unknown;
  thrown: string | null;
  detail: unknown;
  stackId: string | null;
  frames: Frame[] | null;
  origins: { id: string; frames: Frame[] | null }[];
  attribution: {
    sdk: { id: string; name: string; category?: string } | null;
    party: string;
    frame: string | null;
    frameIndex: number | null;
    apiIndex: number | null;
    via: string;
    originIndex?: number;
    chain: { id: string; name: string }[];
    reason: string;
  } | null;
}

export const PAGE_LIMIT_MAX = 500;
