// Who did it: the "actor" of an event, the unit the console, dashboard, reports, findings and the
// audit summary all count by. One identity, one vocabulary, one label table, computed here only:
// a catalog SDK (its id), the app itself ("(app)"), an unknown third party or obfuscated code by
// package prefix ("(third-party:com.foo.bar)"), the platform, or nothing identifiable
// ("(unattributed)": device and host events). actorId (JS) and actorSql (SQL) are the same rule.
import type { Db } from '../store/db.js';
import type { Catalog } from '../attribution/index.js';

export interface Actor {
  id: string;
  /** Catalog SDK id, when the actor is one. */
  sdk: string | null;
  party: 'third-party' | 'first-party' | 'obfuscated' | 'platform' | 'unknown' | 'unattributed';
  /** Package prefix of an unknown third party or obfuscated code. */
  prefix: string | null;
  name: string;
  nameZh: string | null;
  vendor: string | null;
  category: string | null;
  /** The SDK's Java package prefixes from the catalog (for matching declared "packages"). */
  javaPrefixes: readonly string[];
}

export const APP_ACTOR = '(app)';
export const UNATTRIBUTED_ACTOR = '(unattributed)';

/** An event's actor id from its stored attribution columns (sdk, party, attribution's prefix). */
export function actorId(sdk: string | null, party: string | null, prefix: string | null = null): string {
  if (sdk !== null) return sdk;
  if (party === 'first-party') return APP_ACTOR;
  if (party === null) return UNATTRIBUTED_ACTOR;
  return prefix !== null ? `(${party}:${prefix})` : `(${party})`;
}

/** Whether an actor id names a catalog SDK (the others are parenthesised party ids). */
export function isSdkActor(id: string): boolean {
  return !id.startsWith('(');
}

/** Labels of the actors that are not catalog SDKs, in English and Chinese. */
export const PARTY_LABELS: Record<Actor['party'], { en: string; zh: string }> = {
  'first-party': { en: 'The app (first party)', zh: 'App 自身' },
  'third-party': { en: 'Unknown third party', zh: '未知第三方' },
  obfuscated: { en: 'Obfuscated code', zh: '混淆代码' },
  platform: { en: 'Android platform', zh: 'Android 系统' },
  unknown: { en: 'Unidentified code', zh: '无法识别的代码' },
  unattributed: { en: 'Not attributed (device and host events)', zh: '未归属(设备与主机事件)' },
};

/** The label of a non-SDK actor id ("(third-party:com.foo)" -> "Unknown third party com.foo"), or null. */
export function partyActorLabel(id: string): string | null {
  if (id === APP_ACTOR) return PARTY_LABELS['first-party'].en;
  const m = /^\(([a-z-]+)(?::(.*))?\)$/.exec(id);
  if (m === null || !(m[1]! in PARTY_LABELS)) return null;
  const label = PARTY_LABELS[m[1] as Actor['party']].en;
  return m[2] !== undefined ? `${label} ${m[2]}` : label;
}

/** SQL expression giving an event row's actor id (`e` is the events alias); the same rule as actorId. */
export function actorSql(e = 'e'): string {
  return `(CASE WHEN ${e}.sdk IS NOT NULL THEN ${e}.sdk WHEN ${e}.party = 'first-party' THEN '${APP_ACTOR}' WHEN ${e}.party IS NULL THEN '${UNATTRIBUTED_ACTOR}' ELSE '(' || ${e}.party || coalesce(':' || json_extract(${e}.attribution, '$.prefix'), '') || ')' END)`;
}

/**
 * The counting rule, one definition for every place that says "SDK X: N events" (console
 * summary, dashboard, HTML/JSON/CSV/XLSX report, audit summary): an event counts for its actor
 * when the agent observed the actor doing something — not host events (spawns, markers: the
 * device's doing) and not lifecycle or hook events (context: activity changes, hook status).
 */
export function countsForActor(source: string, kind: string): boolean {
  return source === 'agent' && kind !== 'lifecycle' && kind !== 'hook';
}

/** The same rule in SQL (`e` is the alias of a table with source and kind columns). */
export function countsForActorSql(e = 'e'): string {
  return `(${e}.source = 'agent' AND ${e}.kind NOT IN ('lifecycle', 'hook'))`;
}

/** Resolves actor ids to names through the catalog, falling back to what attribution recorded. */
export class ActorDirectory {
  private readonly cache = new Map<string, Actor>();

  constructor(private readonly catalog: Catalog | null, private readonly db: Db | null = null, private readonly runId: number | null = null) {}

  get(id: string): Actor {
    let a = this.cache.get(id);
    if (a === undefined) {
      a = this.resolve(id);
      this.cache.set(id, a);
    }
    return a;
  }

  private resolve(id: string): Actor {
    if (id === APP_ACTOR) return { id, sdk: null, party: 'first-party', prefix: null, name: PARTY_LABELS['first-party'].en, nameZh: PARTY_LABELS['first-party'].zh, vendor: null, category: 'first-party', javaPrefixes: [] };
    const m = /^\(([a-z-]+)(?::(.*))?\)$/.exec(id);
    if (m !== null && m[1]! in PARTY_LABELS) {
      const party = m[1] as Actor['party'];
      const prefix = m[2] ?? null;
      const label = PARTY_LABELS[party];
      return { id, sdk: null, party, prefix, name: prefix !== null ? `${label.en} ${prefix}` : label.en, nameZh: null, vendor: null, category: party, javaPrefixes: prefix !== null ? [prefix] : [] };
    }
    const entry = this.catalog?.byId.get(id)?.entry;
    if (entry !== undefined) {
      return { id, sdk: id, party: 'third-party', prefix: null, name: entry.name, nameZh: entry.nameZh ?? null, vendor: entry.vendor ?? null, category: entry.category, javaPrefixes: entry.prefixes ?? [] };
    }
    // Not in this catalog (the run used another version): what attribution stored.
    let name = id;
    let vendor: string | null = null;
    let category: string | null = null;
    if (this.db !== null && this.runId !== null) {
      const row = this.db
        .prepare("SELECT json_extract(attribution, '$.sdk.name') AS name, json_extract(attribution, '$.sdk.vendor') AS vendor, json_extract(attribution, '$.sdk.category') AS category FROM events WHERE run_id = ? AND sdk = ? LIMIT 1")
        .get(this.runId, id) as { name: string | null; vendor: string | null; category: string | null } | undefined;
      if (row !== undefined) {
        name = row.name ?? id;
        vendor = row.vendor;
        category = row.category;
      }
    }
    return { id, sdk: id, party: 'third-party', prefix: null, name, nameZh: null, vendor, category, javaPrefixes: [] };
  }
}

/** Display label: "Umeng Analytics (友盟统计)". */
export function actorLabel(a: Actor): string {
  return a.nameZh !== null && a.nameZh !== a.name ? `${a.name} (${a.nameZh})` : a.name;
}
