// The aggregates of a run that the report model and the rules read, accumulated while the analysis
// table is filled (analysis/timeline.ts hands every row to RunAggregates.add), so the whole run is
// read once. Before, each consumer ran its own GROUP BY over the analysis table afterwards (the
// model's per actor/kind/data type/phase counts, timeline bins, chains, phases and first reads, the
// rules' PI groups): about a sixth of a report's CPU at 1M events, for results the pass had already
// seen. Memory follows the number of groups (actors x kinds x data types x phases, bins, chains), not
// the events. Each aggregate comes out in the order its GROUP BY gave it (SQLite's BINARY order of
// the group keys, NULL first): the model and the rules break ties by that order, so their output
// stays what it was.
import type { AnalysisRow } from '../analysis/timeline.js';
import { countsForActor } from '../analysis/actor.js';

/** Personal-information events the rules judge (the platform's own reads excluded), over the analysis table `p`. */
export const PI_EVENTS = "p.kind = 'pi' AND p.data_type IS NOT NULL AND (p.party IS NULL OR p.party <> 'platform')";

/** PI_EVENTS for one row. */
export function isPiEvent(kind: string, dataType: string | null, party: string | null): boolean {
  return kind === 'pi' && dataType !== null && party !== 'platform';
}

/** The kinds the timeline chart counts (agent events only). */
export const TIMELINE_KINDS: ReadonlySet<string> = new Set(['pi', 'net', 'launch', 'schedule', 'permission']);

/** One group of PI events: same actor, data type, chain (JSON or null), phase and consent. */
export interface PiAggregate {
  actor: string;
  dataType: string;
  chain: string | null;
  phase: string;
  consent: string | null;
  count: number;
  firstT: number;
  lastT: number;
}

/** Events an actor was seen doing (countsForActor), per kind, data type and recomputed phase. */
export interface ActorKindGroup {
  actor: string;
  kind: string;
  dataType: string | null;
  phase: string;
  count: number;
  firstT: number;
  lastT: number;
}

/** The device times of one actor's PI reads (PI_EVENTS) of one data type, in time order. */
export interface PiReadTimes {
  actor: string;
  dataType: string;
  times: Float64Array;
}

/**
 * A PI group as the pass keeps it: the aggregate and the group's first events by (time, id), at
 * most FIRST_IDS of them, in that order (ids and times in parallel arrays).
 */
interface PiGroupAcc {
  agg: PiAggregate;
  firstIds: number[];
  firstTs: number[];
}

/** How many first events each PI group keeps: the evidence of a finding lists at most five. */
export const FIRST_IDS = 5;

/** The first agent PI read of an actor and data type (by device time, ties by id). */
export interface FirstRead {
  eventId: number;
  t: number;
  phase: string;
}

/**
 * SQLite's BINARY order of two TEXT-or-NULL values: NULL first, then the UTF-8 bytes compared
 * (JavaScript's `<` compares UTF-16 units, which differs past U+FFFF).
 */
export function compareSqlText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function byKeys<T>(...keys: ((x: T) => string | null)[]): (x: T, y: T) => number {
  return (x, y) => {
    for (const k of keys) {
      const c = compareSqlText(k(x), k(y));
      if (c !== 0) return c;
    }
    return 0;
  };
}

/**
 * Keeps an event among its group's first FIRST_IDS by (time, id). Rows come in id order, so an
 * event with the same time as the last kept one comes after it.
 */
function keepFirst(acc: PiGroupAcc, id: number, t: number): void {
  const ts = acc.firstTs;
  const n = ts.length;
  if (n === FIRST_IDS && t >= ts[n - 1]!) return;
  let i = n;
  while (i > 0 && ts[i - 1]! > t) i--;
  ts.splice(i, 0, t);
  acc.firstIds.splice(i, 0, id);
  if (ts.length > FIRST_IDS) {
    ts.pop();
    acc.firstIds.pop();
  }
}

/** Joins commonChains()'s keys (per group, not per event). */
const SEP = '\u0000';

