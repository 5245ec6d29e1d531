// background-collection: personal information read while no activity of the app was resumed
// (after it had been in the foreground, or in a run that did not start with a launch).
import { DATA_TYPES, type DataType } from '../../protocol/constants.js';
import { actorLabel } from '../../analysis/actor.js';
import type { Rule } from '../engine.js';
import { actorWhere, groupEvidence, IN_BACKGROUND, PI_EVENTS, piGroups } from './common.js';
import { MIIT_191, MIIT_337 } from './regulations.js';

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
    for (const g of piGroups(ctx, IN_BACKGROUND)) {
      const info = DATA_TYPES[g.dataType as DataType];
      const ev = groupEvidence(ctx, g.actor, g.dataType, IN_BACKGROUND.sql);
      const a = actorWhere(g.actor);
      const procs = ctx.db
        .prepare(`SELECT count(DISTINCT p.pid) AS n FROM ${ctx.timeline.table} p WHERE ${PI_EVENTS} AND p.data_type = ? AND ${a.sql} AND p.phase = 'background'`)
        .get(g.dataType, ...a.params) as { n: number };
      yield {
        actor: g.actor,
        chain: ev.chain,
        dataType: g.dataType,
        phase: 'background',
        phases: g.phases,
        firstT: g.firstT,
        lastT: g.lastT,
        count: g.count,
        message: `${actorLabel(ctx.actors.get(g.actor))} read ${info ? `${info.en} (${info.zh})` : g.dataType} ${g.count} time(s) while the app had no screen in the foreground${procs.n > 1 ? ` (in ${procs.n} processes)` : ''}.`,
        evidence: ev.evidence,
      };
    }
  },
};
export default rule;
