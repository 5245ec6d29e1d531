// associated-startup: the app or an SDK starts, binds, broadcasts to, or queries a provider of
// another app. Confirmed when the device saw that app's process start shortly after (host spawn
// events). Ingest records that confirmation (launches.confirmed_event_id) with the default window;
// the rule recomputes it with its own options and never writes.
// A launch right after a click in the same process is kept, at low severity: the user acted.
// What is and is not counted (analysis/launch.ts): the system UI Android shows for the app (the
// permission dialog, install prompt, chooser, the app's own Settings page) is not a third-party
// app and is not reported; a start the system refused is reported as a refused attempt with the
// system's reason, and never confirmed.
import { actorLabel } from '../../analysis/actor.js';
import { refusal, systemUiReason } from '../../analysis/launch.js';
import type { FindingDraft, Rule } from '../engine.js';
import type { LaunchRef } from '../evidence.js';
import { num, parseChain } from './common.js';
import { MIIT_164 } from './regulations.js';

const VIA_TEXT: Record<string, string> = {
  activity: 'started an activity of',
  service: 'started a service of',
  'foreground-service': 'started a foreground service of',
  bind: 'bound to a service of',
  broadcast: 'sent a broadcast to',
  provider: 'queried a content provider of',
  'pending-intent': 'created a PendingIntent for',
};

