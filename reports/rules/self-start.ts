// self-start: a process of the app started without user action (boot, alarm, job, push, sync,
// a broadcast, another app), and the arrangements SDKs make for such starts (alarms with a
// PendingIntent, jobs, WorkManager work, sync, sticky services, receivers for wake-up broadcasts).
// Every start is linked to the arrangement that caused it, whatever the API level reports as its
// reason: before API 35 (no ApplicationStartInfo) an alarm's PendingIntent start shows as the
// receiver or service it names, a job as its JobService, a sticky restart as the service.
import { actorLabel, isSdkActor } from '../../analysis/actor.js';
import { activityWindow, isInvisible, windowText } from '../../analysis/activity-window.js';
import type { FindingDraft, Rule, RuleContext } from '../engine.js';
import type { ProcessStartRef } from '../evidence.js';
import { parseChain } from './common.js';
import { MIIT_164 } from './regulations.js';

/** Broadcasts that wake processes or signal device state changes SDKs use as start triggers. */
export const WAKE_ACTIONS = new Set([
  'android.intent.action.BOOT_COMPLETED',
  'android.intent.action.LOCKED_BOOT_COMPLETED',
  'android.intent.action.QUICKBOOT_POWERON',
  'com.htc.intent.action.QUICKBOOT_POWERON',
  'android.intent.action.MY_PACKAGE_REPLACED',
  'android.intent.action.USER_PRESENT',
  'android.intent.action.SCREEN_ON',
  'android.intent.action.SCREEN_OFF',
  'android.intent.action.ACTION_POWER_CONNECTED',
  'android.intent.action.ACTION_POWER_DISCONNECTED',
  'android.intent.action.BATTERY_CHANGED',
  'android.intent.action.PACKAGE_ADDED',
  'android.intent.action.PACKAGE_REMOVED',
  'android.intent.action.PACKAGE_REPLACED',
  'android.intent.action.MEDIA_MOUNTED',
  'android.net.conn.CONNECTIVITY_CHANGE',
  'android.net.wifi.STATE_CHANGE',
  'android.net.wifi.WIFI_STATE_CHANGED',
  'android.intent.action.TIME_SET',
  'android.intent.action.TIMEZONE_CHANGED',
]);

/** Start reasons that need no explanation: the user launched the app. */
const USER_REASONS = new Set(['launcher']);
/** Reasons that are a wake-up by the system or another party whatever else runs. */
const WAKE_REASONS = new Set(['alarm', 'job', 'push', 'backup', 'receiver']);

interface StartRow {
  id: number;
  t: number;
  pid: number | null;
  process_id: number | null;
  actor: string;
  chain: string | null;
  reason: string | null;
  component: string | null;
  action: string | null;
  caller: string | null;
}

interface ArrangementRow {
  id: number;
  t: number;
  process_id: number | null;
  actor: string;
  chain: string | null;
  via: string | null;
  component: string | null;
  action: string | null;
  actions: string | null;
  target: string | null;
  interval: number | null;
  persisted: number | null;
  triggerAt: number | null;
  /** 1 for a cancel (AlarmManager.cancel, JobScheduler.cancel/cancelAll): work withdrawn, not arranged. */
  cancel: number | null;
  jobId: number | null;
  allJobs: number | null;
}

/**
 * The cancel that withdrew an arrangement: a later cancel of the same kind naming the same
 * PendingIntent (component, action, kind) or listener, or the same job id (cancelAll: every job).
 */
function cancelOf(r: ArrangementRow, cancels: readonly ArrangementRow[]): ArrangementRow | undefined {
  return cancels.find((c) => {
    if (c.t < r.t || (c.t === r.t && c.id < r.id) || c.via !== r.via) return false;
    if (r.via === 'alarm') return c.component === r.component && c.action === r.action && c.target === r.target;
    if (r.via === 'job') return c.allJobs === 1 || (c.jobId !== null && c.jobId === r.jobId);
    return false;
  });
}

/** How long before a provider start the app's own query of its provider explains it. */
const OWN_PROVIDER_WINDOW_MS = 5000;

const CAUSE_TEXT: Record<string, string> = { alarm: 'the alarm', job: 'the job', work: 'the WorkManager work', sync: 'the sync request', 'sticky-service': 'the system restarting the sticky service (START_STICKY)' };

