// The verdict table: the first thing a regulator reads, one row per SDK (or other party) that read
// personal information, sent data, started another app or drew a finding: which data types, in
// which phase, first when and through which API, where it sent data, what it started, and the
// findings and events that prove it. Built from the report model alone (no database access), so the
// HTML, PDF, spreadsheets and JSON show the same rows; every row links to its evidence (finding ids,
// first-read event ids).
import { PHASES } from '../protocol/constants.js';
import type { Finding } from './engine.js';
import type { LaunchSummary, SdkSummary } from './summary.js';
import { severityRank, type Severity } from './severity.js';

export interface VerdictDataType {
  dataType: string;
  count: number;
  /** Phase, device time, API and event of the first read. */
  firstPhase: string | null;
  firstT: number | null;
  api: string | null;
  eventId: number | null;
  /** Declared for this SDK (null: no lists). */
  declared: boolean | null;
}

export interface VerdictRow {
  /** Actor id (catalog SDK id, "(app)", "(third-party:prefix)", …). */
  sdk: string;
  name: string;
  nameZh: string | null;
  vendor: string | null;
  party: SdkSummary['party'];
  /** The most severe finding about this SDK, or null. */
  severity: Severity | null;
  dataTypes: VerdictDataType[];
  /** Phases its personal-information reads fell in, in phase order. */
  phases: string[];
  /** Its first personal-information read, else its first event. */
  firstT: number;
  /** APIs of the first read of each data type. */
  apis: string[];
  destinations: string[];
  /** Other apps it launched (started: the target's process was seen starting). */
  started: { target: string; via: string; count: number; confirmed: number }[];
  /** Finding ids about this SDK, most severe first. */
  findings: string[];
}

/** Rows for every party that did something a regulator asks about; the platform is not a party. */
export function buildVerdict(m: { sdks: readonly SdkSummary[]; findings: readonly Finding[]; launches: readonly LaunchSummary[] }): VerdictRow[] {
  const rows: VerdictRow[] = [];
  for (const s of m.sdks) {
    if (s.party === 'platform') continue;
    const findings = m.findings.filter((f) => f.sdk?.id === s.id).sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id, 'en', { numeric: true }));
    const started = m.launches.filter((l) => l.actor === s.id && l.otherApp).map((l) => ({ target: l.targetPackage ?? l.component ?? l.action ?? '?', via: l.via, count: l.count, confirmed: l.confirmed }));
    if (s.dataTypes.length === 0 && s.hosts.length === 0 && started.length === 0 && findings.length === 0) continue;
    const dataTypes: VerdictDataType[] = s.dataTypes
      .map((d) => ({ dataType: d.dataType, count: d.count, firstPhase: d.first?.phase ?? null, firstT: d.first?.t ?? null, api: d.first?.api ?? null, eventId: d.first?.eventId ?? null, declared: d.declared }))
      .sort((a, b) => (a.firstT ?? Infinity) - (b.firstT ?? Infinity) || a.dataType.localeCompare(b.dataType));
    const phaseSet = new Set(s.dataTypes.flatMap((d) => Object.keys(d.phases)));
    const firstReads = dataTypes.map((d) => d.firstT).filter((t): t is number => t !== null);
    rows.push({
      sdk: s.id,
      name: s.name,
      nameZh: s.nameZh,
      vendor: s.vendor,
      party: s.party,
      severity: findings[0]?.severity ?? null,
      dataTypes,
      phases: PHASES.filter((p) => phaseSet.has(p)),
      firstT: firstReads.length > 0 ? Math.min(...firstReads) : s.firstT,
      apis: [...new Set(dataTypes.map((d) => d.api).filter((a): a is string => a !== null))],
      destinations: [...s.hosts],
      started,
      findings: findings.map((f) => f.id),
    });
  }
  // Most severe first, then the earliest.
  return rows.sort((a, b) => (b.severity === null ? -1 : severityRank(b.severity)) - (a.severity === null ? -1 : severityRank(a.severity)) || a.firstT - b.firstT || a.sdk.localeCompare(b.sdk));
}
