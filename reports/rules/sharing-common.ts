// Evidence for findings about personal information found in network payloads.
import type { RuleContext } from '../engine.js';
import type { Evidence, FlowRef, MatchRef } from '../evidence.js';
import type { Flow } from '../flows.js';

const MAX_MATCHES = 8;

/** Groups flows by a key; keeps every flow of a group for its evidence. */
export function groupFlows(flows: readonly Flow[], key: (f: Flow) => string | null): Map<string, Flow[]> {
  const out = new Map<string, Flow[]>();
  for (const f of flows) {
    const k = key(f);
    if (k === null) continue;
    let list = out.get(k);
    if (list === undefined) out.set(k, (list = []));
    list.push(f);
  }
  return out;
}

export function flowEvidence(ctx: RuleContext, flows: readonly Flow[]): Evidence {
  const matches: MatchRef[] = flows.slice(0, MAX_MATCHES).map((f) => ({
    value: f.value,
    dataType: f.dataType,
    encoding: f.encoding,
    where: f.where,
    excerpt: f.excerpt,
    piEventId: f.piEventId,
    readBy: f.readBy,
    netEventIds: f.netEventIds,
  }));
  const netIds = [...new Set(flows.flatMap((f) => f.netEventIds))].slice(0, 5);
  const piIds = [...new Set(flows.map((f) => f.piEventId))].slice(0, 3);
  const refs: FlowRef[] = [];
  for (const id of netIds) {
    const r = ctx.evidence.flow(id);
    if (r === null) continue;
    // The destination as resolved for the flow (a socket write alone may not know it).
    const f = flows.find((x) => x.netEventIds.includes(id))!;
    refs.push({ ...r, host: r.host ?? f.host, ip: r.ip ?? f.ip, port: r.port ?? f.port, hostFrom: r.host !== null ? 'event' : f.destinationFrom });
  }
  return {
    events: ctx.evidence.events([...netIds, ...piIds]),
    stack: netIds[0] === undefined ? null : ctx.evidence.stack(netIds[0]),
    flows: refs,
    matches,
  };
}

export function sum(flows: readonly Flow[]): { count: number; firstT: number; lastT: number } {
  return {
    count: flows.reduce((a, f) => a + f.count, 0),
    firstT: Math.min(...flows.map((f) => f.firstT)),
    lastT: Math.max(...flows.map((f) => f.lastT)),
  };
}

export function encodings(flows: readonly Flow[]): string {
  return [...new Set(flows.map((f) => f.encoding))].join(', ');
}
