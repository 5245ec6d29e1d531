// undisclosed-sharing: a personal-information value a hook saw (raw or encoded) appears in what
// the app sent to a destination the sharing list does not declare for that data type. The app's
// own servers (app.domains in the lists) receive collection, not sharing, and are not reported.
import { DATA_TYPES, type DataType } from '../../protocol/constants.js';
import { actorLabel } from '../../analysis/actor.js';
import type { Rule } from '../engine.js';
import { encodings, flowEvidence, groupFlows, sum } from './sharing-common.js';
import { GBT_35273, MIIT_191, MIIT_337, PIPL } from './regulations.js';

const rule: Rule = {
  id: 'undisclosed-sharing',
  severity: 'high',
  title: { en: 'Personal information sent to an undeclared third party', zh: '向未声明的第三方提供个人信息' },
  description:
    'A value of personal information that the hooks saw (identifiers, phone number, location, app list entries) was found in a network payload or URL — raw, hashed (MD5/SHA-1/SHA-256), Base64, hex or URL-encoded — sent to a destination that the sharing list does not declare for that data type.',
  regulation: [
    { source: MIIT_191, clause: '五、1', summary: 'The app client provides personal information to third parties, including through embedded third-party code or plug-ins, without consent or anonymisation.' },
    { source: MIIT_337, clause: '(二)3 私自共享给第三方', summary: 'Sharing users’ personal information (device identifiers, app lists, …) with others without consent.' },
    { source: GBT_35273, clause: '9.2、9.7', summary: 'Sharing requires informing the user of the recipient, purpose and types; third-party access (embedded SDKs) is managed.' },
    { source: PIPL, clause: '第二十三条', summary: 'Providing personal information to another processor requires informing of the recipient, purpose and categories, and separate consent.' },
  ],
  variants: {
    'undeclared-destination': { severity: 'high', title: { en: 'Personal information sent to a destination not in the sharing list', zh: '个人信息发送至共享清单未列明的目的地' } },
    'undeclared-data-type': { severity: 'high', title: { en: 'Data type not declared for this destination', zh: '向清单中的第三方提供了未声明的个人信息类型' } },
  },
  needsLists: true,
  readsNetworkScan: true,
  *check(ctx) {
    const decl = ctx.declarations!;
    const status = new Map<string, ReturnType<typeof decl.destination>>();
    const groups = groupFlows(ctx.flows().flows, (f) => {
      const host = f.host ?? f.ip;
      if (host === null) return null;
      // Keyed by sender too: without app.domains, the app's own code sending to its servers is collection.
      const k = `${f.actor}\u0000${host}\u0000${f.dataType}`;
      let s = status.get(k);
      if (s === undefined) status.set(k, (s = decl.destination(host, f.dataType, f.actor)));
      if (s.firstParty || s.coversType) return null;
      return k;
    });
    for (const [key, flows] of groups) {
      const [actor, host, dataType] = key.split('\u0000') as [string, string, string];
      const s = status.get(key)!;
      const info = DATA_TYPES[dataType as DataType];
      const { count, firstT, lastT } = sum(flows);
      const readers = flows.some((f) => f.readers.includes(actor)) ? [] : [...new Set(flows.map((f) => f.readBy))];
      const ev = flowEvidence(ctx, flows);
      yield {
        variant: s.entries.length === 0 ? 'undeclared-destination' : 'undeclared-data-type',
        actor,
        chain: flows[0]!.chain,
        dataType,
        phase: ev.events[0]?.phase ?? null,
        firstT,
        lastT,
        count,
        message: `${actorLabel(ctx.actors.get(actor))} sent ${info ? `${info.en} (${info.zh})` : dataType} to ${host} (${encodings(flows)}) in ${count} network event(s)${readers.length > 0 ? `; the value was read by ${readers.map((r) => actorLabel(ctx.actors.get(r))).join(', ')}` : ''}; ${s.entries.length === 0 ? 'no sharing-list entry declares this destination' : `the sharing-list entries for this destination (${s.entries.join(', ')}) do not include this data type`}.`,
        evidence: { ...ev, declared: { ref: null, via: null, listed: s.entries.length > 0, about: 'destination' } },
      };
    }
  },
};
export default rule;
