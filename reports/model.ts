// The report model: everything a report shows, aggregated from the store in SQL so that its size
// depends on how many SDKs, data types and destinations there are, not on how many events.
// Every renderer (JSON, HTML, ...) works from this one model.
import type { Store } from '../host/store/db.js';
import { VERSION } from '../host/version.js';

export const REPORT_SCHEMA = 'sdktrace-report/1';

export interface SdkDataType {
  dataType: string;
  count: number;
  phases: Record<string, number>;
}

export interface SdkSummary {
  /** Catalog id, or a party marker for events not tied to a catalog SDK. */
  id: string;
  name: string;
  vendor: string | null;
  category: string | null;
  party: string;
  events: number;
  dataTypes: SdkDataType[];
  firstT: number;
  lastT: number;
}

export interface ReportModel {
  schema: typeof REPORT_SCHEMA;
  tool: { name: 'sdktrace'; version: string };
  generatedAt: string;
  run: {
    id: number;
    mode: string;
    startedAt: number;
    endedAt: number | null;
    endReason: string | null;
    device: { id: string | null; name: string | null; kind: string | null; osVersion: string | null; apiLevel: number | null };
    app: { package: string | null; version: string | null; versionCode: number | null; signingSha256: string | null };
    versions: { tool: string; agent: string | null; hookCatalog: string | null; sdkCatalog: string | null };
    options: Record<string, unknown>;
    chainHead: string | null;
  };
  processes: { pid: number; name: string; target: boolean; startedAt: number; endedAt: number | null; startReason: string | null; endReason: string | null; spawnedBy: string | null; events: number; seqGaps: number }[];
  totals: { events: number; agentEvents: number; hostEvents: number; protocolErrors: number; seqGaps: number };
  sdks: SdkSummary[];
  network: { host: string | null; ip: string | null; port: number | null; proto: string; tls: boolean; sdk: string | null; domainSdk: string | null; count: number; bytes: number }[];
  launches: { via: string; action: string | null; component: string | null; targetPackage: string | null; otherApp: boolean; sdk: string | null; count: number; confirmed: boolean }[];
  hooks: { byState: Record<string, number>; entries: { hook: string; class: string; method: string; state: string; overloads: number; reason: string | null; calls: number; emitted: number }[] };
  protocolErrors: { location: string; error: string; count: number }[];
}

interface SdkRow {
  sdk: string | null;
  party: string | null;
  data_type: string | null;
  phase: string | null;
  n: number;
  first: number;
  last: number;
  name: string | null;
  vendor: string | null;
  category: string | null;
}

/** Display identity of events with no catalog SDK. */
function partyKey(party: string | null): string {
  return party === null ? '(unattributed)' : `(${party})`;
}

