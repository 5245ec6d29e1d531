// A draft of both declared lists written from observed behaviour, in the input format, for app
// developers writing their privacy policy: what the app itself read (collected list) and, per
// third party, what it read or sent and where (sharing list). Purposes are left for the developer
// ("(to be completed …)", which the loader warns about until they are written).
import { DATA_TYPE_NAMES } from '../../protocol/constants.js';
import type { Catalog } from '../../attribution/index.js';
import { APP_ACTOR } from '../../analysis/actor.js';
import type { ReportModel } from '../model.js';
import { domainCovers } from './match.js';
import { LISTS_FORMAT, LISTS_SCHEMA_ID, type DeclaredLists } from './schema.js';

/** Second-level suffixes under which the registrable domain has three labels. */
const TWO_LEVEL = new Set(['com.cn', 'net.cn', 'org.cn', 'gov.cn', 'edu.cn', 'ac.cn', 'com.hk', 'com.tw', 'com.sg', 'co.uk', 'org.uk', 'co.jp', 'ne.jp', 'co.kr', 'com.au', 'com.br', 'co.in', 'co.id']);

export function registrableDomain(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(h) || h.includes(':')) return h;
  const labels = h.split('.');
  if (labels.length <= 2) return h;
  const last2 = labels.slice(-2).join('.');
  return TWO_LEVEL.has(last2) ? labels.slice(-3).join('.') : last2;
}

const order = (types: Iterable<string>) => [...new Set(types)].sort((a, b) => DATA_TYPE_NAMES.indexOf(a as never) - DATA_TYPE_NAMES.indexOf(b as never));

export function draftLists(m: ReportModel, catalog: Catalog): DeclaredLists {
  const flowsBy = new Map<string, { types: Set<string>; hosts: Set<string> }>();
  for (const f of m.dataFlows) {
    let x = flowsBy.get(f.actor);
    if (x === undefined) flowsBy.set(f.actor, (x = { types: new Set(), hosts: new Set() }));
    x.types.add(f.dataType);
    if (f.host ?? f.ip) x.hosts.add((f.host ?? f.ip)!);
  }
  const domainsOf = (sdkId: string | null, hosts: Iterable<string>): string[] => {
    const catalogDomains = sdkId === null ? [] : (catalog.byId.get(sdkId)?.entry.domains ?? []);
    const out = new Set<string>();
    for (const h of hosts) out.add(catalogDomains.find((d) => domainCovers(d, h)) ?? registrableDomain(h));
    return [...out].sort();
  };
  const app = m.sdks.find((s) => s.id === APP_ACTOR);
  const appHosts = new Set([...(app?.hosts ?? []), ...(flowsBy.get(APP_ACTOR)?.hosts ?? [])]);
  const collected: DeclaredLists['collected'] = [];
  const appTypes = order([...(app?.dataTypes.map((d) => d.dataType) ?? []), ...(flowsBy.get(APP_ACTOR)?.types ?? [])]);
  if (appTypes.length > 0) collected.push({ dataTypes: appTypes, purpose: '(to be completed: why the app collects this)', scenario: '(to be completed: which business function)' });
  const sharing: DeclaredLists['sharing'] = [];
  const unidentified: string[] = [];
  for (const s of m.sdks) {
    if (s.id === APP_ACTOR || s.party === 'platform') continue;
    const f = flowsBy.get(s.id);
    const types = order([...s.dataTypes.map((d) => d.dataType), ...(f?.types ?? [])]);
    const hosts = new Set([...s.hosts, ...(f?.hosts ?? [])]);
    if (types.length === 0 && hosts.size === 0) continue;
    const actorPrefix = /^\((?:third-party|obfuscated):(.+)\)$/.exec(s.id)?.[1];
    if (s.party !== 'third-party' || (s.id.startsWith('(') && actorPrefix === undefined)) {
      unidentified.push(s.id);
      continue;
    }
    const entry: DeclaredLists['sharing'][number] = actorPrefix !== undefined
      ? { company: '(to be completed: the company behind this code)', name: s.name, dataTypes: types, purpose: `(to be completed)`, domains: domainsOf(null, hosts), packages: [actorPrefix] }
      : {
          sdk: s.id,
          ...(s.vendor !== null ? { company: s.vendor } : {}),
          name: s.nameZh !== null ? `${s.name} (${s.nameZh})` : s.name,
          dataTypes: types,
          purpose: `(to be completed${s.category ? `: ${s.category}` : ''})`,
          domains: domainsOf(s.id, hosts),
        };
    sharing.push(entry);
  }
  const notes = [`Draft written from run ${m.run.id}: complete every "(to be completed …)" and check each entry against what the app really does.`];
  if (unidentified.length > 0) notes.push(`Code that could not be identified also touched personal information or the network: ${unidentified.join(', ')}.`);
  return {
    $schema: LISTS_SCHEMA_ID,
    format: LISTS_FORMAT,
    app: {
      package: m.run.app.package ?? '(unknown)',
      ...(m.run.app.version !== null ? { version: m.run.app.version } : {}),
      ...(appHosts.size > 0 ? { domains: domainsOf(null, appHosts) } : {}),
    },
    collected,
    sharing,
    generated: { by: `sdktrace ${m.tool.version}`, run: m.run.id, at: m.generatedAt, note: notes.join(' ') },
  };
}

export function renderListsDraft(m: ReportModel, catalog: Catalog): string {
  return `${JSON.stringify(draftLists(m, catalog), null, 2)}\n`;
}
