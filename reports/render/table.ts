// Tabular views of the model shared by the CSV and XLSX renderers, and the spreadsheet-safety
// rule both apply: a cell that starts like a formula is never left to be evaluated.
import { DATA_TYPES, type DataType } from '../../protocol/constants.js';
import type { Finding } from '../engine.js';
import type { ReportModel } from '../model.js';
import { EVENT_COLUMNS, type EventSource } from '../events.js';
import { formatTime, hostToDevice, hostZone, runClock } from '../../analysis/clock.js';
import { sdkWord, type Lang } from './i18n.js';

/** A Date is a point in time: CSV writes it as ISO-8601 in the report's zone, XLSX as a real date. */
export type Cell = string | number | boolean | null | Date;

/** How tables are shown: the zone of their times and the reader's language. */
export interface TableOptions {
  tz?: string;
  lang?: Lang;
  /** Every event of the run (the Events sheet); omitted: no Events sheet. */
  events?: EventSource;
}

/** Leading characters that make spreadsheet programs treat text as a formula (incl. full-width forms). */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

export function looksLikeFormula(s: string): boolean {
  return FORMULA_START.test(s);
}

/** CSV: a leading apostrophe neutralises formula-like text (OWASP CSV injection guidance). */
export function neutralise(s: string): string {
  return looksLikeFormula(s) ? `'${s}` : s;
}

/** A time cell (device clock). */
const when = (t: number | null): Cell => (t === null ? null : new Date(t));
const label = (dt: string | null) => (dt === null ? null : DATA_TYPES[dt as DataType] ? `${DATA_TYPES[dt as DataType].en} / ${DATA_TYPES[dt as DataType].zh}` : dt);

export const FINDING_COLUMNS = [
  'id',
  'rule',
  'variant',
  'severity',
  'title',
  'title_zh',
  'sdk_id',
  'sdk_name',
  'sdk_vendor',
  'sdk_category',
  'party',
  'called_by',
  'api',
  'data_type',
  'data_type_label',
  'phase',
  'phases',
  'first_time',
  'last_time',
  'count',
  'message',
  'event_ids',
  'stack_id',
  'decisive_frame',
  'destinations',
  'values_found',
  'target_app',
  'declared_ref',
  'regulation',
] as const;

export function findingRow(m: ReportModel, f: Finding, lang: Lang = 'en'): Cell[] {
  const e = f.evidence;
  const rule = m.rules.find((r) => r.id === f.rule);
  const frame = e.stack && e.stack.decisive !== null ? e.stack.frames[e.stack.decisive] : undefined;
  return [
    f.id,
    f.rule,
    f.variant ?? null,
    f.severity,
    f.title.en,
    f.title.zh,
    f.sdk?.id ?? null,
    f.sdk === null ? null : sdkWord(f.sdk, lang),
    f.sdk?.vendor ?? null,
    f.sdk?.category ?? null,
    f.sdk?.party ?? null,
    f.chain.map((c) => c.id).join(' > ') || null,
    e.events.find((x) => x.api !== null)?.api ?? (e.stack && e.stack.api !== null && e.stack.frames[e.stack.api] ? `${e.stack.frames[e.stack.api]![0]}.${e.stack.frames[e.stack.api]![1]}` : null),
    f.dataType,
    label(f.dataType),
    f.phase,
    Object.entries(f.phases).map(([p, n]) => `${p}:${n}`).join(' ') || null,
    when(f.firstT),
    when(f.lastT),
    f.count,
    f.message,
    e.events.map((x) => x.id).join(' ') || null,
    e.stack?.id ?? null,
    frame !== undefined ? `${frame[0]}.${frame[1]}` : null,
    (e.flows ?? []).map((x) => `${x.host ?? x.ip ?? '?'}${x.port !== null ? `:${x.port}` : ''}${x.tls ? '' : ' (plaintext)'}`).join(' ') || null,
    (e.matches ?? []).map((x) => `${x.value} [${x.encoding}]`).join(' ') || null,
    e.launch?.targetPackage ?? null,
    e.declared?.ref ?? null,
    rule?.regulation.map((c) => `${c.source}${c.clause ? ` ${c.clause}` : ''}`).join('; ') ?? null,
  ];
}

