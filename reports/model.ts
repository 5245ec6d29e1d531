// The report model: everything a report shows, aggregated from the store in SQL so that its size
// depends on how many SDKs, data types, destinations and findings there are, not on how many
// events. Every renderer (HTML, JSON, CSV, XLSX, JUnit, lists draft) works from this one model.
// docs/report-json.md documents it; `schema` names its version.
import { processView, type RunRow, type Store } from '../store/db.js';
import { EVENT_ROWS } from '../store/rows.js';
import type { Catalog } from '../attribution/index.js';
import { sdkCatalog } from '../attribution/shipped.js';
import { VERSION } from '../protocol/version.js';
import { UserError } from '../protocol/errors.js';
import { summarizeAudit, type StageSummary } from '../analysis/audit-stages.js';
import type { ConsentWords } from '../analysis/phase.js';
import { PHASES } from '../protocol/constants.js';
import { APP_ACTOR, ActorDirectory } from '../analysis/actor.js';
import { systemUiReason } from '../analysis/launch.js';
import { runRules, type Finding, type RuleConfig, type RuleOutcome } from './engine.js';
import type { Flow } from './flows.js';
import type { EncryptedFlow } from './transforms.js';
import { recordedLists, type ListProblem, type LoadedLists } from './lists/load.js';
import { Declarations } from './lists/match.js';
import { RULES } from './rules/index.js';
import { SEVERITIES, type Severity } from './severity.js';
import { buildVerdict, type VerdictRow } from './verdict.js';
import type { LaunchSummary, SdkSummary } from './summary.js';
import { buildTimeline, consentConfig, runTimeBounds, type ConsentApi, type ConsentMark, type Segment } from '../analysis/timeline.js';
import { RunAggregates } from './aggregates.js';
import { NetworkScanThread, type NetworkScanMode, type NetworkScanNote } from './scan-thread.js';
import { collectEvery, collectGarbage, PASS_ROWS_PER_COLLECTION } from './heap.js';
import { boundPageCaches } from './page-cache.js';

export const REPORT_SCHEMA = 'sdktrace-report/2';

/** Report-time settings (`--config FILE`, `--consent-api`). */
export interface ReportConfig {
  consentWords?: ConsentWords;
  consentApis?: ConsentApi[];
  rules?: Record<string, RuleConfig>;
}

export interface TimelineRow {
  actor: string;
  name: string;
  total: number;
  /** Events per bin. */
  counts: number[];
}

