// The live feed: an ingest output stage that turns each durable event into a LiveRow, and the
// fan-out to connected pages. Ingest never waits on a page: `committed` only appends to bounded
// per-client queues and schedules a flush. Each page has a budget of rows per second (a token
// bucket); what is over it, or what waits while its socket is backed up, is coalesced into
// counted groups by (actor, kind, api, data type, phase) over an id span, which the page shows as
// one line and expands from the database (/api/group). Nothing is dropped: every event after the
// page's `hello` arrives as a row or inside exactly one group. What the server holds per page is
// bounded (maxQueue rows, maxGroups groups; beyond that one key-null group for the whole span).
// Snapshots (counters, processes, findings) are coalesced: a page always gets the latest one.
import type { IngestItem, Stage } from '../ingest/types.js';
import type { LiveRow, RowGroup, ServerMessage, Span } from './protocol.js';
import { groupKeyOf, keyString, liveRow } from './rows.js';

/** What the hub needs of a WebSocket (the `ws` package's WebSocket has it). */
export interface Socket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface FeedLimits {
  /** Rows queued for one client before they are folded into groups. */
  maxQueue: number;
  /** Bytes buffered in a client's socket above which its new rows are folded into groups. */
  highWater: number;
  /** Bytes buffered below which sending resumes. */
  lowWater: number;
  /** Rows per `events` message. */
  batch: number;
  /** Rows per second a page is sent one by one (the token bucket's rate); Infinity: no budget. */
  rowsPerSecond: number;
  /** Rows a page can be sent at once after a quiet moment (the bucket's size). */
  burst: number;
  /** Distinct keys one span may group; beyond it the span becomes one key-null group. */
  maxGroups: number;
  /** Least time between two coalesced messages (larger spans, fewer lines on the page). */
  coalesceMs: number;
}

export const DEFAULT_LIMITS: FeedLimits = {
  maxQueue: 5000,
  highWater: 4 << 20,
  lowWater: 256 << 10,
  batch: 500,
  rowsPerSecond: 4000,
  burst: 2000,
  maxGroups: 200,
  coalesceMs: 250,
};

/** Per-client numbers, for tests and the server's own diagnostics. */
export interface ClientStats {
  id: number;
  rowsSent: number;
  /** Events sent inside groups, and the groups. */
  rowsCoalesced: number;
  groupsSent: number;
  /** Events folded into groups (sent or still waiting), and the most groups held at once. */
  rowsFolded: number;
  peakGroups: number;
  peakQueue: number;
  peakBuffered: number;
  /** Id of the last event the client was sent (as a row or in a group). */
  lastId: number;
}

const OPEN = 1;

/** A published row, its JSON made once for every client, its key when coalescing needs it. */
class Enc {
  private jsonText: string | null = null;
  private keyText: string | null = null;
  constructor(readonly row: LiveRow) {}
  get json(): string {
    return (this.jsonText ??= JSON.stringify(this.row));
  }
  get key(): string {
    return (this.keyText ??= keyString(groupKeyOf(this.row)));
  }
}

/** Rows being folded into groups: the span (from, to] and its groups. */
class OpenSpan {
  to: number;
  readonly groups = new Map<string, RowGroup>();
  /** The key-null group once the span has more keys than allowed. */
  all: RowGroup | null = null;
  constructor(readonly from: number) {
    this.to = from;
  }

  /** Groups held. */
  get size(): number {
    return this.all !== null ? 1 : this.groups.size;
  }

  has(key: string): boolean {
    return this.all !== null || this.groups.has(key);
  }

  add(e: Enc, maxGroups: number): void {
    const r = e.row;
    this.to = r.id;
    if (this.all === null) {
      let g = this.groups.get(e.key);
      if (g === undefined && this.groups.size >= maxGroups) this.collapse();
      else {
        if (g === undefined) {
          g = { key: groupKeyOf(r), count: 0, first: Infinity, last: -Infinity, t0: Infinity, t1: -Infinity };
          this.groups.set(e.key, g);
        }
        bump(g, r);
        return;
      }
    }
    bump(this.all!, r);
  }

  /** Too many keys: the whole span becomes one key-null group. */
  collapse(): void {
    if (this.all !== null) return;
    const all: RowGroup = { key: null, count: 0, first: Infinity, last: -Infinity, t0: Infinity, t1: -Infinity };
    for (const g of this.groups.values()) {
      all.count += g.count;
      all.first = Math.min(all.first, g.first);
      all.last = Math.max(all.last, g.last);
      all.t0 = Math.min(all.t0, g.t0);
      all.t1 = Math.max(all.t1, g.t1);
    }
    this.groups.clear();
    this.all = all;
  }

  span(): Span {
    return { from: this.from, to: this.to, groups: this.all !== null ? [this.all] : [...this.groups.values()] };
  }
}

