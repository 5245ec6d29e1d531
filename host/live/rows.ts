// Event rows as the dashboard sees them: the same LiveRow whether an event arrives through ingest
// (a committed IngestItem) or is read back from the database, and the SQL of the list filters.
import type { Filter, GroupKey, LiveRow } from './protocol.js';
import { actorId, actorSql, isSdkActor } from '../../analysis/actor.js';

/** The columns of `events` a LiveRow needs (an EventRow of ingest has them all). */
export interface EventColumns {
  t: number;
  pid: number | null;
  source: string;
  kind: string;
  api: string | null;
  data_type: string | null;
  phase: string | null;
  consent: string | null;
  sdk: string | null;
  party: string | null;
  thread: string | null;
  detail: string | null;
  stack: string | null;
  /** Package prefix of an unknown third party or obfuscated code (attribution's prefix). */
  prefix: string | null;
}

export const ROW_COLUMNS = "id, t, pid, source, kind, api, data_type, phase, consent, sdk, party, thread, detail, stack, json_extract(attribution, '$.prefix') AS prefix";

const MAX_TARGET = 300;

/** The most telling field of an event's detail (the same choice as the console lines). */
export function targetOf(detail: string | null): string | null {
  if (detail === null) return null;
  let d: unknown;
  try {
    d = JSON.parse(detail);
  } catch {
    return null;
  }
  if (typeof d !== 'object' || d === null) return null;
  const o = d as Record<string, unknown>;
  const pick = o.host ?? o.url ?? o.component ?? o.package ?? o.action ?? o.target ?? o.key ?? o.text ?? o.identifier ?? o.permission ?? o.state ?? o.reason;
  if (pick === undefined || pick === null) return null;
  const s = typeof pick === 'string' ? pick : JSON.stringify(pick);
  return s.length > MAX_TARGET ? `${s.slice(0, MAX_TARGET - 1)}…` : s;
}

/** A dashboard row; `prefix` defaults to the row's (a live ingest row passes its attribution's). */
export function liveRow(id: number, r: Omit<EventColumns, 'prefix'> & { prefix?: string | null }, prefix: string | null = r.prefix ?? null): LiveRow {
  return {
    id,
    t: r.t,
    pid: r.pid,
    source: r.source === 'host' ? 'host' : 'agent',
    kind: r.kind,
    api: r.api,
    dataType: r.data_type,
    phase: r.phase,
    consent: r.consent,
    actor: actorId(r.sdk, r.party, prefix),
    party: r.party,
    thread: r.thread,
    target: targetOf(r.detail),
    hasStack: r.stack !== null,
  };
}

/** Whether a row passes a filter (the page applies the same test to live rows). */
export function matches(row: LiveRow, f: Filter): boolean {
  return (
    (f.actor === undefined || row.actor === f.actor) &&
    (f.dataType === undefined || row.dataType === f.dataType) &&
    (f.phase === undefined || row.phase === f.phase) &&
    (f.kind === undefined || row.kind === f.kind)
  );
}

/** The key a row coalesces under (protocol.ts GroupKey). */
export function groupKeyOf(r: LiveRow): GroupKey {
  return { actor: r.actor, kind: r.kind, api: r.api, dataType: r.dataType, phase: r.phase };
}

/** A map key for a GroupKey: null and the text "null" stay apart. */
export function keyString(k: GroupKey): string {
  return JSON.stringify([k.actor, k.kind, k.api, k.dataType, k.phase]);
}

export function sameKey(a: GroupKey, b: GroupKey): boolean {
  return a.actor === b.actor && a.kind === b.kind && a.api === b.api && a.dataType === b.dataType && a.phase === b.phase;
}

/**
 * Whether a group's rows pass a filter: true or false when the key decides it, null when it
 * cannot (a key-null group under a filter: only the database knows how many of its rows match).
 */
export function groupMatches(key: GroupKey | null, f: Filter): boolean | null {
  const filtered = f.actor !== undefined || f.dataType !== undefined || f.phase !== undefined || f.kind !== undefined;
  if (key === null) return filtered ? null : true;
  return (
    (f.actor === undefined || key.actor === f.actor) &&
    (f.dataType === undefined || key.dataType === f.dataType) &&
    (f.phase === undefined || key.phase === f.phase) &&
    (f.kind === undefined || key.kind === f.kind)
  );
}

/** Reads a GroupKey from its JSON (the `key` parameter of /api/group); throws with what is wrong. */
export function parseGroupKey(text: string): GroupKey {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error('key must be JSON: {"actor":…,"kind":…,"api":…,"dataType":…,"phase":…}');
  }
  const o = v as Record<string, unknown>;
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error('key must be a JSON object');
  if (typeof o.actor !== 'string' || typeof o.kind !== 'string') throw new Error('key.actor and key.kind must be strings');
  for (const f of ['api', 'dataType', 'phase'] as const) if (o[f] !== null && typeof o[f] !== 'string') throw new Error(`key.${f} must be a string or null`);
  return { actor: o.actor, kind: o.kind, api: o.api as string | null, dataType: o.dataType as string | null, phase: o.phase as string | null };
}

/** SQL conditions (joined with AND) and parameters for a filter over `events`. */
export function filterSql(f: Filter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.actor !== undefined) {
    if (!isSdkActor(f.actor)) {
      // Party actors (the app, unknown prefixes, ...): the one actor rule, in SQL.
      parts.push(`sdk IS NULL AND ${actorSql('events')} = ?`);
      params.push(f.actor);
    } else {
      parts.push('sdk = ?');
      params.push(f.actor);
    }
  }
  if (f.dataType !== undefined) {
    parts.push('data_type = ?');
    params.push(f.dataType);
  }
  if (f.phase !== undefined) {
    parts.push('phase = ?');
    params.push(f.phase);
  }
  if (f.kind !== undefined) {
    parts.push('kind = ?');
    params.push(f.kind);
  }
  return { sql: parts.length === 0 ? '1' : parts.join(' AND '), params };
}

/** A stable key for a filter (cache key). */
export function filterKey(f: Filter): string {
  return JSON.stringify([f.actor ?? null, f.dataType ?? null, f.phase ?? null, f.kind ?? null]);
}

/** Reads a filter from URL search parameters; unknown or empty values mean "any". */
export function filterFromParams(p: URLSearchParams): Filter {
  const f: Filter = {};
  for (const k of ['actor', 'dataType', 'phase', 'kind'] as const) {
    const v = p.get(k);
    if (v !== null && v !== '' && v.length <= 300) f[k] = v;
  }
  return f;
}