export interface Destination {
  host: string | null;
  ip: string | null;
  port: number | null;
  /** How the host name was known: event, http-host, url, dns, thread (the connection before on the same thread), none. */
  hostFrom: string;
  protos: string[];
  /** Sends there over TLS: true all, false none, null mixed or nothing sent. */
  tls: boolean | null;
  /** Actors whose code made these connections. */
  actors: string[];
  /** SDK the destination alone points to. */
  domainSdk: string | null;
  events: number;
  sends: number;
  bytes: number;
  /** Data types found in payloads sent there. */
  piTypes: string[];
  /** In the sharing list or the app's own domains (null: no lists). */
  declared: boolean | null;
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
    versions: { tool: string; agent: string | null; hookCatalog: string | null; sdkCatalog: string | null; sdkCatalogUsed: string };
    options: Record<string, unknown>;
    chainHead: string | null;
  };
  policy: {
    file: string | null;
    sha256: string;
    /** Given for the report (`--policy`), or the lists recorded with the run. */
    source: 'option' | 'run';
    note: string | null;
    /** The lists' app.package, else the run's (published lists do not give it). */
    app: { package: string | null; name: string | null; version: string | null };
    packageMatches: boolean;
    collected: number;
    sharing: number;
    warnings: ListProblem[];
    /** Sharing entries a run cannot judge: server-side transfer ("后台接口传输"), other platforms only. */
    notObservable: { ref: string; why: 'server' | 'platform'; label: string }[];
  } | null;
  /** Why recorded lists were not used, when the run has some. */
  policyNote: string | null;
  consent: {
    words: ConsentWords;
    apis: ConsentApi[];
    detected: boolean;
    firstGrantT: number | null;
    firstRefusalT: number | null;
    marks: ConsentMark[];
    dialogs: { eventId: number; t: number; text: string | null }[];
  };
  phases: Record<string, number>;
  processes: { id: number; pid: number; name: string; target: boolean; startedAt: number; endedAt: number | null; startReason: string | null; endReason: string | null; spawnedBy: string | null; events: number; seqGaps: number }[];
  totals: { events: number; agentEvents: number; hostEvents: number; protocolErrors: number; seqGaps: number };
  summary: {
    findings: number;
    bySeverity: Record<Severity, number>;
    sdks: number;
    thirdPartySdks: number;
    dataTypes: string[];
    destinations: number;
    plaintextDestinations: number;
    otherApps: string[];
    piFlows: number;
  };
  sdks: SdkSummary[];
  timeline: { start: number | null; end: number | null; binMs: number; bins: number; rows: TimelineRow[]; segments: Segment[] };
  network: Destination[];
  dataFlows: Flow[];
  /** Personal information followed through gzip / cipher / Base64 steps into sends, with each step's event. */
  encryptedFlows: EncryptedFlow[];
  flowScan: { values: number; needles: number; eventsScanned: number; truncated: boolean };
  launches: LaunchSummary[];
  launchGraph: { app: string | null; nodes: { package: string; count: number; confirmed: number; vias: string[] }[] };
  hooks: { byState: Record<string, number>; entries: { hook: string; class: string; method: string; state: string; overloads: number; reason: string | null; calls: number; emitted: number }[] };
  protocolErrors: { location: string; error: string; count: number }[];
  rules: RuleOutcome[];
  findings: Finding[];
  /** The verdict table (reports/verdict.ts): per SDK what it read, when, through what, where it sent, what it started. */
  verdict: VerdictRow[];
  /** Audit runs (`sdktrace audit`): what each stage of the protocol found, per SDK; absent otherwise. */
  audit?: StageSummary[];
}

export interface BuildOptions {
  /** The declared lists; undefined: the ones recorded with the run, if any; null: none. */
  lists?: LoadedLists | null;
  config?: ReportConfig;
  catalog?: Catalog;
  /** Fixed generation time (tests, reproducible packs). */
  generatedAt?: string;
  /**
   * Lists given that were the ones recorded with the run, as a pack records them (verify derives
   * the pack's report again from policy.json, whose path and note the report names).
   */
  recordedLists?: { file: string | null; note: string | null };
  /** Where the network scan runs (reports/scan-thread.ts): by the run's size (default), on a thread, or in this one. */
  networkScan?: NetworkScanMode;
  /** Told where the network scan ran and why (a thread that could not be used says why). */
  onNetworkScan?: (note: NetworkScanNote) => void;
}

const BINS = 120;
const MAX_TIMELINE_ROWS = 24;
const MAX_SEGMENTS = 600;
const MAX_FLOWS = 500;

/** Merges segments shorter than `minWidth` into their predecessor so the count stays bounded. */
function boundSegments(segments: readonly Segment[], start: number, end: number): Segment[] {
  if (segments.length <= MAX_SEGMENTS) return segments.map((s) => ({ ...s }));
  const minWidth = (end - start) / (MAX_SEGMENTS * 2);
  const out: Segment[] = [];
  for (const s of segments) {
    const prev = out[out.length - 1];
    if (prev !== undefined && (s.end - s.start < minWidth || (prev.phase === s.phase && prev.foreground === s.foreground && prev.consent === s.consent))) prev.end = s.end;
    else out.push({ ...s });
  }
  return out;
}

/**
 * Builds the report of a run. JSON evidence that SQLite cannot parse (an edited or damaged
 * database: what the agent sent and the host stored is always valid JSON) is refused in words.
 */