/**
 * Groups under a path of keys, one Map per level: a key string per event (four or five fields
 * joined, then hashed) was most of the pass's aggregate time at 1M events.
 */
type Level<T> = Map<string | null, T>;

function level<T>(m: Level<Level<T>>, k: string | null): Level<T> {
  let v = m.get(k);
  if (v === undefined) m.set(k, (v = new Map()));
  return v;
}

/** One actor's groups: per kind, data type and phase (the model's counts), per PI data type (TypeAcc). */
interface ActorAcc {
  kinds: Level<Level<Level<ActorKindGroup>>>;
  types: Map<string, TypeAcc>;
  bins: Map<number, number> | undefined;
}

/** One actor's PI events of one data type. */
interface TypeAcc {
  /** The first agent PI read (by time, ties by id). */
  first: FirstRead | undefined;
  /** Events per chain (chain not null). */
  chains: Map<string, { actor: string; dataType: string; chain: string; count: number }>;
  /**
   * Device times of PI_EVENTS, for sliding-window counts (over-frequency). The one aggregate that
   * follows the events: 8 bytes per PI read, in a typed array (no object per event), where
   * SQLite's window function sorted the same rows in a temp B-tree.
   */
  times: { actor: string; dataType: string; times: Float64Array; n: number } | undefined;
  /** The pids PI_EVENTS ran in during the background phase (a few per group). */
  backgroundPids: Set<number> | undefined;
  /** PI_EVENTS groups by chain, phase, consent. */
  pi: Level<Level<Level<PiGroupAcc>>>;
}

function typeAcc(a: ActorAcc, dataType: string): TypeAcc {
  let t = a.types.get(dataType);
  if (t === undefined) a.types.set(dataType, (t = { first: undefined, chains: new Map(), times: undefined, backgroundPids: undefined, pi: new Map() }));
  return t;
}

/**
 * Everything the report aggregates over the analysis table, fed one row at a time in id order.
 * `binStart` and `binMs` place each event in the timeline chart's bins (the run's first device
 * time and the bin width, known before the pass from the run's time bounds).
 */
export class RunAggregates {
  /** All events, agent events, host events. */
  readonly totals = { events: 0, agent: 0, host: 0 };
  /** Agent events per process id. */
  readonly agentEventsPerProcess = new Map<number | null, number>();
  /** PI events (any source, any data type) per recomputed phase. */
  private readonly piPhaseCounts = new Map<string, number>();
  /** Per actor: its groups (see ActorAcc). */
  private readonly actors = new Map<string, ActorAcc>();
  /** Every (actor, kind, data type, phase) group, in the order met. */
  private readonly actorKindList: ActorKindGroup[] = [];
  private readonly chainList: { actor: string; dataType: string; chain: string; count: number }[] = [];
  /** Per actor: the timeline chart's counts per bin (actors with a TIMELINE_KINDS event only). */
  private readonly bins = new Map<string, Map<number, number>>();
  private readonly piList: PiAggregate[] = [];
  private readonly piTimesList: { actor: string; dataType: string; times: Float64Array; n: number }[] = [];
  /** Ids of the network events whose detail text names a TLS record (AnalysisRow.tlsRecordCandidate), in id order. */
  readonly tlsRecordCandidates: number[] = [];

  constructor(
    private readonly binStart: number | null,
    private readonly binMs: number,
  ) {}

  /** An actor's groups: one look-up by actor per event, then by the keys below it. */
  private actorAcc(actor: string): ActorAcc {
    let a = this.actors.get(actor);
    if (a === undefined) this.actors.set(actor, (a = { kinds: new Map(), types: new Map(), bins: undefined }));
    return a;
  }

