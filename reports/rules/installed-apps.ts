// installed-apps: the installed-application list read, or other apps probed one by one
// (package queries) or enumerated through intent queries.
import { actorLabel } from '../../analysis/actor.js';
import type { Db } from '../../store/db.js';
import type { Rule } from '../engine.js';
import { actorWhere, PI_EVENTS, parseChain } from './common.js';
import { GBT_35273, MIIT_191, MIIT_337 } from './regulations.js';

/** How an installed_apps event learnt about other apps, from its hook id or API. */
export const HOW_SQL = `(CASE
  WHEN coalesce(e.hook, e.api) GLOB '*getInstalled*' OR coalesce(e.hook, e.api) GLOB '*getPackagesHoldingPermissions*' OR coalesce(e.hook, e.api) GLOB '*getActivityList*' THEN 'list'
  WHEN coalesce(e.hook, e.api) GLOB '*getPackageInfo*' OR coalesce(e.hook, e.api) GLOB '*getApplicationInfo*' OR coalesce(e.hook, e.api) GLOB '*getLaunchIntentForPackage*' THEN 'probe'
  WHEN coalesce(e.hook, e.api) GLOB '*ForUid*' THEN 'uid'
  ELSE 'query' END)`;

/** Most targets a finding names (the first ones, in time order). */
const MAX_TARGETS = 30;

/**
 * Per (actor, how): the events per phase and the first distinct targets, from one read of the
 * run's installed_apps rows in the analysis index's order (actor, then time, then id). Each group
 * ran two statements of its own before (GROUP BY p.phase; SELECT DISTINCT target ... LIMIT 30,
 * which SQLite answered in the same index order, a temp B-tree dropping repeats), each joining the
 * events view for every row of the group: 0.86 CPU s over 12 groups at 1M events.
 */
function groupDetails(db: Db, table: string): Map<string, { phases: Map<string | null, number>; targets: unknown[] }> {
  const out = new Map<string, { phases: Map<string | null, number>; targets: unknown[]; seen: Set<unknown> }>();
  const rows = db
    .prepare(
      `SELECT p.actor, ${HOW_SQL}, p.phase, json_extract(e.detail, '$.target') FROM ${table} p JOIN events e ON e.id = p.id
       WHERE ${PI_EVENTS} AND p.data_type = 'installed_apps' ORDER BY p.actor, p.t, p.id`,
    )
    .raw(true)
    .iterate() as Iterable<[actor: string, how: string, phase: string | null, target: unknown]>;
  for (const [actor, how, phase, target] of rows) {
    const key = `${actor}\u0000${how}`;
    let g = out.get(key);
    if (g === undefined) out.set(key, (g = { phases: new Map(), targets: [], seen: new Set() }));
    g.phases.set(phase, (g.phases.get(phase) ?? 0) + 1);
    // DISTINCT's equality: a JSON number and a string are apart, as in SQLite.
    if (target !== null && g.targets.length < MAX_TARGETS && !g.seen.has(target)) {
      g.seen.add(target);
      g.targets.push(target);
    }
  }
  return out;
}

/** SQLite's BINARY order of GROUP BY keys (NULL first, then UTF-8 bytes, which is code point order). */
function compareText(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

const rule: Rule = {
  id: 'installed-apps',
  severity: 'medium',
  title: { en: 'Installed application list read', zh: '读取已安装应用列表' },
  description:
    'The installed-application list was read (getInstalledPackages/Applications and equivalents), other apps were probed one by one (getPackageInfo, getApplicationInfo, getLaunchIntentForPackage), or enumerated through intent queries (queryIntentActivities, …).',
  regulation: [
    { source: GBT_35273, clause: '附录A 表A.1', summary: 'Lists the software list of a personal device among personal information (个人常用设备信息).' },
    { source: MIIT_337, clause: '(二)3 私自共享给第三方', summary: 'Names the list of commonly used apps among the personal information not to share without consent.' },
    { source: MIIT_191, clause: '二、1', summary: 'Collection by the app and embedded third-party code must be listed one by one.' },
  ],
  variants: {
    list: { severity: 'medium', title: { en: 'Installed application list read', zh: '读取已安装应用列表' } },
    query: { severity: 'low', title: { en: 'Installed apps enumerated through intent queries', zh: '通过Intent查询枚举已安装应用' } },
    probe: { severity: 'low', title: { en: 'Other apps probed one by one', zh: '逐个探测其他App是否安装' } },
    uid: { severity: 'info', title: { en: 'Package names looked up by uid', zh: '按UID查询包名' } },
  },
  *check(ctx) {
    const rows = ctx.db
      .prepare(
        `SELECT p.actor AS actor, ${HOW_SQL} AS how, count(*) AS n, min(p.t) AS first, max(p.t) AS last,
                max(json_extract(e.detail, '$.count')) AS maxCount, count(DISTINCT json_extract(e.detail, '$.target')) AS targets
         FROM ${ctx.timeline.table} p JOIN events e ON e.id = p.id WHERE ${PI_EVENTS} AND p.data_type = 'installed_apps'
         GROUP BY p.actor, how ORDER BY first`,
      )
      .all() as { actor: string; how: string; n: number; first: number; last: number; maxCount: number | null; targets: number }[];
    const details = groupDetails(ctx.db, ctx.timeline.table);
    for (const r of rows) {
      const a = actorWhere(r.actor);
      const cond = `${PI_EVENTS} AND p.data_type = 'installed_apps' AND ${a.sql} AND ${HOW_SQL} = ?`;
      const ids = ctx.evidence.firstIds(cond, [...a.params, r.how], 5);
      const detail = details.get(`${r.actor}\u0000${r.how}`);
      const targets = detail?.targets ?? [];
      const phases = Object.fromEntries(detail === undefined ? [] : [...detail.phases].sort(([a], [b]) => compareText(a, b)));
      const chainRow = ids[0] === undefined ? undefined : (ctx.db.prepare(`SELECT chain FROM ${ctx.timeline.table} WHERE id = ?`).get(ids[0]) as { chain: string | null });
      const who = actorLabel(ctx.actors.get(r.actor));
      const message =
        r.how === 'list'
          ? `${who} read the installed application list ${r.n} time(s)${r.maxCount !== null ? ` (up to ${r.maxCount} apps)` : ''}.`
          : r.how === 'probe'
            ? `${who} checked whether ${r.targets} other app(s) are installed (${r.n} queries)${targets.length > 0 ? `: ${targets.slice(0, 10).join(', ')}${targets.length > 10 ? ', …' : ''}` : ''}.`
            : r.how === 'uid'
              ? `${who} looked up package names by uid ${r.n} time(s).`
              : `${who} enumerated installed apps through intent queries ${r.n} time(s)${r.maxCount !== null ? ` (up to ${r.maxCount} results)` : ''}.`;
      const events = ctx.evidence.events(ids);
      yield {
        variant: r.how,
        actor: r.actor,
        chain: parseChain(chainRow?.chain ?? null),
        dataType: 'installed_apps',
        phase: events[0]?.phase ?? null,
        phases,
        firstT: r.first,
        lastT: r.last,
        count: r.n,
        message,
        evidence: { events, stack: ids[0] === undefined ? null : ctx.evidence.stack(ids[0]), details: { targets, maxCount: r.maxCount } },
      };
    }
  },
};
export default rule;
