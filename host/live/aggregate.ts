// Server-side aggregation for the dashboard: per-actor counters, per-kind/phase/data-type totals,
// and the timeline (event density, phase segments, consent marks). Fed one row at a time, both
// when seeding from the database and live, so the two paths cannot disagree; bounded in memory
// whatever the length of the run.
import type { ActorStats, ConsentMark, Segment, Stats, TimelineStats } from './protocol.js';
import { countsForActor, isSdkActor, partyActorLabel } from '../../analysis/actor.js';

/** The fields aggregation needs from an event. */
export interface AggInput {
  id: number;
  t: number;
  source: string;
  kind: string;
  dataType: string | null;
  phase: string | null;
  consent: string | null;
  actor: string;
  party: string | null;
  /** For consent marks: the event's api and detail (only read when consent changes). */
  markSource?: () => string;
}

const BASE_BIN_MS = 1000;
export const MAX_BINS = 512;
export const MAX_SEGMENTS = 600;
export const MAX_MARKS = 400;
const BEFORE_CONSENT = new Set(['launch', 'pre-consent', 'refused']);

function bump(r: Record<string, number>, k: string, n = 1): void {
  r[k] = (r[k] ?? 0) + n;
}

/** Where a consent decision came from, for the timeline's marks. */
export function consentSource(kind: string, api: string | null, detail: string | null): string {
  if (kind === 'consent') {
    try {
      const d = JSON.parse(detail ?? 'null') as { source?: unknown } | null;
      if (d !== null && typeof d.source === 'string') return d.source.slice(0, 40);
    } catch {
      // fall through
    }
    return api ?? 'consent';
  }
  if (kind === 'lifecycle') return 'click';
  return kind;
}

export class Aggregates {
  runId: number;
  head = 0;
  total = 0;
  version = 0;
  private readonly actors = new Map<string, ActorStats>();
  private readonly kinds: Record<string, number> = {};
  private readonly phases: Record<string, number> = {};
  private readonly dataTypes: Record<string, number> = {};
  private start: number | null = null;
  private end: number | null = null;
  private binMs = BASE_BIN_MS;
  /** bin index -> [events, pi events] */
  private bins = new Map<number, [number, number]>();
  private minBin = Infinity;
  private maxBin = -Infinity;
  private readonly segments: Segment[] = [];
  private segmentsMerged = 0;
  private readonly marks: ConsentMark[] = [];
  private marksDropped = 0;
  private lastConsent: string | null = null;

  constructor(runId: number, private readonly names: (sdk: string) => { name: string; category: string | null } | null) {
    this.runId = runId;
  }

  add(e: AggInput): void {
    if (e.id <= this.head) return;
    this.head = e.id;
    this.total++;
    this.version++;
    bump(this.kinds, e.kind);
    if (e.phase !== null) bump(this.phases, e.phase);
    if (e.dataType !== null) bump(this.dataTypes, e.dataType);
    this.actor(e);
    this.time(e);
    this.segment(e);
    if (e.consent !== null && e.consent !== this.lastConsent) {
      if (this.lastConsent !== null || e.consent !== 'none') {
        if (this.marks.length < MAX_MARKS) this.marks.push({ id: e.id, t: e.t, state: e.consent, source: e.markSource?.() ?? e.kind });
        else this.marksDropped++;
      }
      this.lastConsent = e.consent;
    }
  }

  private actor(e: AggInput): void {
    // Per-actor counts follow the one counting rule (analysis/actor.ts), as the report and the
    // console summary do; the run's totals (kinds, phases) count every event.
    if (!countsForActor(e.source, e.kind)) return;
    let a = this.actors.get(e.actor);
    if (a === undefined) {
      const known = isSdkActor(e.actor) ? this.names(e.actor) : null;
      a = {
        key: e.actor,
        name: known?.name ?? partyActorLabel(e.actor) ?? e.actor,
        party: e.party,
        category: known?.category ?? null,
        events: 0,
        byKind: {},
        dataTypes: {},
        beforeConsent: 0,
      };
      this.actors.set(e.actor, a);
    }
    a.events++;
    bump(a.byKind, e.kind);
    if (e.kind === 'pi' && e.dataType !== null) {
      bump(a.dataTypes, e.dataType);
      if (e.phase !== null && BEFORE_CONSENT.has(e.phase)) a.beforeConsent++;
    }
  }