export function buildReport(store: Store, runId: number, options: BuildOptions = {}): ReportModel {
  try {
    return buildReportOf(store, runId, options);
  } catch (e) {
    if (e instanceof Error && e.name === 'SqliteError' && /malformed JSON/i.test(e.message)) {
      throw new UserError(`${store.path}: run ${runId} holds JSON that is not valid (${e.message}); the database was modified or damaged after it was written — run \`sdktrace verify ${store.path} --run ${runId}\` to see which events`);
    }
    throw e;
  }
}

function buildReportOf(store: Store, runId: number, options: BuildOptions): ReportModel {
  const run = store.resolveRun(String(runId));
  // Started before the pass, which it does not need: it reads the run on a second core meanwhile.
  const networkScan = NetworkScanThread.start(store, run, options.networkScan ?? 'auto', options.onNetworkScan ?? (() => undefined));
  // SQLite's page caches bounded while the pass, the index and the rules read (reports/page-cache.ts).
  const restoreCaches = boundPageCaches(store.db);
  try {
    return buildModel(store, run, options, networkScan);
  } finally {
    restoreCaches();
    networkScan?.dispose();
  }
}

function buildModel(store: Store, run: RunRow, options: BuildOptions, networkScan: NetworkScanThread | null): ReportModel {
  const db = store.db;
  const runId = run.id;
  const catalog = options.catalog ?? sdkCatalog();
  const procs = store.processes(runId);
  const runOptions = JSON.parse(run.options) as Record<string, unknown>;
  const cfg = options.config ?? {};
  const consentCfg = consentConfig(runOptions, run.mode, { words: cfg.consentWords, apis: cfg.consentApis });
  // The timeline chart's bins are placed during the one pass over the run, which fills the
  // analysis table and every aggregate read below and by the rules (reports/aggregates.ts).
  const bounds = runTimeBounds(db, runId);
  const span = bounds.start === null || bounds.end === null ? 1 : Math.max(1, bounds.end - bounds.start);
  const binMs = Math.max(1, Math.ceil(span / BINS));
  const aggregates = new RunAggregates(bounds.start, binMs);
  // A run large enough for the scan's thread: the pass's garbage would stay in the heap beside the
  // thread's until V8 collects on its own, and the two heaps make the report's peak (reports/heap.ts).
  const collectInPass = networkScan !== null ? collectEvery(PASS_ROWS_PER_COLLECTION) : null;
  const timeline = buildTimeline(db, runId, consentCfg, (row) => {
    aggregates.add(row);
    collectInPass?.();
  });
  if (networkScan !== null) collectGarbage();
  const actors = new ActorDirectory(catalog, db, runId);
  let lists = options.lists ?? null;
  let policyNote: string | null = null;
  let policySource: 'option' | 'run' = 'option';
  if (options.lists === undefined) {
    const recorded = recordedLists(runOptions, catalog);
    lists = recorded.lists;
    policyNote = recorded.note;
    policySource = 'run';
  } else if (options.recordedLists !== undefined && lists !== null) {
    lists = { ...lists, file: options.recordedLists.file };
    policyNote = options.recordedLists.note;
    policySource = 'run';
  }
  const declarations = lists === null ? null : new Declarations(lists, actors, catalog);
  const engine = runRules(RULES, { db, run, processes: procs, timeline, catalog, actors, declarations, aggregates, writable: !store.readonly, config: cfg.rules, networkScan });
  // The thread has answered and ended; what the rules left is garbage the renders would grow on.
  if (networkScan !== null) collectGarbage();
  const P = timeline.table;

  const eventsPerProc = aggregates.agentEventsPerProcess;
  const totals = aggregates.totals;
  const protocolErrors = (db.prepare('SELECT count(*) AS n FROM protocol_errors WHERE run_id = ?').get(runId) as { n: number }).n;

  // Per actor: data types by recomputed phase, events by kind.
  const sdks = new Map<string, SdkSummary>();
  const sdkOf = (id: string, first: number, last: number): SdkSummary => {
    let s = sdks.get(id);
    if (s === undefined) {
      const a = actors.get(id);
      s = { id, name: a.name, nameZh: a.nameZh, vendor: a.vendor, category: a.category, party: a.party, events: 0, kinds: {}, dataTypes: [], listed: null, hosts: [], findings: 0, firstT: first, lastT: last };
      sdks.set(id, s);
    }
    s.firstT = Math.min(s.firstT, first);
    s.lastT = Math.max(s.lastT, last);
    return s;
  };
  // In the order the GROUP BY this replaces gave (actor, kind, data type, phase): ties in the sorts
  // below (SDKs by events, data types by count) and the key order of kinds and phases follow it.
  for (const r of aggregates.actorKindGroups()) {
    const s = sdkOf(r.actor, r.firstT, r.lastT);
    s.events += r.count;
    s.kinds[r.kind] = (s.kinds[r.kind] ?? 0) + r.count;
    if (r.dataType !== null && r.kind === 'pi') {
      let d = s.dataTypes.find((x) => x.dataType === r.dataType);
      if (d === undefined) s.dataTypes.push((d = { dataType: r.dataType, count: 0, phases: {}, declared: null, declaredBy: null, first: null }));
      d.count += r.count;
      d.phases[r.phase] = (d.phases[r.phase] ?? 0) + r.count;
    }
  }
  // The first read per actor and data type (by device time, ties by id), found by the pass; its
  // API by one look-up per group.
  const apiOf = db.prepare('SELECT api FROM events WHERE id = ?');
  for (const s of sdks.values()) {
    for (const d of s.dataTypes) {
      const r = aggregates.firstRead(s.id, d.dataType);
      if (r === undefined) continue;
      const api = (apiOf.get(r.eventId) as { api: string | null } | undefined)?.api ?? null;
      d.first = { t: r.t, phase: r.phase, api, eventId: r.eventId };
    }
  }
  // Declared status per actor and data type (chains: the most frequent chain of the group).
  if (declarations !== null) {
    const chains = aggregates.commonChains();
    for (const s of sdks.values()) {
      const a = actors.get(s.id);
      const e = declarations.entriesOf(a);
      s.listed = a.party === 'first-party' ? true : e.collected.length + e.sharing.length > 0;
      for (const d of s.dataTypes) {
        const chain = chains.get(RunAggregates.chainKey(s.id, d.dataType));
        const st = declarations.collection(a, chain === undefined ? [] : (JSON.parse(chain) as string[]), d.dataType);
        d.declared = st.declared;
        d.declaredBy = st.ref;
      }
    }
  }
  for (const s of sdks.values()) s.dataTypes.sort((a, b) => b.count - a.count);
  for (const f of engine.findings) {
    const s = f.sdk === null ? undefined : sdks.get(f.sdk.id);
    if (s !== undefined) s.findings++;
  }

  // Network destinations.
  const piByDest = new Map<string, Set<string>>();
  for (const f of engine.flows.flows) {
    const k = `${f.host ?? f.ip ?? '?'}\u0000${f.port ?? ''}`;
    let set = piByDest.get(k);
    if (set === undefined) piByDest.set(k, (set = new Set()));
    set.add(f.dataType);
  }
  const network: Destination[] = engine.flows.destinations.slice(0, 2000).map((d) => {
    const host = d.host ?? d.ip;
    let declared: boolean | null = null;
    if (declarations !== null && host !== null) {
      // Only the app's own code reaching the host makes it the app's server when the lists name none.
      const st = declarations.destination(host, '', d.actors.length > 0 && d.actors.every((a) => a === APP_ACTOR) ? APP_ACTOR : undefined);
      declared = st.firstParty || st.entries.length > 0;
    }
    return {
      host: d.host,
      ip: d.ip,
      port: d.port,
      hostFrom: d.hostFrom,
      protos: d.protos,
      tls: d.tls,
      actors: d.actors,
      domainSdk: d.domainSdk,
      events: d.events,
      sends: d.sends,
      bytes: d.bytes,
      piTypes: [...(piByDest.get(`${d.host ?? d.ip ?? '?'}\u0000${d.port ?? ''}`) ?? [])].sort(),
      declared,
    };
  });
  for (const d of network) {
    for (const a of d.actors) {
      const s = sdks.get(a);
      if (s !== undefined && d.host !== null && !s.hosts.includes(d.host)) s.hosts.push(d.host);
    }
  }

  // Launches and the launch graph. The event's own columns from `event_rows`: through the `events`
  // view SQLite kept the view's five LEFT JOINs for every launch, for columns this does not read.
  const launches: LaunchSummary[] = (
    db
      .prepare(
        `SELECT l.via, l.action, l.component, l.target_package, l.other_app, p.actor AS actor, json_extract(e.detail, '$.data') AS data, count(*) AS count, sum(l.confirmed_event_id IS NOT NULL) AS confirmed,
                sum(e.thrown IS NOT NULL OR (l.via IN ('service', 'foreground-service') AND e.ret = 'null')) AS refused
         FROM launches l JOIN ${P} p ON p.id = l.event_id JOIN ${EVENT_ROWS} e ON e.id = l.event_id WHERE l.run_id = ?
         GROUP BY l.via, l.action, l.component, l.target_package, l.other_app, p.actor, data ORDER BY l.other_app DESC, count DESC LIMIT 2000`,
      )
      .all(runId) as { via: string; action: string | null; component: string | null; target_package: string | null; other_app: number; actor: string; data: string | null; count: number; confirmed: number; refused: number }[]
  ).map((r) => ({
    via: r.via,
    action: r.action,
    component: r.component,
    targetPackage: r.target_package,
    // The system's own UI for the app (permission dialog, chooser, its Settings page) is not another app.
    otherApp: r.other_app === 1 && systemUiReason({ via: r.via, action: r.action, target: r.target_package, data: r.data }, run.package) === null,
    actor: r.actor,
    count: r.count,
    confirmed: r.confirmed,
    refused: r.refused,
  }));
  const nodes = new Map<string, { package: string; count: number; confirmed: number; vias: string[] }>();
  for (const l of launches) {
    if (!l.otherApp || l.targetPackage === null) continue;
    let n = nodes.get(l.targetPackage);
    if (n === undefined) nodes.set(l.targetPackage, (n = { package: l.targetPackage, count: 0, confirmed: 0, vias: [] }));
    n.count += l.count;
    n.confirmed += l.confirmed;
    if (!n.vias.includes(l.via)) n.vias.push(l.via);
  }

  // Timeline chart: events per actor per bin, busiest actors first.
  const tStart = timeline.start;
  const tEnd = timeline.end;
  const rowsMap = new Map<string, TimelineRow>();
  for (const { actor, bins } of aggregates.timelineBins()) {
    const row: TimelineRow = { actor, name: actors.get(actor).name, total: 0, counts: new Array<number>(BINS).fill(0) };
    rowsMap.set(actor, row);
    for (const [b, n] of bins) {
      row.counts[Math.min(BINS - 1, Math.max(0, b))]! += n;
      row.total += n;
    }
  }
  let rows = [...rowsMap.values()].sort((a, b) => b.total - a.total);
  if (rows.length > MAX_TIMELINE_ROWS) {
    const rest = rows.slice(MAX_TIMELINE_ROWS - 1);
    const other: TimelineRow = { actor: '(other)', name: `${rest.length} other parties`, total: 0, counts: new Array<number>(BINS).fill(0) };
    for (const r of rest) {
      other.total += r.total;
      r.counts.forEach((c, i) => (other.counts[i]! += c));
    }
    rows = [...rows.slice(0, MAX_TIMELINE_ROWS - 1), other];
  }

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

  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of engine.findings) bySeverity[f.severity]++;
  const sdkList = [...sdks.values()].sort((a, b) => b.events - a.events);
  const phases = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<string, number>;
  for (const [ph, n] of aggregates.piPhases()) phases[ph] = n;

  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'sdktrace', version: VERSION },
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    run: {
      id: run.id,
      mode: run.mode,
      startedAt: run.started_at,
      endedAt: run.ended_at,
      endReason: run.end_reason,
      device: { id: run.device_id, name: run.device_name, kind: run.device_kind, osVersion: run.os_version, apiLevel: run.api_level },
      app: { package: run.package, version: run.app_version, versionCode: run.app_version_code, signingSha256: run.signing_sha256 },
      versions: { tool: run.tool_version, agent: run.agent_version, hookCatalog: run.hook_catalog_version, sdkCatalog: run.sdk_catalog_version, sdkCatalogUsed: catalog.version },
      options: runOptions,
      chainHead: run.chain_head,
    },
    policy:
      lists === null
        ? null
        : {
            file: lists.file,
            sha256: lists.sha256,
            source: policySource,
            note: policyNote,
            app: { package: lists.lists.app.package ?? run.package, name: lists.lists.app.name ?? null, version: lists.lists.app.version ?? null },
            packageMatches: run.package === null || lists.lists.app.package === undefined || run.package === lists.lists.app.package,
            collected: lists.lists.collected.length,
            sharing: lists.lists.sharing.length,
            warnings: lists.warnings,
            notObservable: declarations!.unobservable(),
          },
    policyNote: lists === null ? policyNote : null,
    consent: {
      words: consentCfg.words,
      apis: consentCfg.apis,
      detected: timeline.consent.length > 0,
      firstGrantT: timeline.consent.find((m) => m.state === 'granted')?.t ?? null,
      firstRefusalT: timeline.consent.find((m) => m.state === 'refused')?.t ?? null,
      marks: timeline.consent,
      dialogs: timeline.dialogs,
    },
    phases,
    processes: procs.map((p) => ({
      ...processView(p),
      events: eventsPerProc.get(p.id) ?? 0,
      seqGaps: p.seq_gaps,
    })),
    totals: {
      events: totals.events,
      agentEvents: totals.agent,
      hostEvents: totals.host,
      protocolErrors,
      seqGaps: procs.reduce((a, p) => a + p.seq_gaps, 0),
    },
    summary: {
      findings: engine.findings.length,
      bySeverity,
      sdks: sdkList.length,
      thirdPartySdks: sdkList.filter((s) => s.party === 'third-party').length,
      dataTypes: [...new Set(sdkList.flatMap((s) => s.dataTypes.map((d) => d.dataType)))].sort(),
      destinations: network.length,
      plaintextDestinations: network.filter((n) => n.tls === false).length,
      otherApps: [...nodes.keys()].sort(),
      piFlows: engine.flows.flows.length,
    },
    sdks: sdkList,
    timeline: { start: tStart, end: tEnd, binMs, bins: BINS, rows, segments: tStart === null || tEnd === null ? [] : boundSegments(timeline.segments, tStart, tEnd) },
    network,
    dataFlows: engine.flows.flows.slice(0, MAX_FLOWS),
    encryptedFlows: engine.flows.encryptedFlows.slice(0, MAX_FLOWS),
    flowScan: { values: engine.flows.values, needles: engine.flows.needles, eventsScanned: engine.flows.eventsScanned, truncated: engine.flows.flows.length > MAX_FLOWS },
    launches,
    launchGraph: { app: run.package, nodes: [...nodes.values()].sort((a, b) => b.count - a.count || b.confirmed - a.confirmed || a.package.localeCompare(b.package)) },
    hooks: { byState, entries: hookRows },
    protocolErrors: errors,
    rules: engine.rules,
    findings: engine.findings,
    verdict: buildVerdict({ sdks: sdkList, findings: engine.findings, launches }),
    ...(run.mode === 'audit' ? { audit: summarizeAudit(db, run.id, engine.findings) } : {}),
  };
}

/** Findings at or above a severity. */
export function findingsAtLeast(m: ReportModel, threshold: Severity): Finding[] {
  const min = SEVERITIES.indexOf(threshold);
  return m.findings.filter((f) => SEVERITIES.indexOf(f.severity) >= min);
}