export function buildModel(store: Store, runId: number): ReportModel {
  const db = store.db;
  const run = store.resolveRun(String(runId));
  const procs = store.processes(runId);
  const eventsPerProc = new Map(
    (db.prepare('SELECT process_id, count(*) AS n FROM events WHERE run_id = ? AND source = \'agent\' GROUP BY process_id').all(runId) as { process_id: number; n: number }[]).map((r) => [r.process_id, r.n]),
  );
  const totals = db
    .prepare(`SELECT count(*) AS events, sum(source = 'agent') AS agent, sum(source = 'host') AS host FROM events WHERE run_id = ?`)
    .get(runId) as { events: number; agent: number | null; host: number | null };
  const protocolErrors = (db.prepare('SELECT count(*) AS n FROM protocol_errors WHERE run_id = ?').get(runId) as { n: number }).n;

  const sdkRows = db
    .prepare(
      `SELECT sdk, party, data_type, phase, count(*) AS n, min(t) AS first, max(t) AS last,
              json_extract(max(attribution), '$.sdk.name') AS name, json_extract(max(attribution), '$.sdk.vendor') AS vendor,
              json_extract(max(attribution), '$.sdk.category') AS category
       FROM events WHERE run_id = ? AND source = 'agent' AND kind NOT IN ('lifecycle', 'hook')
       GROUP BY sdk, party, data_type, phase`,
    )
    .all(runId) as SdkRow[];
  const sdks = new Map<string, SdkSummary>();
  for (const r of sdkRows) {
    const id = r.sdk ?? partyKey(r.party);
    let s = sdks.get(id);
    if (s === undefined) {
      s = { id, name: r.name ?? id, vendor: r.vendor, category: r.category, party: r.party ?? 'unknown', events: 0, dataTypes: [], firstT: r.first, lastT: r.last };
      sdks.set(id, s);
    }
    s.events += r.n;
    s.firstT = Math.min(s.firstT, r.first);
    s.lastT = Math.max(s.lastT, r.last);
    if (r.data_type !== null) {
      let dt = s.dataTypes.find((d) => d.dataType === r.data_type);
      if (dt === undefined) {
        dt = { dataType: r.data_type, count: 0, phases: {} };
        s.dataTypes.push(dt);
      }
      dt.count += r.n;
      const ph = r.phase ?? 'unknown';
      dt.phases[ph] = (dt.phases[ph] ?? 0) + r.n;
    }
  }
  for (const s of sdks.values()) s.dataTypes.sort((a, b) => b.count - a.count);

  const network = (
    db
      .prepare(
        `SELECT n.host, n.ip, n.port, n.proto, n.tls, e.sdk, n.domain_sdk, count(*) AS count, coalesce(sum(n.bytes), 0) AS bytes
         FROM net_flows n JOIN events e ON e.id = n.event_id WHERE n.run_id = ?
         GROUP BY n.host, n.ip, n.port, n.proto, n.tls, e.sdk, n.domain_sdk ORDER BY count DESC`,
      )
      .all(runId) as { host: string | null; ip: string | null; port: number | null; proto: string; tls: number; sdk: string | null; domain_sdk: string | null; count: number; bytes: number }[]
  ).map((r) => ({ host: r.host, ip: r.ip, port: r.port, proto: r.proto, tls: r.tls === 1, sdk: r.sdk, domainSdk: r.domain_sdk, count: r.count, bytes: r.bytes }));

  const launches = (
    db
      .prepare(
        `SELECT l.via, l.action, l.component, l.target_package, l.other_app, e.sdk, count(*) AS count, max(l.confirmed_event_id IS NOT NULL) AS confirmed
         FROM launches l JOIN events e ON e.id = l.event_id WHERE l.run_id = ?
         GROUP BY l.via, l.action, l.component, l.target_package, l.other_app, e.sdk ORDER BY l.other_app DESC, count DESC`,
      )
      .all(runId) as { via: string; action: string | null; component: string | null; target_package: string | null; other_app: number; sdk: string | null; count: number; confirmed: number }[]
  ).map((r) => ({ via: r.via, action: r.action, component: r.component, targetPackage: r.target_package, otherApp: r.other_app === 1, sdk: r.sdk, count: r.count, confirmed: r.confirmed === 1 }));

  const hookRows = db
    .prepare(
      `SELECT hook, max(class) AS class, max(method) AS method, min(state) AS state, max(overloads) AS overloads, max(reason) AS reason,
              sum(calls) AS calls, sum(emitted) AS emitted
       FROM hook_status WHERE run_id = ? GROUP BY hook ORDER BY hook`,
    )
    .all(runId) as { hook: string; class: string; method: string; state: string; overloads: number; reason: string | null; calls: number; emitted: number }[];
  const byState: Record<string, number> = {};
  for (const h of hookRows) byState[h.state] = (byState[h.state] ?? 0) + 1;

  const errors = db
    .prepare('SELECT location, error, count(*) AS count FROM protocol_errors WHERE run_id = ? GROUP BY location, error ORDER BY count DESC LIMIT 200')
    .all(runId) as { location: string; error: string; count: number }[];

  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'sdktrace', version: VERSION },
    generatedAt: new Date().toISOString(),
    run: {
      id: run.id,
      mode: run.mode,
      startedAt: run.started_at,
      endedAt: run.ended_at,
      endReason: run.end_reason,
      device: { id: run.device_id, name: run.device_name, kind: run.device_kind, osVersion: run.os_version, apiLevel: run.api_level },
      app: { package: run.package, version: run.app_version, versionCode: run.app_version_code, signingSha256: run.signing_sha256 },
      versions: { tool: run.tool_version, agent: run.agent_version, hookCatalog: run.hook_catalog_version, sdkCatalog: run.sdk_catalog_version },
      options: JSON.parse(run.options) as Record<string, unknown>,
      chainHead: run.chain_head,
    },
    processes: procs.map((p) => ({
      pid: p.pid,
      name: p.name,
      target: p.target === 1,
      startedAt: p.started_at,
      endedAt: p.ended_at,
      startReason: p.start_reason,
      endReason: p.end_reason,
      spawnedBy: p.spawned_by,
      events: eventsPerProc.get(p.id) ?? 0,
      seqGaps: p.seq_gaps,
    })),
    totals: {
      events: totals.events,
      agentEvents: totals.agent ?? 0,
      hostEvents: totals.host ?? 0,
      protocolErrors,
      seqGaps: procs.reduce((a, p) => a + p.seq_gaps, 0),
    },
    sdks: [...sdks.values()].sort((a, b) => b.events - a.events),
    network,
    launches,
    hooks: { byState, entries: hookRows.map((h) => ({ ...h, reason: h.reason })) },
    protocolErrors: errors,
  };
}
