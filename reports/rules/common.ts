// Queries several rules share: personal-information events grouped by actor and data type (with
// the recomputed phases), an actor as an SQL condition, first events of a group as evidence.
import type { RuleContext } from '../engine.js';
import type { Evidence } from '../evidence.js';

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

/** Personal-information events the rules judge (the platform's own reads excluded), over the analysis table `p`. */
export const PI_EVENTS = "p.kind = 'pi' AND p.data_type IS NOT NULL AND (p.party IS NULL OR p.party <> 'platform')";

/**
 * Personal-information events grouped by actor and data type (and chain), restricted by `cond`
 * over `events e` and the recomputed phases `p` (phase, consent, fg).
 */
export function piGroups(ctx: RuleContext, cond = '1', params: readonly unknown[] = [], byChain = false): PiGroup[] {
  const rows = ctx.db
    .prepare(
      `SELECT p.actor AS actor, p.data_type AS dt, ${byChain ? 'p.chain' : 'NULL'} AS ch, p.phase AS ph,
              count(*) AS n, min(p.t) AS first, max(p.t) AS last
       FROM ${ctx.timeline.table} p
       WHERE ${PI_EVENTS} AND (${cond})
       GROUP BY p.actor, p.data_type, ch, p.phase`,
    )
    .all(...params) as { actor: string; dt: string; ch: string | null; ph: string; n: number; first: number; last: number }[];
  const groups = new Map<string, PiGroup>();
  for (const r of rows) {
    const key = `${r.actor}\u0000${r.dt}\u0000${r.ch ?? ''}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { actor: r.actor, dataType: r.dt, chain: r.ch, count: 0, firstT: r.first, lastT: r.last, phases: {} };
      groups.set(key, g);
    }
    g.count += r.n;
    g.firstT = Math.min(g.firstT, r.first);
    g.lastT = Math.max(g.lastT, r.last);
    g.phases[r.ph] = (g.phases[r.ph] ?? 0) + r.n;
  }
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

/** Events, first stack and chain of a group: the evidence every PI finding carries. */
export function groupEvidence(ctx: RuleContext, actor: string, dataType: string, cond = '1', params: readonly unknown[] = []): { evidence: Evidence; chain: string[]; firstPhase: string | null } {
  const a = actorWhere(actor);
  const ids = ctx.evidence.firstIds(`${PI_EVENTS} AND p.data_type = ? AND ${a.sql} AND (${cond})`, [dataType, ...a.params, ...params], 5);
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