  add(r: AnalysisRow): void {
    this.totals.events++;
    if (r.tlsRecordCandidate) this.tlsRecordCandidates.push(r.id);
    if (r.source === 'host') this.totals.host++;
    if (r.source !== 'agent') return this.addPi(r);
    this.totals.agent++;
    this.agentEventsPerProcess.set(r.processId, (this.agentEventsPerProcess.get(r.processId) ?? 0) + 1);
    const a = this.actorAcc(r.actor);
    if (countsForActor(r.source, r.kind)) {
      const byPhase = level(level(a.kinds, r.kind), r.dataType);
      const g = byPhase.get(r.phase);
      if (g === undefined) {
        const made = { actor: r.actor, kind: r.kind, dataType: r.dataType, phase: r.phase, count: 1, firstT: r.t, lastT: r.t };
        byPhase.set(r.phase, made);
        this.actorKindList.push(made);
      } else {
        g.count++;
        if (r.t < g.firstT) g.firstT = r.t;
        if (r.t > g.lastT) g.lastT = r.t;
      }
      if (r.kind === 'pi' && r.dataType !== null) {
        // Rows come in id order: an equal time keeps the earlier id.
        const ty = typeAcc(a, r.dataType);
        const f = ty.first;
        if (f === undefined || r.t < f.t) ty.first = { eventId: r.id, t: r.t, phase: r.phase };
      }
    }
    if (this.binStart !== null && TIMELINE_KINDS.has(r.kind)) {
      // CAST(x AS INTEGER) of the SQL this replaces: truncation toward zero.
      const b = Math.trunc((r.t - this.binStart) / this.binMs);
      let m = a.bins;
      if (m === undefined) this.bins.set(r.actor, (m = a.bins = new Map()));
      m.set(b, (m.get(b) ?? 0) + 1);
    }
    this.addPi(r, a);
  }

  private addPi(r: AnalysisRow, known?: ActorAcc): void {
    if (r.kind !== 'pi') return;
    this.piPhaseCounts.set(r.phase, (this.piPhaseCounts.get(r.phase) ?? 0) + 1);
    if (r.dataType === null) return;
    const ty = typeAcc(known ?? this.actorAcc(r.actor), r.dataType);
    if (r.chain !== null) {
      const c = ty.chains.get(r.chain);
      if (c === undefined) {
        const made = { actor: r.actor, dataType: r.dataType, chain: r.chain, count: 1 };
        ty.chains.set(r.chain, made);
        this.chainList.push(made);
      } else c.count++;
    }
    if (!isPiEvent(r.kind, r.dataType, r.party)) return;
    if (r.phase === 'background' && r.pid !== null) (ty.backgroundPids ??= new Set()).add(r.pid);
    let ts = ty.times;
    if (ts === undefined) {
      ts = ty.times = { actor: r.actor, dataType: r.dataType, times: new Float64Array(16), n: 0 };
      this.piTimesList.push(ts);
    }
    if (ts.n === ts.times.length) {
      const grown = new Float64Array(ts.times.length * 2);
      grown.set(ts.times);
      ts.times = grown;
    }
    ts.times[ts.n++] = r.t;
    const byConsent = level(level(ty.pi, r.chain), r.phase);
    const acc = byConsent.get(r.consent);
    if (acc === undefined) {
      const made = { actor: r.actor, dataType: r.dataType, chain: r.chain, phase: r.phase, consent: r.consent, count: 1, firstT: r.t, lastT: r.t };
      byConsent.set(r.consent, { agg: made, firstIds: [r.id], firstTs: [r.t] });
      this.piList.push(made);
    } else {
      const g = acc.agg;
      g.count++;
      if (r.t < g.firstT) g.firstT = r.t;
      if (r.t > g.lastT) g.lastT = r.t;
      keepFirst(acc, r.id, r.t);
    }
  }