const rule: Rule = {
  id: 'associated-startup',
  severity: 'medium',
  title: { en: 'Associated startup of other apps', zh: '关联启动其他App' },
  description:
    'Code in the app started, bound to, sent an explicit or resolved broadcast to, or queried a content provider of another app (关联启动第三方APP). When the device saw that app’s process start within the confirmation window, the start is confirmed. A start the system refused (background limits, no matching service) is an attempt, reported with the system’s reason and never confirmed. A launch within a short time after a click in the same process is reported at low severity as user-initiated. Not counted: the system UI Android shows for the app itself — the runtime permission dialog (permission controller, package installer), install prompts, the chooser/resolver and the app’s own page in Settings — which is the system acting on the app’s request, not a third-party app.',
  regulation: [{ source: MIIT_164, clause: 'APP频繁自启动和关联启动', summary: 'Lists apps starting other apps (associated startup) among the behaviours to rectify.' }],
  variants: {
    confirmed: { severity: 'high', title: { en: 'Another app was started (its process was seen starting)', zh: '关联启动其他App(已观察到其进程启动)' } },
    attempt: { severity: 'medium', title: { en: 'Attempt to start or reach another app', zh: '尝试关联启动其他App' } },
    refused: { severity: 'medium', title: { en: 'Attempt to start another app, refused by the system', zh: '尝试关联启动其他App(被系统拒绝)' } },
    'after-click': { severity: 'low', title: { en: 'Other app reached right after a user click', zh: '用户点击后启动其他App' } },
  },
  defaults: { confirmWindowMs: 15_000, clockSlackMs: 2_000, clickWindowMs: 2_000 },
  *check(ctx) {
    const confirmWindow = num(ctx.options.confirmWindowMs, 15_000);
    const slack = num(ctx.options.clockSlackMs, 2_000);
    const clickWindow = num(ctx.options.clickWindowMs, 2_000);
    const spawns = new Map<string, { id: number; t: number; identifier: string | null }[]>();
    // `+t` keeps SQLite off the (run_id, t) index, which read the whole run in time order to find
    // this kind's rows; the (run_id, kind) index finds them and the few are sorted (same order).
    for (const s of ctx.db
      .prepare(
        `SELECT id, t, json_extract(detail, '$.package') AS pkg, json_extract(detail, '$.identifier') AS identifier FROM events
         WHERE run_id = ? AND kind = 'device' AND json_extract(detail, '$.type') = 'spawn' AND json_extract(detail, '$.other') = 1 ORDER BY +t, id`,
      )
      .all(ctx.runId) as { id: number; t: number; pkg: string | null; identifier: string | null }[]) {
      if (s.pkg === null) continue;
      let list = spawns.get(s.pkg);
      if (list === undefined) spawns.set(s.pkg, (list = []));
      list.push({ id: s.id, t: s.t, identifier: s.identifier });
    }
    // Clicks are few: read them once, per process, in time order. The run's lifecycle events come
    // through the (run_id, kind) index, as the other rules' kind queries read them, so the
    // analysis table's index need not hold lifecycle rows (analysis/timeline.ts INDEXED_KINDS).
    const clicks = new Map<number | null, { id: number; t: number; text: string | null }[]>();
    for (const c of ctx.db
      .prepare(
        `SELECT e.id, e.t, e.pid, json_extract(e.detail, '$.text') AS text FROM events e
         WHERE e.run_id = ? AND e.kind = 'lifecycle' AND json_extract(e.detail, '$.type') = 'click' ORDER BY +e.t, e.id`,
      )
      .all(ctx.runId) as { id: number; t: number; pid: number | null; text: string | null }[]) {
      let list = clicks.get(c.pid);
      if (list === undefined) clicks.set(c.pid, (list = []));
      list.push(c);
    }
    const clickBefore = (pid: number | null, t: number) => {
      const list = clicks.get(pid);
      if (list === undefined) return undefined;
      let found: { id: number; t: number; text: string | null } | undefined;
      for (const c of list) {
        if (c.t > t) break;
        if (c.t >= t - clickWindow) found = c;
      }
      return found;
    };
    // The launches are read as a stream (a run can hold tens of thousands); each is needed only for
    // the finding it joins. The spawns and clicks it is matched against are kept; they are few.
    const launches = ctx.db
      .prepare(
        `SELECT l.event_id AS id, e.t, e.pid, (SELECT p.actor FROM ${ctx.timeline.table} p WHERE p.id = e.id) AS actor, e.chain, l.via, l.action, l.component, l.target_package AS target,
                json_extract(e.detail, '$.data') AS data, e.thrown, e.ret
         FROM launches l JOIN events e ON e.id = l.event_id WHERE l.run_id = ? AND l.other_app = 1 ORDER BY e.t, e.id`,
      )
      .iterate(ctx.runId) as Iterable<{ id: number; t: number; pid: number | null; actor: string; chain: string | null; via: string; action: string | null; component: string | null; target: string | null; data: string | null; thrown: string | null; ret: string | null }>;
    const groups = new Map<string, { draft: FindingDraft; launch: LaunchRef }>();
    for (const l of launches) {
      if (systemUiReason(l, ctx.appPackage) !== null) continue;
      const refused = refusal(l);
      const spawn = l.target === null || refused !== null ? undefined : spawns.get(l.target)?.find((s) => s.t >= l.t - slack && s.t <= l.t + confirmWindow);
      const confirmed = spawn?.id ?? null;
      const clicked = clickBefore(l.pid, l.t);
      const variant = refused !== null ? 'refused' : clicked !== undefined ? 'after-click' : confirmed !== null ? 'confirmed' : 'attempt';
      const key = [variant, l.actor, l.via, l.target ?? '', l.component ?? '', l.action ?? '', refused ?? ''].join('\u0000');
      let g = groups.get(key);
      if (g === undefined) {
        const target = l.target ?? '(unresolved)';
        const what = [l.component, l.action].filter((x) => x !== null).join(', ');
        g = {
          draft: {
            variant,
            actor: l.actor,
            chain: parseChain(l.chain),
            firstT: l.t,
            lastT: l.t,
            count: 0,
            message: `${actorLabel(ctx.actors.get(l.actor))} ${refused !== null ? `tried to start (${l.via}) a component of` : (VIA_TEXT[l.via] ?? `reached (${l.via})`)} ${target}${what ? ` (${what})` : ''}${confirmed !== null ? `; the device saw ${spawn!.identifier ?? target} start ${Math.max(0, Math.round(spawn!.t - l.t))} ms later` : ''}${refused !== null ? `; ${refused}` : clicked !== undefined ? `; ${Math.round(l.t - clicked.t)} ms after a click${clicked.text ? ` on "${clicked.text}"` : ''}` : ''}.`,
            evidence: { events: [], stack: ctx.evidence.stack(l.id), details: { targetPackage: l.target, via: l.via, ...(refused !== null ? { refused } : {}) } },
          },
          launch: { eventId: l.id, via: l.via, action: l.action, component: l.component, targetPackage: l.target, confirmedEventId: confirmed },
        };
        groups.set(key, g);
      }
      g.draft.count++;
      g.draft.lastT = l.t;
      if (g.draft.evidence.events.length < 5) g.draft.evidence.events.push(...ctx.evidence.events([l.id]));
      if (confirmed !== null && g.draft.evidence.events.length < 6) g.draft.evidence.events.push(...ctx.evidence.events([confirmed]));
    }
    for (const { draft, launch } of groups.values()) {
      draft.evidence.launch = launch;
      if (draft.count > 1) draft.message = draft.message.replace(/\.$/, ` (${draft.count} times).`);
      yield draft;
    }
  },
};
export default rule;
