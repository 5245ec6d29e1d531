// Catalog search for `sdktrace sdks`: by id, name (English or Chinese), vendor or alias, and by
// what attribution would match — a class or package name (longest prefix), a host name (label
// suffix), a native library (exact name or pattern), a component or an intent action.
import type { Catalog, CatalogSdk, SdkEntry } from './catalog.js';
import { javaLongest } from './trie.js';
import { hostOf, lookupDomain } from './rules/domain.js';
import { lookupNative } from './rules/native.js';
import { FrameClassifier } from './classify.js';

export interface SearchHit {
  entry: SdkEntry;
  /** What matched, e.g. "name", "prefix com.umeng.analytics", "domain umeng.com (vendor Umeng)". */
  match: string[];
  /** Lower is better. */
  rank: number;
}

const JAVA_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/;

export function searchCatalog(catalog: Catalog, query: string | undefined): SearchHit[] {
  const q = (query ?? '').trim();
  if (q === '') return catalog.sdks.map((s) => ({ entry: s.entry, match: [], rank: 0 }));
  const hits = new Map<CatalogSdk, SearchHit>();
  const hit = (sdk: CatalogSdk, match: string, rank: number) => {
    const h = hits.get(sdk);
    if (!h) hits.set(sdk, { entry: sdk.entry, match: [match], rank });
    else {
      if (!h.match.includes(match)) h.match.push(match);
      h.rank = Math.min(h.rank, rank);
    }
  };
  const env = { catalog, classifier: new FrameClassifier(catalog), apis: null };

  // What attribution itself would say.
  if (JAVA_NAME.test(q)) {
    const len = { length: 0 };
    const p = javaLongest(catalog.java, q, len);
    if (p) hit(p.sdk, `${p.kind === 'component' ? 'component' : 'prefix'} ${p.key}`, 1);
  }
  if (/\.so(\.\d+)*$/.test(q)) {
    const n = lookupNative(q, env);
    if (n) hit(n.sdk, n.kind === 'lib' ? `library ${n.key}` : `library pattern ${n.key}`, 1);
  }
  const host = q.includes('.') ? hostOf(q) : null;
  if (host !== null) {
    const d = lookupDomain(host, env);
    if (d?.level === 'sdk') {
      const sdk = catalog.get(d.ref.id);
      if (sdk) hit(sdk, `domain ${d.key}`, 1);
    }
  }

  // Text search over names and keys.
  const needle = q.toLowerCase();
  for (const sdk of catalog.sdks) {
    const e = sdk.entry;
    if (e.id === needle || e.name.toLowerCase() === needle || e.nameZh === q) hit(sdk, 'name', 0);
    else if ([e.id, e.name, e.nameZh, e.vendor].some((x) => x?.toLowerCase().includes(needle))) hit(sdk, 'name', 2);
    else if (e.aliases?.some((a) => a.toLowerCase().includes(needle))) hit(sdk, 'alias', 3);
    else {
      const legal = e.legalNames?.find((a) => a.toLowerCase().includes(needle));
      if (legal !== undefined) hit(sdk, `company ${legal}`, 3);
    }
    for (const [field, label] of [['prefixes', 'prefix'], ['libs', 'library'], ['libPatterns', 'library pattern'], ['components', 'component'], ['actions', 'action'], ['domains', 'domain']] as const) {
      for (const v of e[field] ?? []) if (v.toLowerCase().includes(needle)) hit(sdk, `${label} ${v}`, 4);
    }
  }
  return [...hits.values()].sort((a, b) => a.rank - b.rank || a.entry.id.localeCompare(b.entry.id));
}

/** Vendor-level domain owner of a host, for showing what `sdks <host>` finds beyond SDKs. */
export function vendorForHost(catalog: Catalog, query: string): { name: string; key: string } | null {
  const host = hostOf(query);
  if (host === null) return null;
  const d = lookupDomain(host, { catalog, classifier: new FrameClassifier(catalog), apis: null });
  return d?.level === 'vendor' ? { name: d.ref.name, key: d.key } : null;
}