export interface Sheet {
  name: string;
  columns: string[];
  rows: Cell[][];
}

/** The Events sheet: its rows a one-pass stream over the run (never held at once). */
export interface StreamedSheet {
  name: string;
  columns: string[];
  rows: Iterable<Cell[]>;
}

/** Excel's rows per sheet, less the header. */
export const MAX_SHEET_ROWS = 1_048_575;

/** Every table of the report, for spreadsheets (the Events sheet apart: eventsSheet). */
export function sheets(m: ReportModel, opts: TableOptions = {}): Sheet[] {
  const r = m.run;
  const tz = opts.tz ?? hostZone();
  const lang = opts.lang ?? 'en';
  const clock = runClock(r.options);
  const hostWhen = (t: number | null): Cell => (t === null ? null : new Date(hostToDevice(t, clock)));
  const out: Sheet[] = [
    {
      name: 'Summary',
      columns: ['field', 'value'],
      rows: [
        ['app', r.app.package],
        ['app version', r.app.version],
        ['signing SHA-256', r.app.signingSha256],
        ['device', `${r.device.name ?? r.device.id ?? '?'} (${r.device.kind ?? '?'}), Android ${r.device.osVersion ?? '?'}, API ${r.device.apiLevel ?? '?'}`],
        ['run', r.id],
        ['mode', r.mode],
        ['started', hostWhen(r.startedAt)],
        ['ended', hostWhen(r.endedAt)],
        ['time zone of the times', `${tz}: device clock${clock?.deviceOffsetMs != null ? `, ${(clock.deviceOffsetMs / 1000).toFixed(3)} s from host UTC at run start` : ', offset to host UTC not measured'}`],
        ['sdktrace', m.tool.version],
        ['hook catalog', r.versions.hookCatalog],
        ['SDK catalog', r.versions.sdkCatalog],
        ['chain head', r.chainHead],
        ['declared lists', m.policy === null ? 'none' : `${m.policy.file === null ? '(inline)' : m.policy.file.split(/[\\/]/).pop()} sha256 ${m.policy.sha256}`],
        ['consent detected', m.consent.detected],
        ['first consent', when(m.consent.firstGrantT)],
        ['findings', m.summary.findings],
        ...Object.entries(m.summary.bySeverity).map(([s, n]): Cell[] => [`findings: ${s}`, n]),
        ['report schema', m.schema],
        ['generated (host clock)', formatTime(Date.parse(m.generatedAt), tz)],
      ],
    },
    { name: 'Findings', columns: [...FINDING_COLUMNS], rows: m.findings.map((f) => findingRow(m, f, lang)) },
    {
      name: 'Rules',
      columns: ['rule', 'title', 'title_zh', 'severity', 'evaluated', 'reason', 'findings', 'highest', 'description', 'regulation'],
      rows: m.rules.map((x) => [x.id, x.title.en, x.title.zh, x.severity, x.evaluated, x.reason, x.findings, x.highest, x.description, x.regulation.map((c) => `${c.source}${c.clause ? ` ${c.clause}` : ''}: ${c.summary}`).join('\n')]),
    },
    {
      name: 'SDKs',
      columns: ['sdk_id', 'name', 'name_zh', 'vendor', 'category', 'party', 'listed', 'data_type', 'data_type_label', 'count', 'declared', 'declared_by', 'phases', 'events', 'findings', 'destinations'],
      rows: m.sdks.flatMap((s) => {
        const base = (d: (typeof s.dataTypes)[number] | null): Cell[] => [
          s.id,
          s.name,
          s.nameZh,
          s.vendor,
          s.category,
          s.party,
          s.listed,
          d?.dataType ?? null,
          label(d?.dataType ?? null),
          d?.count ?? null,
          d?.declared ?? null,
          d?.declaredBy ?? null,
          d === null ? null : Object.entries(d.phases).map(([p, n]) => `${p}:${n}`).join(' '),
          s.events,
          s.findings,
          s.hosts.join(' '),
        ];
        return s.dataTypes.length === 0 ? [base(null)] : s.dataTypes.map(base);
      }),
    },
    {
      name: 'Network',
      columns: ['host', 'ip', 'port', 'host_from', 'protocols', 'tls', 'actors', 'domain_sdk', 'pi_types', 'declared', 'events', 'sends', 'bytes'],
      rows: m.network.map((n) => [n.host, n.ip, n.port, n.hostFrom, n.protos.join(' '), n.tls, n.actors.join(' '), n.domainSdk, n.piTypes.join(' '), n.declared, n.events, n.sends, n.bytes]),
    },
    {
      name: 'Data flows',
      columns: ['data_type', 'value', 'encoding', 'where', 'host', 'ip', 'port', 'tls', 'sent_by', 'read_by', 'count', 'first_time', 'net_event_ids', 'pi_event_id', 'excerpt'],
      rows: m.dataFlows.map((f) => [f.dataType, f.value, f.encoding, f.where, f.host, f.ip, f.port, f.tls, f.actor, f.readBy, f.count, when(f.firstT), f.netEventIds.join(' '), f.piEventId, f.excerpt]),
    },
    {
      name: 'Hidden data flows',
      columns: ['data_type', 'value', 'chain', 'step_event_ids', 'read_event_id', 'send_event_id', 'host', 'ip', 'port', 'tls', 'app_encrypted', 'found_as', 'sent_by', 'read_by', 'hashed'],
      rows: m.encryptedFlows.map((f) => [f.dataType, f.value, f.steps.map((s) => s.label).join(' -> '), f.steps.map((s) => s.eventId).join(' '), f.readEventId, f.sendEventId, f.host, f.ip, f.port, f.tls, f.appEncrypted, f.foundAs, f.actor, f.readBy, f.hashed]),
    },
    {
      name: 'Launches',
      columns: ['via', 'action', 'component', 'target_package', 'other_app', 'actor', 'count', 'confirmed'],
      rows: m.launches.map((l) => [l.via, l.action, l.component, l.targetPackage, l.otherApp, l.actor, l.count, l.confirmed]),
    },
    {
      name: 'Processes',
      columns: ['pid', 'name', 'target', 'spawned_by', 'start_reason', 'started', 'ended', 'end_reason', 'events', 'seq_gaps'],
      rows: m.processes.map((p) => [p.pid, p.name, p.target, p.spawnedBy, p.startReason, when(p.startedAt), when(p.endedAt), p.endReason, p.events, p.seqGaps]),
    },
    {
      name: 'Hooks',
      columns: ['hook', 'class', 'method', 'state', 'overloads', 'calls', 'emitted', 'reason'],
      rows: m.hooks.entries.map((h) => [h.hook, h.class, h.method, h.state, h.overloads, h.calls, h.emitted, h.reason]),
    },
  ];
  return out;
}

/** The Events sheet, when the run's events are given (after the report's own sheets). */
export function eventsSheet(opts: TableOptions): StreamedSheet[] {
  return opts.events === undefined ? [] : [{ name: 'Events', columns: [...EVENT_COLUMNS], rows: eventRowStream(opts.events, MAX_SHEET_ROWS) }];
}

/** The Events sheet's rows (and `--format events-csv`): every event, at most `limit`. */
export function eventRows(source: EventSource, limit = Infinity): Cell[][] {
  return [...eventRowStream(source, limit)];
}

/** The same rows one at a time, as the run's events are paged (the streamed XLSX Events sheet). */
export function* eventRowStream(source: EventSource, limit = Infinity): Generator<Cell[]> {
  let n = 0;
  for (const e of source()) {
    if (n++ >= limit) return;
    yield [e.id, new Date(e.t), e.pid, e.process, e.thread, e.phase, e.actor, e.actorName, e.kind, e.api, e.dataType, e.target, e.stackId];
  }
}
