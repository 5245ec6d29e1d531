// Evidence references: what a finding points at in the store (event ids, the stack with its
// decisive frame, network flows, launches, process starts), read back in a bounded form.
import type { Frame } from '../protocol/messages.js';
import type { Db } from '../store/db.js';

export interface EventRef {
  id: number;
  t: number;
  pid: number | null;
  thread: string | null;
  kind: string;
  api: string | null;
  dataType: string | null;
  phase: string | null;
}

export interface StackEvidence {
  /** Stack id as stored (Java.backtrace id). */
  id: string;
  eventId: number;
  /** 'stack' (the call's own stack) or 'origin' (the stack that submitted the async work). */
  source: 'stack' | 'origin';
  frames: Frame[];
  /** Index of the frame that decided the attribution, when one did. */
  decisive: number | null;
  /** Index of the outermost API frame (where the SDK's call entered the platform). */
  api: number | null;
  /** The attribution's one-sentence reason. */
  reason: string | null;
  /** The decisive frame, "pkg.Class.method". */
  frame: string | null;
}

export interface FlowRef {
  eventId: number;
  host: string | null;
  ip: string | null;
  port: number | null;
  proto: string;
  tls: boolean;
  url: string | null;
  /** How the host was known when the event itself did not say (see flows.ts). */
  hostFrom?: string;
}

export interface LaunchRef {
  eventId: number;
  via: string;
  action: string | null;
  component: string | null;
  targetPackage: string | null;
  confirmedEventId: number | null;
}

export interface ProcessStartRef {
  eventId: number | null;
  processId: number | null;
  pid: number | null;
  name: string | null;
  reason: string | null;
  component: string | null;
  action: string | null;
  caller: string | null;
  spawnedBy: string | null;
  /** The arrangement that caused the start (alarm, job, work, sync, sticky restart), when one did. */
  cause?: { eventId: number; via: string; actor: string; t: number; component: string | null; action: string | null } | null;
}

export interface MatchRef {
  value: string;
  dataType: string;
  encoding: string;
  where: string;
  excerpt: string;
  piEventId: number;
  readBy: string;
  netEventIds: number[];
}

export interface Evidence {
  events: EventRef[];
  stack?: StackEvidence | null;
  flows?: FlowRef[];
  launch?: LaunchRef;
  processStart?: ProcessStartRef;
  matches?: MatchRef[];
  /** Over-frequency: the busiest window. */
  window?: { start: number; end: number; count: number; limit: number; windowMs: number };
  /** The consent decision in force (or null: none was made). */
  consent?: { eventId: number; t: number; state: string; source: string; text: string | null } | null;
  /**
   * Declared-lists entry that decided (JSON path), or why none did: `listed` says whether the
   * collector (collection findings) or the destination (sharing findings) has entries at all.
   */
  declared?: { ref: string | null; via: string | null; listed: boolean; about?: 'collector' | 'destination' };
  /** Permission requests. */
  permissions?: { permission: string; requests: number; denials: number; lastResult: string | null }[];
  /** Other values worth showing (probed packages, actions, …). */
  details?: Record<string, unknown>;
}

const MAX_FRAMES_STORED = 256;

export class EvidenceReader {
  private readonly eventStmt;
  private readonly stackStmt;

  constructor(private readonly db: Db, private readonly runId: number, private readonly phaseTable: string) {
    this.eventStmt = db.prepare(
      `SELECT e.id, e.t, e.pid, e.thread, e.kind, e.api, e.data_type, p.phase, e.stack, e.origins, e.attribution
       FROM events e LEFT JOIN ${phaseTable} p ON p.id = e.id WHERE e.id = ? AND e.run_id = ?`,
    );
    this.stackStmt = db.prepare('SELECT frames FROM stacks WHERE run_id = ? AND id = ?');
  }

  /** Event refs for ids (in the order given). */
  events(ids: readonly number[]): EventRef[] {
    const out: EventRef[] = [];
    for (const id of ids) {
      const r = this.eventStmt.get(id, this.runId) as { id: number; t: number; pid: number | null; thread: string | null; kind: string; api: string | null; data_type: string | null; phase: string | null } | undefined;
      if (r !== undefined) out.push({ id: r.id, t: r.t, pid: r.pid, thread: r.thread, kind: r.kind, api: r.api, dataType: r.data_type, phase: r.phase });
    }
    return out;
  }

  /** First event ids matching a condition over the analysis table `p` (and `events e`). */
  firstIds(where: string, params: readonly unknown[], limit = 5): number[] {
    const needsEvents = /\be\./.test(where);
    return (
      this.db
        .prepare(
          needsEvents
            ? `SELECT p.id FROM ${this.phaseTable} p JOIN events e ON e.id = p.id WHERE (${where}) ORDER BY p.t, p.id LIMIT ${limit}`
            : `SELECT p.id FROM ${this.phaseTable} p WHERE (${where}) ORDER BY p.t, p.id LIMIT ${limit}`,
        )
        .all(...params) as { id: number }[]
    ).map((r) => r.id);
  }

  /** The stack that decided an event's attribution, with the decisive frame marked. */
  stack(eventId: number): StackEvidence | null {
    const r = this.eventStmt.get(eventId, this.runId) as { stack: string | null; origins: string | null; attribution: string | null } | undefined;
    if (r === undefined) return null;
    let a: { frameIndex?: number | null; apiIndex?: number | null; via?: string; originIndex?: number; reason?: string; frame?: string | null } = {};
    try {
      if (r.attribution !== null) a = JSON.parse(r.attribution) as typeof a;
    } catch {
      a = {};
    }
    let id = r.stack;
    let source: StackEvidence['source'] = 'stack';
    if (a.via === 'origin' && r.origins !== null && typeof a.originIndex === 'number') {
      const origins = JSON.parse(r.origins) as string[];
      if (origins[a.originIndex] !== undefined) {
        id = origins[a.originIndex]!;
        source = 'origin';
      }
    }
    if (id === null) return null;
    const s = this.stackStmt.get(this.runId, id) as { frames: string } | undefined;
    if (s === undefined) return null;
    const frames = (JSON.parse(s.frames) as Frame[]).slice(0, MAX_FRAMES_STORED);
    return {
      id,
      eventId,
      source,
      frames,
      decisive: typeof a.frameIndex === 'number' ? a.frameIndex : null,
      api: source === 'stack' && typeof a.apiIndex === 'number' ? a.apiIndex : null,
      reason: a.reason ?? null,
      frame: a.frame ?? null,
    };
  }

  flow(eventId: number): FlowRef | null {
    const r = this.db
      .prepare(
        `SELECT json_extract(detail, '$.host') AS host, json_extract(detail, '$.ip') AS ip, json_extract(detail, '$.port') AS port,
                json_extract(detail, '$.proto') AS proto, json_extract(detail, '$.tls') AS tls, json_extract(detail, '$.url') AS url
         FROM events WHERE id = ? AND run_id = ? AND kind = 'net'`,
      )
      .get(eventId, this.runId) as { host: string | null; ip: string | null; port: number | null; proto: string | null; tls: number | null; url: string | null } | undefined;
    if (r === undefined) return null;
    return { eventId, host: r.host, ip: r.ip, port: r.port, proto: r.proto ?? 'unknown', tls: r.tls === 1, url: r.url };
  }
}
