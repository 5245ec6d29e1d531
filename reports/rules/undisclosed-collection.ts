// undisclosed-collection: the app or an SDK reads a personal-information data type that the
// declared lists do not give it (collected list for the app, collected/sharing entries for SDKs;
// an entry of an SDK further out on the call chain also covers it).
import { DATA_TYPES, type DataType } from '../../protocol/constants.js';
import { actorLabel } from '../../analysis/actor.js';
import type { FindingDraft, Rule } from '../engine.js';
import { ALL_PI, groupEvidence, parseChain, phaseList, piGroups } from './common.js';
import { GBT_35273, MIIT_191, PIPL } from './regulations.js';

const rule: Rule = {
  id: 'undisclosed-collection',
  severity: 'high',
  title: { en: 'Personal information collected but not declared', zh: '收集未在清单中声明的个人信息' },
  description:
    'A data type was read by the app or an SDK, but the declared lists do not include it for that collector: the app itself needs it in the collected-information list, an SDK in its own collected or sharing entry (or the entry of an SDK that called it).',
  regulation: [
    { source: MIIT_191, clause: '二、1', summary: 'The purposes, methods and scope of collection by the app, including embedded third-party code and plug-ins, are not listed one by one.' },
    { source: MIIT_191, clause: '三、9', summary: 'Personal information collected in violation of the collection rules the app itself declared.' },
    { source: GBT_35273, clause: '5.5', summary: 'The privacy policy states the types of personal information collected by each business function.' },
    { source: PIPL, clause: '第十七条', summary: 'Before processing, the processor informs of the purposes, methods and categories of personal information processed.' },
  ],
  variants: {
    'not-listed': { severity: 'high', title: { en: 'SDK collecting personal information is not in the declared lists', zh: '收集个人信息的SDK未在清单中列明' } },
    'type-not-listed': { severity: 'high', title: { en: 'Data type collected but not declared for this collector', zh: '收集的个人信息类型未在清单中声明' } },
  },
  needsLists: true,
  *check(ctx) {
    const decl = ctx.declarations!;
    type Acc = { draft: FindingDraft; chains: string[][]; listed: boolean };
    const open = new Map<string, Acc>();
    for (const g of piGroups(ctx, ALL_PI, true)) {
      const actor = ctx.actors.get(g.actor);
      const chain = parseChain(g.chain);
      const status = decl.collection(actor, chain, g.dataType);
      if (status.declared) continue;
      const key = `${g.actor}\u0000${g.dataType}`;
      let acc = open.get(key);
      if (acc === undefined) {
        acc = { draft: { actor: g.actor, dataType: g.dataType, firstT: g.firstT, lastT: g.lastT, count: 0, phases: {}, message: '', evidence: { events: [] } }, chains: [], listed: status.listed };
        open.set(key, acc);
      }
      const d = acc.draft;
      d.count += g.count;
      d.firstT = Math.min(d.firstT!, g.firstT);
      d.lastT = Math.max(d.lastT!, g.lastT);
      for (const [p, n] of Object.entries(g.phases)) d.phases![p] = (d.phases![p] ?? 0) + n;
      if (chain.length > 0 && !acc.chains.some((c) => c.join() === chain.join())) acc.chains.push(chain);
    }
    for (const { draft, chains, listed } of open.values()) {
      const actor = ctx.actors.get(draft.actor!);
      const info = DATA_TYPES[draft.dataType as DataType];
      const label = info ? `${info.en} (${info.zh})` : draft.dataType!;
      const ev = groupEvidence(ctx, draft.actor!, draft.dataType!);
      const firstParty = actor.party === 'first-party';
      const who = actorLabel(actor);
      draft.variant = firstParty || listed ? 'type-not-listed' : 'not-listed';
      draft.chain = ev.chain.length > 0 ? ev.chain : (chains[0] ?? []);
      draft.phase = ev.firstPhase;
      draft.message = firstParty
        ? `The app itself read ${label} ${draft.count} time(s) (${phaseList(draft.phases!)}); the collected-information list does not declare it.`
        : listed
          ? `${who} read ${label} ${draft.count} time(s) (${phaseList(draft.phases!)}); its entries in the declared lists do not include this data type.`
          : `${who} read ${label} ${draft.count} time(s) (${phaseList(draft.phases!)}); this SDK is not in the declared lists at all.`;
      draft.evidence = { ...ev.evidence, declared: { ref: null, via: null, listed, about: 'collector' } };
      yield draft;
    }
  },
};
export default rule;
