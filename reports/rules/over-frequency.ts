// over-frequency: the same SDK reads the same data type more often than a limit within a sliding
// window. Limits are per data type, falling back to per data-type group; all are options.
//
// Default limits (reads per 60 s window) are starting points chosen to flag repeated reads well
// beyond a once-per-screen need; no regulation publishes numeric thresholds, so labs set their own.
import { DATA_TYPES, type DataType, type DataTypeInfo } from '../../protocol/constants.js';
import { actorLabel } from '../../analysis/actor.js';
import type { Rule } from '../engine.js';
import { actorWhere, PI_EVENTS, num, piGroups } from './common.js';
import { GBT_35273, MIIT_191, MIIT_337 } from './regulations.js';

export const DEFAULT_GROUP_LIMITS: Record<DataTypeInfo['group'], number> = {
  'device-id': 5,
  'network-id': 5,
  location: 12,
  apps: 3,
  content: 3,
  sensor: 20,
  account: 5,
  usage: 10,
  'device-info': 20,
  personal: 5,
};

/** The limit for a data type: options.limits[dataType], then limits["group:<group>"], then the default. */
export function limitFor(dataType: string, limits: Record<string, unknown>): number {
  const own = limits[dataType];
  if (typeof own === 'number') return own;
  const group = DATA_TYPES[dataType as DataType]?.group;
  if (group !== undefined) {
    const g = limits[`group:${group}`];
    if (typeof g === 'number') return g;
    return DEFAULT_GROUP_LIMITS[group];
  }
  return typeof limits.default === 'number' ? limits.default : 10;
}

/**
 * The busiest window of `windowMs` ending at a read, over sorted read times: its count (reads at
 * t - windowMs through t, every read at t included) and the earliest t that reaches it. The same
 * as a SQL window RANGE BETWEEN windowMs PRECEDING AND CURRENT ROW ordered by t, with the first
 * row holding max() of it (which is what this rule ran before the counts came from one pass).
 */
export function peakWindow(times: Float64Array, windowMs: number): { peak: number; peakT: number } {
  let peak = 0;
  let peakT = Number.NaN;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < times.length; i = hi + 1) {
    const t = times[i]!;
    hi = i;
    while (hi + 1 < times.length && times[hi + 1] === t) hi++;
    const from = t - windowMs;
    while (times[lo]! < from) lo++;
    const c = hi - lo + 1;
    if (c > peak) {
      peak = c;
      peakT = t;
    }
  }
  return { peak, peakT };
}

const rule: Rule = {
  id: 'over-frequency',
  severity: 'medium',
  title: { en: 'Personal information read too often', zh: '超频次收集个人信息' },
  description:
    'The same collector read the same data type more times within a sliding window than the configured limit (options: windowMs, limits per data type or "group:<group>"). The busiest window is the evidence.',
  regulation: [
    { source: MIIT_191, clause: '四、4', summary: 'The frequency of collecting personal information exceeds what the business function actually needs.' },
    { source: MIIT_337, clause: '(一)2 超范围收集个人信息', summary: 'Collecting personal information beyond the scope or frequency the service needs.' },
    { source: GBT_35273, clause: '5.2', summary: 'Automatic collection happens at the lowest frequency the business function needs.' },
  ],
  defaults: { windowMs: 60_000, limits: {} },
  *check(ctx) {
    const windowMs = Math.max(1, Math.round(num(ctx.options.windowMs, 60_000)));
    const limits = (typeof ctx.options.limits === 'object' && ctx.options.limits !== null ? ctx.options.limits : {}) as Record<string, unknown>;
    const peaks = ctx.piReadTimes().map((g) => ({ actor: g.actor, dt: g.dataType, ...peakWindow(g.times, windowMs) }));
    const over = peaks.filter((p) => p.peak > limitFor(p.dt, limits));
    if (over.length === 0) return;
    const totals = new Map(piGroups(ctx).map((g) => [`${g.actor}\u0000${g.dataType}`, g]));
    for (const p of over) {
      const g = totals.get(`${p.actor}\u0000${p.dt}`)!;
      const limit = limitFor(p.dt, limits);
      const a = actorWhere(p.actor);
      const start = p.peakT - windowMs;
      const ids = ctx.evidence.firstIds(`${PI_EVENTS} AND p.data_type = ? AND ${a.sql} AND p.t >= ? AND p.t <= ?`, [p.dt, ...a.params, start, p.peakT], 5);
      const events = ctx.evidence.events(ids);
      const chainRow = ids[0] === undefined ? undefined : (ctx.db.prepare(`SELECT chain FROM ${ctx.timeline.table} WHERE id = ?`).get(ids[0]) as { chain: string | null });
      const info = DATA_TYPES[p.dt as DataType];
      yield {
        actor: p.actor,
        chain: chainRow?.chain ? (JSON.parse(chainRow.chain) as string[]) : [],
        dataType: p.dt,
        phase: events[0]?.phase ?? null,
        phases: g.phases,
        firstT: g.firstT,
        lastT: g.lastT,
        count: g.count,
        message: `${actorLabel(ctx.actors.get(p.actor))} read ${info ? `${info.en} (${info.zh})` : p.dt} ${p.peak} times within ${windowMs / 1000} s (limit ${limit}); ${g.count} reads in the whole run.`,
        evidence: { events, stack: ids[0] === undefined ? null : ctx.evidence.stack(ids[0]), window: { start, end: p.peakT, count: p.peak, limit, windowMs } },
      };
    }
  },
};
export default rule;