function bump(g: RowGroup, r: LiveRow): void {
  g.count++;
  if (r.id < g.first) g.first = r.id;
  if (r.id > g.last) g.last = r.id;
  if (r.t < g.t0) g.t0 = r.t;
  if (r.t > g.t1) g.t1 = r.t;
}

class Client {
  queue: Enc[] = [];
  span: OpenSpan | null = null;
  tokens: number;
  refilledAt: number;
  lastCoalesced = 0;
  readonly stats: ClientStats;
  /** Versions of the snapshots this client has been sent. */
  readonly sent = new Map<string, number>();

  constructor(
    readonly socket: Socket,
    id: number,
    lastId: number,
    burst: number,
  ) {
    this.stats = { id, rowsSent: 0, rowsCoalesced: 0, groupsSent: 0, rowsFolded: 0, peakGroups: 0, peakQueue: 0, peakBuffered: 0, lastId };
    this.tokens = burst;
    this.refilledAt = performance.now();
  }
}

/** A snapshot the hub pushes to every client, latest version only. */
interface Snapshot {
  version: number;
  message: () => string;
}

export class FeedHub {
  private readonly clients = new Set<Client>();
  private nextClientId = 1;
  private head = 0;
  private flushScheduled = false;
  private readonly snapshots = new Map<string, Snapshot>();
  private timer: NodeJS.Timeout | null = null;
  /** Called with every row published (the aggregates subscribe here). */
  onRows: ((rows: readonly LiveRow[]) => void) | null = null;

  constructor(readonly limits: FeedLimits = DEFAULT_LIMITS) {}

  get clientCount(): number {
    return this.clients.size;
  }

  get lastId(): number {
    return this.head;
  }

  /** Sets the starting point: events up to `head` are in the database before any client. */
  reset(head: number): void {
    this.head = head;
    for (const c of this.clients) {
      c.queue = [];
      c.span = null;
      c.stats.lastId = head;
    }
  }

  /** Registers a client; it has been (or is about to be) sent a hello with the current head. */
  add(socket: Socket): ClientStats {
    const c = new Client(socket, this.nextClientId++, this.head, this.limits.burst);
    this.clients.add(c);
    this.ensureTimer();
    this.schedule();
    return c.stats;
  }

