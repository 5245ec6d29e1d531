// pre-consent-collection: personal information read before the user agreed to the privacy
// policy (no consent decision yet, whatever was on screen), and after the user refused it.
import { DATA_TYPES, type DataType } from '../../protocol/constants.js';
import { actorLabel } from '../../analysis/actor.js';
import type { Rule } from '../engine.js';
import { AFTER_REFUSAL, BEFORE_CONSENT, consentAt, groupEvidence, phaseList, piGroups } from './common.js';
import { GBT_35273, MIIT_191, MIIT_337, PIPL } from './regulations.js';

const rule: Rule = {
  id: 'pre-consent-collection',
  severity: 'high',
  title: { en: 'Personal information collected before consent', zh: '征得用户同意前收集个人信息' },
  description:
    'Personal information was read while the user had not yet agreed to the privacy policy (before the agree click, consent API call or analyst marker), or after the user refused it. Phases are recomputed over the whole run, all processes in time order.',
  regulation: [
    { source: MIIT_191, clause: '三、1', summary: 'Collecting personal information, or opening permissions that can collect it, before obtaining the user’s consent.' },
    { source: MIIT_191, clause: '三、2', summary: 'Still collecting personal information after the user explicitly refused.' },
    { source: MIIT_337, clause: '(一)1 私自收集个人信息', summary: 'Collecting personal information before clearly informing the user and obtaining consent.' },
    { source: GBT_35273, clause: '5.4', summary: 'Consent is obtained before personal information is collected.' },
    { source: PIPL, clause: '第十三条、第十四条', summary: 'Processing based on consent requires informed, voluntary and explicit consent.' },
  ],
  variants: {
    'before-consent': { severity: 'high', title: { en: 'Personal information collected before consent', zh: '征得用户同意前收集个人信息' } },
    'after-refusal': { severity: 'high', title: { en: 'Personal information collected after the user refused', zh: '用户明确拒绝后仍收集个人信息' } },
  },
  *check(ctx) {
    const firstGrant = ctx.timeline.consent.find((m) => m.state === 'granted') ?? null;
    const noConsent = ctx.timeline.consent.length === 0;
    for (const [variant, cond] of [
      ['before-consent', BEFORE_CONSENT],
      ['after-refusal', AFTER_REFUSAL],
    ] as const) {
      for (const g of piGroups(ctx, cond)) {
        const actor = ctx.actors.get(g.actor);
        const info = DATA_TYPES[g.dataType as DataType];
        const label = info ? `${info.en} (${info.zh})` : g.dataType;
        const ev = groupEvidence(ctx, g.actor, g.dataType, cond);
        const when =
          variant === 'after-refusal'
            ? 'after the user refused the privacy policy'
            : noConsent
              ? 'while no consent had been given (no consent decision was detected in this run)'
              : firstGrant !== null && firstGrant.t > g.firstT
                ? 'before the user agreed to the privacy policy'
                : 'while no consent decision was in force';
        yield {
          variant,
          actor: g.actor,
          chain: ev.chain,
          dataType: g.dataType,
          phase: ev.firstPhase,
          phases: g.phases,
          firstT: g.firstT,
          lastT: g.lastT,
          count: g.count,
          message: `${actorLabel(actor)} read ${label} ${g.count} time(s) ${when} (${phaseList(g.phases)}).`,
          evidence: {
            ...ev.evidence,
            consent: variant === 'after-refusal' ? consentAt(ctx, g.firstT) : null,
            details: variant === 'before-consent' ? { consentGrantedAt: firstGrant?.t ?? null, consentEventId: firstGrant?.eventId ?? null } : undefined,
          },
        };
      }
    }
  },
};
export default rule;