  private time(e: AggInput): void {
    this.start = this.start === null ? e.t : Math.min(this.start, e.t);
    this.end = this.end === null ? e.t : Math.max(this.end, e.t);
    const b = Math.floor(e.t / this.binMs);
    const cell = this.bins.get(b);
    if (cell === undefined) this.bins.set(b, [1, e.kind === 'pi' ? 1 : 0]);
    else {
      cell[0]++;
      if (e.kind === 'pi') cell[1]++;
    }
    if (b < this.minBin) this.minBin = b;
    if (b > this.maxBin) this.maxBin = b;
    while (this.maxBin - this.minBin + 1 > MAX_BINS) this.widen();
  }

  /** Doubles the bin width (bins of 2^k seconds from the epoch stay aligned). */
  private widen(): void {
    this.binMs *= 2;
    const merged = new Map<number, [number, number]>();
    for (const [b, [n, pi]] of this.bins) {
      const nb = Math.floor(b / 2);
      const cell = merged.get(nb);
      if (cell === undefined) merged.set(nb, [n, pi]);
      else {
        cell[0] += n;
        cell[1] += pi;
      }
    }
    this.bins = merged;
    this.minBin = Math.floor(this.minBin / 2);
    this.maxBin = Math.floor(this.maxBin / 2);
  }

  private segment(e: AggInput): void {
    if (e.phase === null) return;
    const last = this.segments[this.segments.length - 1];
    if (last !== undefined && last.phase === e.phase && last.consent === e.consent) {
      last.end = Math.max(last.end, e.t);
      return;
    }
    if (last !== undefined) last.end = Math.max(last.end, e.t);
    this.segments.push({ phase: e.phase, consent: e.consent, start: e.t, end: e.t, id: e.id });
    if (this.segments.length > MAX_SEGMENTS) this.compact();
  }

  /** Merges the shortest segments into their predecessor until the list is within bounds. */
  private compact(): void {
    const span = (this.end ?? 0) - (this.start ?? 0);
    let minWidth = span / (MAX_SEGMENTS * 4);
    while (this.segments.length > MAX_SEGMENTS * 0.75) {
      const kept: Segment[] = [];
      for (let i = 0; i < this.segments.length; i++) {
        const s = this.segments[i]!;
        const prev = kept[kept.length - 1];
        // The last segment is the open one: never merged away.
        if (prev !== undefined && i < this.segments.length - 1 && s.end - s.start <= minWidth) {
          prev.end = Math.max(prev.end, s.end);
          this.segmentsMerged++;
        } else if (prev !== undefined && prev.phase === s.phase && prev.consent === s.consent) {
          prev.end = Math.max(prev.end, s.end);
          this.segmentsMerged++;
        } else kept.push(s);
      }
      this.segments.length = 0;
      this.segments.push(...kept);
      minWidth = minWidth * 2 + 1;
    }
  }

  timeline(): TimelineStats {
    const counts: number[] = [];
    const pi: number[] = [];
    const first = this.bins.size === 0 ? 0 : this.minBin;
    if (this.bins.size > 0) {
      for (let b = this.minBin; b <= this.maxBin; b++) {
        const cell = this.bins.get(b);
        counts.push(cell?.[0] ?? 0);
        pi.push(cell?.[1] ?? 0);
      }
    }
    return {
      start: this.start,
      end: this.end,
      binMs: this.binMs,
      firstBin: first,
      counts,
      pi,
      segments: this.segments.map((s) => ({ ...s })),
      segmentsMerged: this.segmentsMerged,
      marks: this.marks.slice(),
      marksDropped: this.marksDropped,
    };
  }

  snapshot(): Stats {
    const actors = [...this.actors.values()].map((a) => ({ ...a, byKind: { ...a.byKind }, dataTypes: { ...a.dataTypes } }));
    actors.sort((a, b) => b.events - a.events || a.key.localeCompare(b.key));
    return {
      runId: this.runId,
      head: this.head,
      total: this.total,
      actors,
      kinds: { ...this.kinds },
      phases: { ...this.phases },
      dataTypes: { ...this.dataTypes },
      timeline: this.timeline(),
    };
  }
}
