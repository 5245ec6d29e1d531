// background-collection: personal information read while no activity of the app was resumed
// (after it had been in the foreground, or in a run that did not start with a launch).
import { DATA_TYPES, type DataType } from '../../protocol/constants.js';
import { actorLabel } from '../../analysis/actor.js';
import type { Rule, RuleContext } from '../engine.js';
import { activityWindow, isInvisible, windowText } from '../../analysis/activity-window.js';
import { actorWhere, groupEvidence, IN_BACKGROUND, PI_EVENTS, piGroups } from './common.js';
import { MIIT_191, MIIT_337 } from './regulations.js';

/** An activity created invisible (analysis/activity-window.ts) in a process: a background start. */
interface InvisibleStart {
  processId: number;
  t: number;
  /** The sentence's tail, naming the activity and why it is invisible. */
  text: string;
}

/**
 * The run's invisible activity starts in time order (few, usually none). Read once per report:
 * they do not depend on the group, and reading them per group was a scan of the run's lifecycle
 * events for every background group.
 */
function invisibleStarts(ctx: RuleContext): InvisibleStart[] {
  // `+t` keeps SQLite off the (run_id, t) index, which read the whole run in time order to find
  // this kind's rows; the (run_id, kind) index finds them and the few are sorted (same order).
  const created = ctx.db
    .prepare(
      `SELECT process_id, t, detail FROM events WHERE run_id = ? AND kind = 'lifecycle' AND json_extract(detail, '$.type') = 'activity-create'
         AND json_extract(detail, '$.excludeFromRecents') = 1 ORDER BY +t, id`,
    )
    .all(ctx.runId) as { process_id: number | null; t: number; detail: string }[];
  const out: InvisibleStart[] = [];
  for (const c of created) {
    const d = JSON.parse(c.detail) as Record<string, unknown>;
    const w = activityWindow(d, ctx.appPackage);
    if (!isInvisible(w) || c.process_id === null) continue;
    out.push({ processId: c.process_id, t: c.t, text: `, after an invisible activity ${String(d.component ?? '')} (${windowText(w!)}) started the app without bringing it to the foreground` });
  }
  return out;
}

/**
 * ", after an invisible activity (…) started the app without bringing it to the foreground" when
 * a process these reads ran in had, before them, created an activity whose ActivityInfo makes it
 * invisible (analysis/activity-window.ts): a transparent trampoline is a background start.
 */
function invisibleWake(ctx: RuleContext, starts: readonly InvisibleStart[], dataType: string, a: { sql: string; params: unknown[] }): string {
  if (starts.length === 0) return '';
  const readAfter = ctx.db.prepare(
    `SELECT 1 FROM ${ctx.timeline.table} p JOIN events e ON e.id = p.id
      WHERE ${PI_EVENTS} AND p.data_type = ? AND ${a.sql} AND p.phase = 'background' AND e.process_id = ? AND e.t >= ? LIMIT 1`,
  );
  for (const c of starts) if (readAfter.get(dataType, ...a.params, c.processId, c.t) !== undefined) return c.text;
  return '';
}

const rule: Rule = {
  id: 'background-collection',
  severity: 'medium',
  title: { en: 'Personal information collected in the background', zh: '后台收集个人信息' },
  description:
    'Personal information was read while none of the app’s activities was in the foreground (background phase: the app had been left, or a process ran without any screen). Reads during the launch phase, before the first screen, are not counted here.',
  regulation: [
    { source: MIIT_191, clause: '四、1', summary: 'Personal information collected that is unrelated to the business functions in use.' },
    { source: MIIT_191, clause: '四、4', summary: 'Collection frequency beyond what the business function actually needs.' },
    { source: MIIT_337, clause: '(一)2 超范围收集个人信息', summary: 'Collection that is not needed by the service or has no reasonable usage scenario.' },
  ],
  *check(ctx) {
    const starts = invisibleStarts(ctx);
    for (const g of piGroups(ctx, IN_BACKGROUND)) {
      const info = DATA_TYPES[g.dataType as DataType];
      const ev = groupEvidence(ctx, g.actor, g.dataType, IN_BACKGROUND);
      const a = actorWhere(g.actor);
      // From the pass (reports/aggregates.ts): a count(DISTINCT pid) per group here read the
      // group's rows again through the analysis table (0.7 CPU s over 46 groups at 1M events).
      const procs = ctx.piBackgroundProcesses(g.actor, g.dataType);
      const invisible = invisibleWake(ctx, starts, g.dataType, a);
      yield {
        actor: g.actor,
        chain: ev.chain,
        dataType: g.dataType,
        phase: 'background',
        phases: g.phases,
        firstT: g.firstT,
        lastT: g.lastT,
        count: g.count,
        message: `${actorLabel(ctx.actors.get(g.actor))} read ${info ? `${info.en} (${info.zh})` : g.dataType} ${g.count} time(s) while the app had no screen in the foreground${procs > 1 ? ` (in ${procs} processes)` : ''}${invisible}.`,
        evidence: ev.evidence,
      };
    }
  },
};
export default rule;