  /**
   * The first `limit` (at most FIRST_IDS) PI_EVENTS of an actor and data type whose group passes
   * `test`, by device time, ties by id: what `SELECT p.id ... WHERE PI_EVENTS AND p.data_type = ?
   * AND p.actor = ? AND <the condition> ORDER BY p.t, p.id LIMIT 5` gives when the condition is
   * one on the groups' keys (consent, phase). Merged from each group's first events, kept by the
   * pass, where that query walked a group's rows in the analysis table's index (166 of them, 0.6
   * CPU s at 1M events).
   */
  firstPiIds(actor: string, dataType: string, test: (a: PiAggregate) => boolean, limit = FIRST_IDS): number[] {
    if (limit > FIRST_IDS) throw new Error(`firstPiIds: at most ${FIRST_IDS} first events are kept per group (asked for ${limit})`);
    const ids: number[] = [];
    const ts: number[] = [];
    for (const byPhase of this.actors.get(actor)?.types.get(dataType)?.pi.values() ?? []) {
      for (const byConsent of byPhase.values()) {
        for (const acc of byConsent.values()) {
          if (!test(acc.agg)) continue;
          for (let i = 0; i < acc.firstIds.length; i++) ids.push(acc.firstIds[i]!), ts.push(acc.firstTs[i]!);
        }
      }
    }
    return ids
      .map((_, i) => i)
      .sort((a, b) => ts[a]! - ts[b]! || ids[a]! - ids[b]!)
      .slice(0, limit)
      .map((i) => ids[i]!);
  }

  /**
   * The PI groups (PI_EVENTS) in the order of a GROUP BY actor, data type, chain, phase, consent:
   * the rules' merged groups are ordered by first time, ties in this order.
   */
  piAggregates(): PiAggregate[] {
    return [...this.piList].sort(byKeys<PiAggregate>((g) => g.actor, (g) => g.dataType, (g) => g.chain, (g) => g.phase, (g) => g.consent));
  }

  /** PI read times per actor and data type (PI_EVENTS), each sorted, groups in (actor, data type) order. */
  piReadTimes(): PiReadTimes[] {
    return [...this.piTimesList]
      .sort(byKeys((g) => g.actor, (g) => g.dataType))
      .map((g) => ({ actor: g.actor, dataType: g.dataType, times: g.times.slice(0, g.n).sort() }));
  }

  /**
   * How many processes (distinct pids, null left out as count(DISTINCT) does) an actor's PI reads
   * (PI_EVENTS) of a data type ran in during the background phase.
   */
  backgroundProcesses(actor: string, dataType: string): number {
    return this.actors.get(actor)?.types.get(dataType)?.backgroundPids?.size ?? 0;
  }

  /** Agent events that count for their actor, per actor, kind, data type and phase, in that order. */
  actorKindGroups(): ActorKindGroup[] {
    return [...this.actorKindList].sort(byKeys<ActorKindGroup>((g) => g.actor, (g) => g.kind, (g) => g.dataType, (g) => g.phase));
  }

  /** The first agent PI read of an actor and data type, if it read that type. */
  firstRead(actor: string, dataType: string): FirstRead | undefined {
    return this.actors.get(actor)?.types.get(dataType)?.first;
  }

  /** The most frequent chain of an actor's PI reads of a data type (ties: the first in BINARY order). */
  commonChains(): Map<string, string> {
    const best = new Map<string, { chain: string; count: number }>();
    const groups = [...this.chainList].sort(byKeys((g) => g.actor, (g) => g.dataType, (g) => g.chain));
    for (const g of groups) {
      const k = `${g.actor}${SEP}${g.dataType}`;
      const b = best.get(k);
      if (b === undefined || g.count > b.count) best.set(k, { chain: g.chain, count: g.count });
    }
    return new Map([...best].map(([k, v]) => [k, v.chain]));
  }

  /** The key commonChains() is read with. */
  static chainKey(actor: string, dataType: string): string {
    return `${actor}${SEP}${dataType}`;
  }

  /** Timeline chart counts per actor (in actor order) and bin. */
  timelineBins(): { actor: string; bins: Map<number, number> }[] {
    return [...this.bins.keys()].sort(compareSqlText).map((actor) => ({ actor, bins: this.bins.get(actor)! }));
  }

  /** PI events per phase, in phase order. */
  piPhases(): [string, number][] {
    return [...this.piPhaseCounts].sort(([a], [b]) => compareSqlText(a, b));
  }
}
