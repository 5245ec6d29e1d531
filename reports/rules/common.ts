// Queries several rules share: personal-information events grouped by actor and data type (with
// the recomputed phases, from the aggregates counted in the pass over the run), an actor as an SQL
// condition, first events of a group as evidence.
import type { RuleContext } from '../engine.js';
import type { Evidence } from '../evidence.js';
import { PI_EVENTS, type PiAggregate } from '../aggregates.js';

/** An actor id as a condition over the analysis table `p`. */
export function actorWhere(actor: string): { sql: string; params: unknown[] } {
  return { sql: 'p.actor = ?', params: [actor] };
}

export interface PiGroup {
  actor: string;
  dataType: string;
  /** JSON of the chain (outer SDK ids) when grouped by chain, else null. */
  chain: string | null;
  count: number;
  firstT: number;
  lastT: number;
  phases: Record<string, number>;
}

export { PI_EVENTS };

/**
 * Which PI events a rule selects, said twice: as SQL over the analysis table `p` (what it means;
 * test/reports/aggregates.test.ts checks the pass's first events of a group against it) and as a
 * test of a shared aggregate row (for its groups and its evidence, both from the pass); the
 * conditions the rules use are defined here, next to each other.
 */
export interface PiCond {
  sql: string;
  test(a: PiAggregate): boolean;
}

export const ALL_PI: PiCond = { sql: '1', test: () => true };
export const BEFORE_CONSENT: PiCond = { sql: "p.consent = 'none'", test: (a) => a.consent === 'none' };
export const AFTER_REFUSAL: PiCond = { sql: "p.consent = 'refused'", test: (a) => a.consent === 'refused' };
export const IN_BACKGROUND: PiCond = { sql: "p.phase = 'background'", test: (a) => a.phase === 'background' };

/**
 * Personal-information events grouped by actor and data type (and chain), restricted by `cond`,
 * merged from the run's shared aggregates (RuleContext.piAggregates, counted in the pass).
 */
export function piGroups(ctx: RuleContext, cond: PiCond = ALL_PI, byChain = false): PiGroup[] {
  const groups = new Map<string, PiGroup>();
  for (const r of ctx.piAggregates()) {
    if (!cond.test(r)) continue;
    const ch = byChain ? r.chain : null;
    const key = `${r.actor}\u0000${r.dataType}\u0000${ch ?? ''}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { actor: r.actor, dataType: r.dataType, chain: ch, count: 0, firstT: r.firstT, lastT: r.lastT, phases: {} };
      groups.set(key, g);
    }
    g.count += r.count;
    g.firstT = Math.min(g.firstT, r.firstT);
    g.lastT = Math.max(g.lastT, r.lastT);
    g.phases[r.phase] = (g.phases[r.phase] ?? 0) + r.count;
  }
  // Phases in the order each rule's GROUP BY gave them (by phase within a group); the shared rows
  // are sorted by chain before phase, so a merged group met its phases out of that order.
  for (const g of groups.values()) g.phases = Object.fromEntries(Object.entries(g.phases).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return [...groups.values()].sort((a, b) => a.firstT - b.firstT);
}

export function parseChain(chain: string | null): string[] {
  if (chain === null) return [];
  try {
    const v = JSON.parse(chain) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Events, first stack and chain of a group: the evidence every PI finding carries. The group's
 * first five events (by time, then id) of the PI events that meet `cond` come from the pass
 * (RuleContext.piFirstIds), as `cond.sql`'s query over the analysis table would give them.
 */
export function groupEvidence(ctx: RuleContext, actor: string, dataType: string, cond: PiCond = ALL_PI): { evidence: Evidence; chain: string[]; firstPhase: string | null } {
  const ids = ctx.piFirstIds(actor, dataType, cond.test);
  const events = ctx.evidence.events(ids);
  const first = ids[0];
  const chainRow = first === undefined ? undefined : (ctx.db.prepare(`SELECT chain FROM ${ctx.timeline.table} WHERE id = ?`).get(first) as { chain: string | null } | undefined);
  return {
    evidence: { events, stack: first === undefined ? null : ctx.evidence.stack(first) },
    chain: parseChain(chainRow?.chain ?? null),
    firstPhase: events[0]?.phase ?? null,
  };
}

/** The consent decision in force at time t (the last one before it), or null. */
export function consentAt(ctx: RuleContext, t: number): Evidence['consent'] {
  let found: Evidence['consent'] = null;
  for (const m of ctx.timeline.consent) {
    if (m.t > t) break;
    found = { eventId: m.eventId, t: m.t, state: m.state, source: m.source, text: m.text };
  }
  return found;
}

export function phaseList(phases: Record<string, number>): string {
  return Object.entries(phases)
    .sort((a, b) => b[1] - a[1])
    .map(([p, n]) => `${p} ${n}`)
    .join(', ');
}

export function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