  remove(socket: Socket): void {
    for (const c of this.clients) if (c.socket === socket) this.clients.delete(c);
    if (this.clients.size === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  stats(): ClientStats[] {
    return [...this.clients].map((c) => ({ ...c.stats }));
  }

  /** Publishes durable events (ids increasing). Never blocks, never throws on a client. */
  publish(rows: readonly LiveRow[]): void {
    const fresh = rows.filter((r) => r.id > this.head);
    if (fresh.length === 0) return;
    this.head = fresh[fresh.length - 1]!.id;
    this.onRows?.(fresh);
    if (this.clients.size === 0) return;
    const encoded = fresh.map((r) => new Enc(r));
    const { maxQueue, highWater } = this.limits;
    for (const c of this.clients) {
      // A backed-up socket: what waits for it is folded into groups at once (bounded memory).
      const backedUp = c.socket.bufferedAmount > highWater;
      for (const e of encoded) {
        c.queue.push(e);
        if (backedUp || c.queue.length >= maxQueue) this.fold(c, c.queue);
        else if (c.queue.length > c.stats.peakQueue) c.stats.peakQueue = c.queue.length;
      }
    }
    this.schedule();
  }

  private fold(c: Client, rows: readonly Enc[]): void {
    if (rows.length === 0) return;
    c.span ??= new OpenSpan(c.stats.lastId);
    for (const e of rows) c.span.add(e, this.limits.maxGroups);
    c.stats.rowsFolded += rows.length;
    c.stats.peakGroups = Math.max(c.stats.peakGroups, c.span.size);
    if (rows === c.queue) c.queue = [];
  }

  /** Replaces a snapshot; clients get its latest version when their socket has room. */
  snapshot(kind: string, version: number, message: () => string): void {
    const old = this.snapshots.get(kind);
    if (old !== undefined && old.version === version) return;
    let cached: string | null = null;
    this.snapshots.set(kind, { version, message: () => (cached ??= message()) });
    this.schedule();
  }

  /** Sends one message to every client now (small, rare messages: run state). */
  broadcast(m: ServerMessage): void {
    const s = JSON.stringify(m);
    for (const c of this.clients) if (c.socket.readyState === OPEN) c.socket.send(s);
  }

  private ensureTimer(): void {
    // Backed-up and coalescing clients are served on a timer: nothing else wakes the hub when a
    // socket drains or the coalescing pause ends.
    this.timer ??= setInterval(() => this.flush(), 50);
    this.timer.unref();
  }

  private schedule(): void {
    if (this.flushScheduled || this.clients.size === 0) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  flush(): void {
    const now = performance.now();
    for (const c of this.clients) {
      const s = c.socket;
      if (s.readyState !== OPEN) continue;
      if (s.bufferedAmount > c.stats.peakBuffered) c.stats.peakBuffered = s.bufferedAmount;
      const { rowsPerSecond, burst } = this.limits;
      c.tokens = rowsPerSecond === Infinity ? burst : Math.min(burst, c.tokens + ((now - c.refilledAt) * rowsPerSecond) / 1000);
      c.refilledAt = now;
      if (s.bufferedAmount > this.limits.lowWater) continue;
      try {
        this.sendRows(c, now);
        for (const [kind, snap] of this.snapshots) {
          if (c.sent.get(kind) === snap.version || s.bufferedAmount > this.limits.lowWater) continue;
          s.send(snap.message());
          c.sent.set(kind, snap.version);
        }
        if (s.bufferedAmount > c.stats.peakBuffered) c.stats.peakBuffered = s.bufferedAmount;
      } catch {
        // A socket that fails to send is closing; its close handler removes it.
      }
    }
  }

  /** Sends a client what waits for it: rows within its budget, the rest as one span of groups. */
  private sendRows(c: Client, now: number): void {
    const queue = c.queue;
    const { batch, maxGroups, coalesceMs } = this.limits;
    if (c.span === null && queue.length <= c.tokens) {
      c.queue = [];
      for (let i = 0; i < queue.length; i += batch) {
        const part = queue.slice(i, i + batch);
        c.socket.send(`{"type":"events","rows":[${part.map((e) => e.json).join(',')}]}`);
        c.stats.rowsSent += part.length;
        c.stats.lastId = part[part.length - 1]!.row.id;
      }
      c.tokens -= queue.length;
      return;
    }
    // Over budget (or groups already waiting): at most one coalesced message per coalesceMs, so
    // a burst becomes a few lines per key rather than a few per batch.
    if (now - c.lastCoalesced < coalesceMs) return;
    c.queue = [];
    c.lastCoalesced = now;
    const span = (c.span ??= new OpenSpan(c.stats.lastId));
    c.span = null;
    // Keys already grouped in the span must take all their rows in it (a group is every row of its
    // key in the span); of the rest, the largest keys are grouped until the rows left fit.
    // Consent events (what the analyst waits to see after marking) stay rows while they can.
    const counts = new Map<string, number>();
    let free = 0;
    for (const e of queue) {
      if (span.has(e.key)) continue;
      free++;
      if (e.row.kind !== 'consent') counts.set(e.key, (counts.get(e.key) ?? 0) + 1);
    }
    const grouped = new Set<string>();
    const budget = Math.max(0, Math.min(Math.floor(c.tokens), batch) - span.groups.size);
    for (const [key, n] of [...counts].sort((a, b) => b[1] - a[1])) {
      if (free <= budget - grouped.size) break;
      grouped.add(key);
      free -= n;
    }
    // Too many keys for one span: it becomes one key-null group (every row of the span).
    if (span.groups.size + grouped.size > maxGroups) span.collapse();
    const rows: Enc[] = [];
    for (const e of queue) {
      if (span.has(e.key) || grouped.has(e.key)) span.add(e, maxGroups);
      else rows.push(e);
    }
    c.stats.rowsFolded += queue.length - rows.length;
    c.stats.peakGroups = Math.max(c.stats.peakGroups, span.size);
    const sent = rows;
    if (queue.length > 0) span.to = Math.max(span.to, queue[queue.length - 1]!.row.id);
    const out = span.span();
    c.socket.send(`{"type":"events","rows":[${sent.map((e) => e.json).join(',')}],"span":${JSON.stringify(out)}}`);
    c.stats.rowsSent += sent.length;
    for (const g of out.groups) c.stats.rowsCoalesced += g.count;
    c.stats.groupsSent += out.groups.length;
    c.stats.lastId = out.to;
    c.tokens = Math.max(0, c.tokens - sent.length - out.groups.length);
  }

  close(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.clients.clear();
  }
}

/**
 * The ingest output stage (startRun's `outputs`). Rows reach the hub once a dashboard is attached
 * to the run; before that they are in the database, which is where the dashboard starts from.
 */
export class LiveFeed implements Stage {
  readonly name = 'dashboard';
  /** Shows the SDK and phase these stages add. */
  readonly after = ['attribution', 'phase'];
  private sink: ((rows: LiveRow[]) => void) | null = null;
  /** Set when a consent-related event (or a device event) arrives: the hub refreshes processes. */
  onDeviceEvent: (() => void) | null = null;

  connect(sink: ((rows: LiveRow[]) => void) | null): void {
    this.sink = sink;
  }

  committed(items: readonly IngestItem[]): void {
    if (this.sink === null) return;
    const rows: LiveRow[] = [];
    let device = false;
    for (const item of items) {
      if (item.id === undefined) continue;
      rows.push(liveRow(item.id, item.row, item.attribution?.prefix ?? null));
      if (item.row.kind === 'device' || item.row.kind === 'lifecycle') device = true;
    }
    if (rows.length > 0) this.sink(rows);
    if (device) this.onDeviceEvent?.();
  }
}
