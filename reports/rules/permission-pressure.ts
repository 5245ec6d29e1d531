// permission-pressure: runtime permission requests before the user agreed to the privacy policy,
// after the user refused it, and repeated after the user denied the permission.
import { actorLabel } from '../../analysis/actor.js';
import type { FindingDraft, Rule } from '../engine.js';
import { num, parseChain } from './common.js';
import { MIIT_164, MIIT_191, MIIT_337 } from './regulations.js';

const short = (p: string) => p.replace(/^android\.permission\./, '');

const rule: Rule = {
  id: 'permission-pressure',
  severity: 'medium',
  title: { en: 'Permission requests before consent or after denial', zh: '强制、频繁索取权限' },
  description:
    'Runtime permissions were requested before the user agreed to the privacy policy, after the user refused it, or again after the user denied them (options: minRepeats, the number of requests after a denial that makes a finding).',
  regulation: [
    { source: MIIT_191, clause: '三、1', summary: 'Opening permissions that can collect personal information before obtaining consent.' },
    { source: MIIT_191, clause: '三、2', summary: 'After an explicit refusal, still opening such permissions, or asking for consent frequently and disturbing normal use.' },
    { source: MIIT_337, clause: '(三)6 频繁申请权限', summary: 'Repeatedly requesting permissions after the user explicitly refused.' },
    { source: MIIT_164, clause: 'APP强制、频繁、过度索取权限', summary: 'Lists forced, frequent and excessive permission requests among the behaviours to rectify.' },
  ],
  variants: {
    'before-consent': { severity: 'medium', title: { en: 'Permission requested before consent', zh: '征得同意前申请权限' } },
    'after-refusal': { severity: 'medium', title: { en: 'Permission requested after the privacy policy was refused', zh: '拒绝隐私政策后仍申请权限' } },
    'after-denial': { severity: 'medium', title: { en: 'Permission requested again after the user denied it', zh: '用户拒绝后频繁申请权限' } },
  },
  defaults: { minRepeats: 1 },
  *check(ctx) {
    const minRepeats = Math.max(1, num(ctx.options.minRepeats, 1));
    // `+t` keeps SQLite off the (run_id, t) index, which read the whole run in time order to find
    // this kind's rows; the (run_id, kind) index finds them and the few are sorted (same order).
    const rows = ctx.db
      .prepare(
        `SELECT e.id, e.t, p.actor AS actor, e.chain, p.consent, json_extract(e.detail, '$.type') AS type,
                json_extract(e.detail, '$.permissions') AS perms, json_extract(e.detail, '$.results') AS results
         FROM events e JOIN ${ctx.timeline.table} p ON p.id = e.id
         WHERE e.run_id = ? AND e.kind = 'permission' AND json_extract(e.detail, '$.type') IN ('request', 'result') ORDER BY +e.t, e.id`,
      )
      .all(ctx.runId) as { id: number; t: number; actor: string; chain: string | null; consent: string; type: string; perms: string | null; results: string | null }[];
    const denied = new Map<string, number>(); // permission -> denials so far
    interface Acc {
      draft: FindingDraft;
      perms: Map<string, { requests: number; denials: number; lastResult: string | null }>;
      ids: number[];
    }
    const groups = new Map<string, Acc>();
    const note = (variant: string, r: (typeof rows)[number], perms: string[]) => {
      const key = `${variant}\u0000${r.actor}`;
      let g = groups.get(key);
      if (g === undefined) {
        g = { draft: { variant, actor: r.actor, chain: parseChain(r.chain), firstT: r.t, lastT: r.t, count: 0, message: '', evidence: { events: [], stack: ctx.evidence.stack(r.id) } }, perms: new Map(), ids: [] };
        groups.set(key, g);
      }
      g.draft.count++;
      g.draft.lastT = r.t;
      if (g.ids.length < 5) g.ids.push(r.id);
      for (const p of perms) {
        const s = g.perms.get(p) ?? { requests: 0, denials: denied.get(p) ?? 0, lastResult: null };
        s.requests++;
        s.denials = denied.get(p) ?? 0;
        g.perms.set(p, s);
      }
    };
    for (const r of rows) {
      const perms = r.perms !== null ? (JSON.parse(r.perms) as string[]) : [];
      if (r.type === 'result') {
        const results = r.results !== null ? (JSON.parse(r.results) as number[]) : [];
        perms.forEach((p, i) => {
          const res = results[i];
          if (res === undefined) return;
          if (res === 0) denied.delete(p);
          else denied.set(p, (denied.get(p) ?? 0) + 1);
        });
        continue;
      }
      if (perms.length === 0) continue;
      if (r.consent === 'none') note('before-consent', r, perms);
      else if (r.consent === 'refused') note('after-refusal', r, perms);
      const again = perms.filter((p) => denied.has(p));
      if (again.length > 0) note('after-denial', r, again);
    }
    for (const g of groups.values()) {
      const d = g.draft;
      const list = [...g.perms.entries()].map(([permission, s]) => ({ permission, ...s }));
      if (d.variant === 'after-denial' && d.count < minRepeats) continue;
      const who = actorLabel(ctx.actors.get(d.actor!));
      const names = list.map((p) => short(p.permission)).join(', ');
      d.message =
        d.variant === 'before-consent'
          ? `${who} requested ${names} ${d.count} time(s) before the user agreed to the privacy policy.`
          : d.variant === 'after-refusal'
            ? `${who} requested ${names} ${d.count} time(s) after the user refused the privacy policy.`
            : `${who} requested ${names} again ${d.count} time(s) after the user denied ${list.length === 1 ? 'it' : 'them'}.`;
      d.evidence.events = ctx.evidence.events(g.ids);
      d.evidence.permissions = list;
      d.phase = d.evidence.events[0]?.phase ?? null;
      yield d;
    }
  },
};
export default rule;