/**
 * Which arrangements can cause a start with this reason. Before API 35 the reason is the component
 * kind the system started (ActivityThread: receiver, service), so an alarm's PendingIntent shows as
 * the receiver or service it names, and a job or sync as the service that runs it.
 */
const CAUSES: Record<string, readonly string[]> = {
  alarm: ['alarm'],
  job: ['job', 'work'],
  receiver: ['alarm'],
  service: ['alarm', 'job', 'work', 'sync', 'sticky-service'],
  activity: ['alarm'],
  unknown: ['alarm', 'job', 'work', 'sync', 'sticky-service'],
};

/**
 * Whether an arrangement made at or before the start can have caused it: one of the kinds that
 * cause a start with this reason, not withdrawn by then, naming its component (or its action when
 * the start names none), made in another process: a process cannot arrange its own start.
 * A start's cause is the latest arrangement that passes.
 */
function canCause(s: StartRow, reason: string, r: ArrangementRow, cancelled: ArrangementRow | undefined): boolean {
  const vias = CAUSES[reason];
  if (vias === undefined) return false;
  // Withdrawn before this start: it cannot have caused it.
  if (cancelled !== undefined && cancelled.t <= s.t) return false;
  if (r.via === null || !vias.includes(r.via)) return false;
  if (r.process_id !== null && r.process_id === s.process_id) return false;
  if (r.via === 'alarm' && r.target !== null && r.target.startsWith('listener:')) return false; // in-process callback
  const sameComponent = s.component !== null && r.component !== null && r.component === s.component;
  const sameAction = s.component === null || r.component === null ? s.action !== null && r.action === s.action : false;
  // API 35 names the reason but maybe not the component: any arrangement of that kind.
  const byReason = (reason === 'alarm' || reason === 'job') && s.component === null;
  return sameComponent || sameAction || byReason;
}

/**
 * For a start by an activity: "; it started an invisible activity (translucent, excluded from
 * recents) ..." when the created activity's ActivityInfo says so (analysis/activity-window.ts),
 * with whether it finished before it was ever resumed (the app then stays in the background).
 */
function invisibleStart(ctx: RuleContext, s: StartRow): string {
  if (s.component === null || s.process_id === null) return '';
  const cls = s.component.slice(s.component.indexOf('/') + 1);
  // `+t` keeps SQLite off the (run_id, t) index, which read the whole run in time order to find
  // this kind's rows; the (run_id, kind) index finds them and the few are sorted (same order).
  const rows = ctx.db
    .prepare(
      `SELECT json_extract(detail, '$.type') AS type, detail FROM events WHERE run_id = ? AND process_id = ? AND kind = 'lifecycle'
         AND json_extract(detail, '$.type') IN ('activity-create', 'finish', 'resume') AND json_extract(detail, '$.component') = ? ORDER BY +t, id`,
    )
    .all(ctx.runId, s.process_id, cls) as { type: string; detail: string }[];
  const created = rows.find((r) => r.type === 'activity-create');
  if (created === undefined) return '';
  const w = activityWindow(JSON.parse(created.detail) as Record<string, unknown>, ctx.appPackage);
  if (!isInvisible(w)) return '';
  const finished = rows.some((r) => r.type === 'finish') && !rows.some((r) => r.type === 'resume');
  return `; it started an invisible activity (${windowText(w!)})${finished ? ' that finished before it was shown, so the app stayed in the background' : ''}`;
}

