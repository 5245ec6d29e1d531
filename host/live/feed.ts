// The live feed: an ingest output stage that turns each durable event into a LiveRow, and the
// fan-out to connected pages. Ingest never waits on a page: `committed` only appends to bounded
// per-client queues and schedules a flush; a client whose socket backs up (or whose queue
// overflows) has its queue dropped and later receives one `resync` message telling it which ids
// to fetch from the database instead. Snapshots (counters, processes, findings) are coalesced:
// a page always gets the latest one, never a backlog of them.
import type { IngestItem, Stage } from '../ingest/types.js';
import type { LiveRow, ServerMessage } from './protocol.js';
import { liveRow } from './rows.js';

/** What the hub needs of a WebSocket (the `ws` package's WebSocket has it). */
export interface Socket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface FeedLimits {
  /** Rows queued for one client before its queue is dropped in favour of a resync. */
  maxQueue: number;
  /** Bytes buffered in a client's socket above which nothing more is queued for it. */
  highWater: number;
  /** Bytes buffered below which sending resumes. */
  lowWater: number;
  /** Rows per `events` message. */
  batch: number;
}

export const DEFAULT_LIMITS: FeedLimits = { maxQueue: 5000, highWater: 4 << 20, lowWater: 256 << 10, batch: 500 };

/** Per-client numbers, for tests and the server's own diagnostics. */
export interface ClientStats {
  id: number;
  rowsSent: number;
  resyncs: number;
  rowsDropped: number;
  peakQueue: number;
  peakBuffered: number;
  /** Id of the last event the client was sent (or told to fetch, by a resync). */
  lastId: number;
}

const OPEN = 1;

class Client {
  queue: { id: number; json: string }[] = [];
  behind = false;
  readonly stats: ClientStats;
  /** Versions of the snapshots this client has been sent. */
  readonly sent = new Map<string, number>();

  constructor(
    readonly socket: Socket,
    id: number,
    lastId: number,
  ) {
    this.stats = { id, rowsSent: 0, resyncs: 0, rowsDropped: 0, peakQueue: 0, peakBuffered: 0, lastId };
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
      c.behind = false;
      c.stats.lastId = head;
    }
  }

  /** Registers a client; it has been (or is about to be) sent a hello with the current head. */
  add(socket: Socket): ClientStats {
    const c = new Client(socket, this.nextClientId++, this.head);
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
    const encoded = fresh.map((r) => ({ id: r.id, json: JSON.stringify(r) }));
    const { maxQueue, highWater } = this.limits;
    for (const c of this.clients) {
      if (c.behind) {
        c.stats.rowsDropped += encoded.length;
        continue;
      }
      if (c.queue.length + encoded.length > maxQueue || c.socket.bufferedAmount > highWater) {
        c.stats.rowsDropped += c.queue.length + encoded.length;
        c.queue = [];
        c.behind = true;
        continue;
      }
      for (const e of encoded) c.queue.push(e);
      if (c.queue.length > c.stats.peakQueue) c.stats.peakQueue = c.queue.length;
    }
    this.schedule();
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
    // Backed-up clients are retried on a timer: nothing else wakes the hub when a socket drains.
    this.timer ??= setInterval(() => this.flush(), 100);
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
    const { lowWater, batch } = this.limits;
    for (const c of this.clients) {
      const s = c.socket;
      if (s.readyState !== OPEN) continue;
      if (s.bufferedAmount > c.stats.peakBuffered) c.stats.peakBuffered = s.bufferedAmount;
      if (s.bufferedAmount > lowWater) continue;
      try {
        if (c.behind) {
          c.behind = false;
          c.stats.resyncs++;
          s.send(JSON.stringify({ type: 'resync', from: c.stats.lastId, head: this.head } satisfies ServerMessage));
          c.stats.lastId = this.head;
        }
        while (c.queue.length > 0 && s.bufferedAmount <= lowWater) {
          const part = c.queue.splice(0, batch);
          s.send(`{"type":"events","rows":[${part.map((e) => e.json).join(',')}]}`);
          c.stats.rowsSent += part.length;
          c.stats.lastId = part[part.length - 1]!.id;
        }
        for (const [kind, snap] of this.snapshots) {
          if (c.sent.get(kind) === snap.version || s.bufferedAmount > lowWater) continue;
          s.send(snap.message());
          c.sent.set(kind, snap.version);
        }
        if (s.bufferedAmount > c.stats.peakBuffered) c.stats.peakBuffered = s.bufferedAmount;
      } catch {
        // A socket that fails to send is closing; its close handler removes it.
      }
    }
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
