// Who did it: the "actor" of an event, the unit every report table and finding is keyed by.
// A catalog SDK (its id), the app itself ("(app)"), an unknown third party or obfuscated code by
// package prefix ("(third-party:com.foo.bar)"), the platform, or nothing identifiable.
import type { Db } from '../host/store/db.js';
import type { Catalog } from '../host/attribution/index.js';

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

/** SQL expression giving an event row's actor id (`e` is the events alias). */
export function actorSql(e = 'e'): string {
  return `(CASE WHEN ${e}.sdk IS NOT NULL THEN ${e}.sdk WHEN ${e}.party = 'first-party' THEN '${APP_ACTOR}' WHEN ${e}.party IS NULL THEN '(unattributed)' ELSE '(' || ${e}.party || coalesce(':' || json_extract(${e}.attribution, '$.prefix'), '') || ')' END)`;
}

const PARTIES = new Set(['third-party', 'first-party', 'obfuscated', 'platform', 'unknown', 'unattributed']);

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
    if (id === APP_ACTOR) return { id, sdk: null, party: 'first-party', prefix: null, name: 'The app (first party)', nameZh: 'App 自身', vendor: null, category: 'first-party', javaPrefixes: [] };
    const m = /^\(([a-z-]+)(?::(.*))?\)$/.exec(id);
    if (m !== null && PARTIES.has(m[1]!)) {
      const party = m[1] as Actor['party'];
      const prefix = m[2] ?? null;
      const label: Record<string, string> = {
        'third-party': 'Unknown third party',
        obfuscated: 'Obfuscated code',
        platform: 'Android platform',
        unknown: 'Unidentified code',
        unattributed: 'Not attributed',
        'first-party': 'The app (first party)',
      };
      return { id, sdk: null, party, prefix, name: prefix !== null ? `${label[party]} ${prefix}` : label[party]!, nameZh: null, vendor: null, category: party, javaPrefixes: prefix !== null ? [prefix] : [] };
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
