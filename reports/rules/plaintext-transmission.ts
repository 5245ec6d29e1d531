// plaintext-transmission: personal information found in what the app sent without TLS.
import { DATA_TYPES, type DataType } from '../../protocol/constants.js';
import { actorLabel } from '../../analysis/actor.js';
import type { Rule } from '../engine.js';
import { encodings, flowEvidence, groupFlows, sum } from './sharing-common.js';
import { GBT_35273, PIPL } from './regulations.js';

const rule: Rule = {
  id: 'plaintext-transmission',
  severity: 'high',
  title: { en: 'Personal information sent without encryption', zh: '明文传输个人信息' },
  description:
    'A personal-information value (raw or encoded) was found in a payload or URL sent over a connection without TLS (plain HTTP, TCP or UDP). Hashing or Base64 is not encryption in transit; such encodings are still reported.',
  regulation: [
    { source: PIPL, clause: '第五十一条', summary: 'Processors take security measures such as encryption to protect personal information.' },
    { source: GBT_35273, clause: '6.3', summary: 'Sensitive personal information is protected with encryption and other security measures when transmitted and stored.' },
  ],
  readsNetworkScan: true,
  *check(ctx) {
    const groups = groupFlows(ctx.flows().flows, (f) => (f.tls ? null : `${f.actor}\u0000${f.host ?? f.ip ?? '?'}\u0000${f.port ?? ''}\u0000${f.dataType}`));
    for (const [key, flows] of groups) {
      const [actor, host, port, dataType] = key.split('\u0000') as [string, string, string, string];
      const info = DATA_TYPES[dataType as DataType];
      const { count, firstT, lastT } = sum(flows);
      const ev = flowEvidence(ctx, flows);
      const protos = [...new Set(flows.map((f) => f.proto))].join('/');
      yield {
        actor,
        chain: flows[0]!.chain,
        dataType,
        phase: ev.events[0]?.phase ?? null,
        firstT,
        lastT,
        count,
        message: `${actorLabel(ctx.actors.get(actor))} sent ${info ? `${info.en} (${info.zh})` : dataType} to ${host}${port ? `:${port}` : ''} over ${protos} without TLS (${encodings(flows)}), ${count} time(s).`,
        evidence: ev,
      };
    }
  },
};
export default rule;