const rule: Rule = {
  id: 'self-start',
  severity: 'medium',
  title: { en: 'Self-start without user action', zh: 'App自启动' },
  description:
    'A process of the app was started by something other than the user (boot or other broadcasts, alarms, jobs, push, sync, another app, the system restarting a sticky service), or code arranged such starts. Each start is linked to the arrangement that caused it (the alarm, job, WorkManager work, sync request or START_STICKY result), whatever the API level reports as its reason. Starts of a secondary process while another process of the app was already running are the app’s own work and are not reported, unless another app, a wake-up (alarm, job, push, receiver, backup) or an arrangement caused them.',
  regulation: [{ source: MIIT_164, clause: 'APP频繁自启动和关联启动', summary: 'Lists apps starting themselves (and other apps) frequently among the behaviours to rectify.' }],
  variants: {
    'process-start': { severity: 'medium', title: { en: 'App process started without user action', zh: 'App进程在无用户操作时被启动' } },
    arrangement: { severity: 'low', title: { en: 'Arrangement that can start the app without the user', zh: '设置可在无用户操作时拉起App的机制' } },
  },
  *check(ctx) {
    const app = ctx.appPackage;
    const procs = ctx.processes.filter((p) => p.target === 1);
    const otherAlive = (pid: number | null, t: number) => procs.some((p) => p.pid !== pid && p.started_at <= t && (p.ended_at === null || p.ended_at >= t));
    const runningBefore = (pid: number | null, spawnedAt: number) => procs.some((p) => p.pid !== pid && p.started_at < spawnedAt && (p.ended_at === null || p.ended_at >= spawnedAt));
    // `+t` keeps SQLite off the (run_id, t) index, which read the whole run in time order to find
    // this kind's rows; the (run_id, kind) index finds them and the few are sorted (same order).
    const starts = ctx.db
      .prepare(
        `SELECT e.id, e.t, e.pid, e.process_id, (SELECT p.actor FROM ${ctx.timeline.table} p WHERE p.id = e.id) AS actor, e.chain,
                json_extract(e.detail, '$.reason') AS reason, json_extract(e.detail, '$.component') AS component,
                json_extract(e.detail, '$.action') AS action, json_extract(e.detail, '$.caller') AS caller
         FROM events e WHERE e.run_id = ? AND e.kind = 'lifecycle' AND json_extract(e.detail, '$.type') = 'process-start' ORDER BY +e.t, e.id`,
      )
      .all(ctx.runId) as StartRow[];
    // The arrangements are read as a stream: a run can hold tens of thousands, and each is needed
    // only while it is read (as a possible cause of the starts after it, and for the finding it
    // joins). The cancels, which every arrangement is checked against, are kept; they are few.
    const arrangementColumns = `e.id, e.t, e.process_id, (SELECT p.actor FROM ${ctx.timeline.table} p WHERE p.id = e.id) AS actor, e.chain, json_extract(e.detail, '$.via') AS via,
                json_extract(e.detail, '$.component') AS component, json_extract(e.detail, '$.action') AS action,
                json_extract(e.detail, '$.actions') AS actions, json_extract(e.detail, '$.target') AS target,
                json_extract(e.detail, '$.interval') AS interval, json_extract(e.detail, '$.persisted') AS persisted,
                json_extract(e.detail, '$.triggerAt') AS triggerAt, json_extract(e.detail, '$.cancel') AS cancel,
                json_extract(e.detail, '$.jobId') AS jobId, json_extract(e.detail, '$.all') AS allJobs`;
    const cancels = ctx.db
      .prepare(`SELECT ${arrangementColumns} FROM events e WHERE e.run_id = ? AND e.kind = 'schedule' AND json_extract(e.detail, '$.cancel') = 1 ORDER BY +e.t, e.id`)
      .all(ctx.runId) as ArrangementRow[];
    const ownProviderCalls = (
      ctx.db.prepare("SELECT e.t FROM launches l JOIN events e ON e.id = l.event_id WHERE l.run_id = ? AND l.via = 'provider' AND l.other_app = 0 ORDER BY e.t").all(ctx.runId) as { t: number }[]
    ).map((r) => r.t);
    const decided = new Set<number | null>();
    // Each group keeps its first start (the finding's processStart); its count is how many joined.
    type Group = { draft: FindingDraft; first: ProcessStartRef | null };
    const groups = new Map<string, Group>();
    // The arrangements' findings, filled while the stream is read (before the starts' are), come after them.
    const arrangementGroups = new Map<string, Group>();
    const add = (into: Map<string, Group>, key: string, make: () => FindingDraft, t: number, id: number | null, first: ProcessStartRef | null) => {
      let g = into.get(key);
      if (g === undefined) {
        g = { draft: make(), first };
        into.set(key, g);
      }
      g.draft.count++;
      g.draft.lastT = t;
      if (id !== null && g.draft.evidence.events.length < 5) g.draft.evidence.events.push(...ctx.evidence.events([id]));
    };
    const addArrangement = (r: ArrangementRow, cancelled: ArrangementRow | undefined) => {
      const via = r.via ?? 'unknown';
      if (via === 'foreground') return; // keeps a running process alive; starts nothing
      if (via === 'alarm' && r.target !== null && r.target.startsWith('listener:')) return; // in-process callback
      let wake: string[] = [];
      if (via === 'receiver') {
        const actions = r.actions !== null ? (JSON.parse(r.actions) as string[]) : r.action !== null ? [r.action] : [];
        wake = actions.filter((a) => WAKE_ACTIONS.has(a));
        if (wake.length === 0) return;
      }
      const what =
        via === 'receiver'
          ? `registered a receiver for ${wake.join(', ')}`
          : via === 'alarm'
            ? `set an alarm${r.interval ? ` repeating every ${Math.round(r.interval / 1000)} s` : ''}${r.component ? ` for ${r.component}` : r.action ? ` for ${r.action}` : ''}`
            : via === 'job'
              ? `scheduled a job${r.component ? ` (${r.component})` : ''}${r.persisted === 1 ? ' that persists across reboots' : ''}`
              : via === 'work'
                ? `enqueued WorkManager work${r.component ? ` (${r.component})` : ''}`
                : via === 'sync'
                  ? `requested sync${r.target ? ` for ${r.target}` : ''}`
                  : via === 'sticky-service'
                    ? `kept a sticky service${r.component ? ` (${r.component})` : ''} (${r.target ?? 'START_STICKY'}: the system restarts it)`
                    : `arranged ${via}`;
      // A cancel the app made later: the arrangement no longer fires after it (shown, not hidden).
      const cancelText = cancelled === undefined ? '' : `, cancelled ${Math.max(0, Math.round((cancelled.t - r.t) / 1000))} s later by ${actorLabel(ctx.actors.get(cancelled.actor))} (event #${cancelled.id})`;
      add(
        arrangementGroups,
        `a\u0000${r.actor}\u0000${via}\u0000${r.component ?? ''}\u0000${wake.join(',') || r.action || ''}\u0000${cancelled === undefined ? '' : 'cancelled'}`,
        () => ({
          variant: 'arrangement',
          actor: r.actor,
          chain: parseChain(r.chain),
          firstT: r.t,
          lastT: r.t,
          count: 0,
          message: `${actorLabel(ctx.actors.get(r.actor))} ${what}${cancelText}.`,
          evidence: {
            events: [],
            stack: ctx.evidence.stack(r.id),
            details: { via, component: r.component, actions: wake.length > 0 ? wake : r.action, target: r.target, interval: r.interval, ...(cancelled === undefined ? {} : { cancelledBy: cancelled.id }) },
          },
        }),
        r.t,
        r.id,
        null,
      );
    };
    // Each arrangement is a possible cause of the starts at or after it: a start's cause is the
    // latest that can have caused it (canCause), so the last one the stream offers it.
    const causeOfStart: (ArrangementRow | undefined)[] = new Array(starts.length);
    let firstNotBefore = 0; // starts before it are earlier than the arrangement read
    for (const r of ctx.db
      .prepare(`SELECT ${arrangementColumns} FROM events e WHERE e.run_id = ? AND e.kind = 'schedule' ORDER BY +e.t, e.id`)
      .iterate(ctx.runId) as Iterable<ArrangementRow>) {
      if (r.cancel === 1) continue;
      const cancelled = cancelOf(r, cancels);
      while (firstNotBefore < starts.length && starts[firstNotBefore]!.t < r.t) firstNotBefore++;
      for (let i = firstNotBefore; i < starts.length; i++) if (canCause(starts[i]!, starts[i]!.reason ?? 'unknown', r, cancelled)) causeOfStart[i] = r;
      addArrangement(r, cancelled);
    }
    for (const [i, s] of starts.entries()) {
      decided.add(s.process_id);
      const reason = s.reason ?? 'unknown';
      if (USER_REASONS.has(reason)) continue;
      // sdktrace's own spawn is the user's launch of the app.
      if (procs.find((p) => p.id === s.process_id)?.spawned_by === 'sdktrace') continue;
      const byOtherApp = s.caller !== null && app !== null && s.caller !== app && !s.caller.startsWith(`${app}:`);
      const found = byOtherApp ? undefined : causeOfStart[i];
      // A provider start no process of the app asked for (no provider launch of its own just
      // before): another app's query woke it, even when the system does not say who (API 35).
      const foreignProvider = reason === 'provider' && !byOtherApp && !ownProviderCalls.some((t) => t <= s.t && t >= s.t - OWN_PROVIDER_WINDOW_MS);
      // A start the system made for an arrangement (a sticky restart, an alarm, a job) is a wake-up
      // even while another process of the app runs; other secondary starts are the app's own work.
      // "Already running" is judged at this process's spawn: a process spawned in the same instant
      // (two wakes from one broadcast) was not running yet, so it cannot have asked for this one.
      const proc = procs.find((p) => p.id === s.process_id);
      if (!byOtherApp && !foreignProvider && !WAKE_REASONS.has(reason) && found === undefined && runningBefore(s.pid, proc?.started_at ?? s.t)) continue;
      const cause = found === undefined ? null : { eventId: found.id, via: found.via ?? 'unknown', actor: found.actor, t: found.t, component: found.component, action: found.action };
      const ref: ProcessStartRef = { eventId: s.id, processId: s.process_id, pid: s.pid, name: proc?.name ?? null, reason, component: s.component, action: s.action, caller: s.caller, spawnedBy: proc?.spawned_by ?? null, cause };
      const what = [s.action, s.component].filter((x) => x !== null).join(' → ');
      const invisible = reason === 'activity' ? invisibleStart(ctx, s) : '';
      // The SDK that arranged the start caused it, when the start itself names no SDK.
      const actor = cause !== null && !isSdkActor(s.actor) ? cause.actor : s.actor;
      const causeText = cause === null ? '' : `, caused by ${CAUSE_TEXT[cause.via] ?? cause.via} that ${actorLabel(ctx.actors.get(cause.actor))} arranged ${Math.max(0, Math.round((s.t - cause.t) / 1000))} s before (event #${cause.eventId})`;
      add(
        groups,
        `p\u0000${actor}\u0000${reason}\u0000${s.component ?? ''}\u0000${s.action ?? ''}\u0000${cause?.via ?? ''}`,
        () => ({
          variant: 'process-start',
          actor,
          chain: parseChain(s.chain),
          firstT: s.t,
          lastT: s.t,
          count: 0,
          phase: null,
          message: `Process ${proc?.name ?? `pid ${s.pid}`} was started by ${reason}${what ? ` (${what})` : ''}${byOtherApp ? `, sent by ${s.caller}` : foreignProvider ? ' (no process of the app queried its provider: another app did)' : ''}${causeText}, not by the user${invisible}.`,
          evidence: { events: [], stack: ctx.evidence.stack(s.id) },
        }),
        s.t,
        s.id,
        ref,
      );
    }
    // Processes the device started (not sdktrace) whose agent never reported a start reason.
    for (const p of procs) {
      if (p.spawned_by !== 'device' || decided.has(p.id)) continue;
      if (otherAlive(p.pid, p.started_at)) continue;
      const host = ctx.db
        .prepare("SELECT id FROM events WHERE run_id = ? AND process_id = ? AND kind = 'device' AND json_extract(detail, '$.type') = 'process-started' ORDER BY +t, id LIMIT 1")
        .get(ctx.runId, p.id) as { id: number } | undefined;
      add(
        groups,
        `u\u0000${p.name}`,
        () => ({
          variant: 'process-start',
          actor: null,
          firstT: p.started_at,
          lastT: p.started_at,
          count: 0,
          message: `Process ${p.name} was started by the device while no other process of the app ran; its start reason was not reported.`,
          evidence: { events: [] },
        }),
        p.started_at,
        host?.id ?? null,
        { eventId: host?.id ?? null, processId: p.id, pid: p.pid, name: p.name, reason: null, component: null, action: null, caller: null, spawnedBy: p.spawned_by },
      );
    }
    for (const { draft, first } of [...groups.values(), ...arrangementGroups.values()]) {
      if (draft.variant === 'process-start') {
        if (first !== null) draft.evidence.processStart = first;
        if (draft.count > 1) draft.message += ` Seen ${draft.count} times.`;
      } else if (draft.count > 1) draft.message = draft.message.replace(/\.$/, ` (${draft.count} times).`);
      yield draft;
    }
  },
};
export default rule;
