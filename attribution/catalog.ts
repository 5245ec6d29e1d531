// The SDK catalog at run time: data/catalog/sdks.json (built by scripts/build-catalog.mjs) loaded
// once and compiled into lookup structures: a Java prefix trie, a host-label trie, exact maps for
// native libraries, components and actions, and anchored regexes for library name patterns.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installRoot } from '../install/root.js';
import { SegmentTrie, hostSegments, javaLongest, javaSegments } from './trie.js';
import type { SdkRef } from './types.js';

/** One SDK as stored in sdks.json (empty lists are omitted there). */
export interface SdkEntry {
  id: string;
  name: string;
  nameZh?: string;
  vendor?: string;
  category: string;
  prefixes?: string[];
  libs?: string[];
  libPatterns?: string[];
  components?: string[];
  actions?: string[];
  domains?: string[];
  /** Infrastructure the stack rule walks through (network transports, cross-language bridges). */
  transparent?: boolean;
  website?: string;
  sources: string[];
  aliases?: string[];
  /** The vendor's legal company names (Chinese and English), as published lists name the third party. */
  legalNames?: string[];
  note?: string;
  refs?: string[];
}

/** A product name that stands for several SDKs shipped together ("高德地图" = map, location, search). */
export interface SdkFamily {
  names: string[];
  sdks: string[];
  note?: string;
}

/** A company's own domains (v2fly lists, or domains several of its SDKs share). */
export interface VendorEntry {
  id: string;
  name: string;
  nameZh?: string;
  domains: string[];
  sources: string[];
}

export interface CatalogFile {
  schema: 1;
  version: string;
  sources: { id: string; name: string; repository: string; commit: string; path: string; licence: string }[];
  stats: Record<string, unknown>;
  vendors: VendorEntry[];
  sdks: SdkEntry[];
  /** Absent in catalogs written before families existed. */
  families?: SdkFamily[];
}

/** What a Java-name lookup found: the SDK, the catalog key and which kind of key it was. */
export interface PrefixHit {
  readonly sdk: CatalogSdk;
  readonly key: string;
  readonly kind: 'package' | 'component';
}

export interface DomainHit {
  readonly ref: SdkRef;
  readonly key: string;
  readonly level: 'sdk' | 'vendor';
}

/** A catalog SDK plus what results hand out, built once: the frozen SdkRef and reason texts. */
export interface CatalogSdk {
  readonly entry: SdkEntry;
  readonly ref: SdkRef;
  readonly transparent: boolean;
  /** "Umeng Common (友盟+ 基础组件库; Umeng (Alibaba))". */
  readonly label: string;
  /** "curated, exodus": where the catalog's facts about it come from. */
  readonly sourceList: string;
}

function labelOf(e: SdkEntry): string {
  const extra = [e.nameZh, e.vendor].filter((x): x is string => !!x && x !== e.name);
  return extra.length ? `${e.name} (${extra.join('; ')})` : e.name;
}

/** data/catalog/sdks.json of the install folder (the same file from sources, dist/ and bench bundles). */
export const DEFAULT_CATALOG_PATH = join(installRoot(), 'data', 'catalog', 'sdks.json');

const refOf = (e: { id: string; name: string; vendor?: string; category: string }): SdkRef =>
  Object.freeze(e.vendor ? { id: e.id, name: e.name, vendor: e.vendor, category: e.category } : { id: e.id, name: e.name, category: e.category });

export class Catalog {
  readonly version: string;
  readonly sdks: readonly CatalogSdk[];
  readonly vendors: readonly VendorEntry[];
  readonly families: readonly SdkFamily[];
  readonly byId = new Map<string, CatalogSdk>();
  /** Java packages, classes and component classes ('.'/'$' segments). */
  readonly java = new SegmentTrie<PrefixHit>();
  /** SDK- and vendor-level domains (labels right to left); per node the SDK claim and the vendor claim. */
  readonly hosts = new SegmentTrie<{ sdk?: DomainHit; vendor?: DomainHit }>(true);
  readonly libs = new Map<string, CatalogSdk>();
  readonly libPatterns: readonly { re: RegExp; source: string; sdk: CatalogSdk }[];
  readonly components = new Map<string, CatalogSdk>();
  /**
   * Components one SDK lists that lie in another SDK's Java package: a family sharing a channel
   * (com.taobao.accs.* is Alibaba ACCS code, shipped by Umeng Push and by Aliyun Push, whose
   * manifests both declare ACCS services). The class is the package owner's code, whichever SDK
   * of the family brought it: it is attributed to the owner, the SDK whose code is present.
   */
  readonly sharedComponents = new Map<string, { owner: CatalogSdk; listedBy: CatalogSdk }>();
  readonly actions = new Map<string, CatalogSdk>();

  constructor(readonly file: CatalogFile) {
    this.version = file.version;
    this.vendors = file.vendors;
    this.families = file.families ?? [];
    const sdks: CatalogSdk[] = [];
    const patterns: { re: RegExp; source: string; sdk: CatalogSdk }[] = [];
    for (const entry of file.sdks) {
      const sdk: CatalogSdk = { entry, ref: refOf(entry), transparent: entry.transparent === true, label: labelOf(entry), sourceList: entry.sources.join(', ') };
      sdks.push(sdk);
      this.byId.set(entry.id, sdk);
      for (const p of entry.prefixes ?? []) this.java.insert(javaSegments(p), { sdk, key: p, kind: 'package' });
      for (const l of entry.libs ?? []) this.libs.set(l, sdk);
      for (const p of entry.libPatterns ?? []) {
        try {
          patterns.push({ re: new RegExp(`^(?:${p})$`), source: p, sdk });
        } catch {
          // A source regex JavaScript cannot compile is skipped rather than failing the load.
        }
      }
      for (const a of entry.actions ?? []) this.actions.set(a, sdk);
      for (const d of entry.domains ?? []) {
        const node = this.hostNode(d);
        node.sdk = { ref: sdk.ref, key: d, level: 'sdk' };
      }
    }
    // Components after every package is known, so a component inside another SDK's package is seen as shared.
    const len = { length: 0 };
    for (const sdk of sdks) {
      for (const c of sdk.entry.components ?? []) {
        const hit = javaLongest(this.java, c, len);
        if (hit !== undefined && hit.kind === 'package' && hit.sdk !== sdk && !(sdk.entry.prefixes ?? []).some((p) => c === p || c.startsWith(`${p}.`))) {
          this.sharedComponents.set(c, { owner: hit.sdk, listedBy: sdk });
          continue;
        }
        this.components.set(c, sdk);
        // A component class is also a prefix: stacks run through SDK services and receivers.
        if (!this.java.has(javaSegments(c))) this.java.insert(javaSegments(c), { sdk, key: c, kind: 'component' });
      }
    }
    for (const v of file.vendors) {
      const ref = refOf({ id: `vendor:${v.id}`, name: v.name, vendor: v.name, category: 'vendor' });
      for (const d of v.domains) {
        const node = this.hostNode(d);
        node.vendor ??= { ref, key: d, level: 'vendor' };
      }
    }
    this.sdks = sdks;
    this.libPatterns = patterns;
  }

  /** The record on the domain's own node, created on first use (build time). */
  private hostNode(domain: string): { sdk?: DomainHit; vendor?: DomainHit } {
    const segs = hostSegments(domain);
    let node = this.hosts.root;
    for (const s of segs) {
      const next = this.hosts.child(node, s, 0, s.length);
      if (next === null) return this.newHostNode(segs);
      node = next;
    }
    return node.value ?? this.newHostNode(segs);
  }

  private newHostNode(segs: string[]): { sdk?: DomainHit; vendor?: DomainHit } {
    const value = {};
    this.hosts.insert(segs, value);
    return value;
  }

  get(id: string): CatalogSdk | undefined {
    return this.byId.get(id);
  }
}

const loaded = new Map<string, Catalog>();

/** Loads (once per path) and compiles the catalog; default data/catalog/sdks.json. */
export function loadCatalog(path: string = DEFAULT_CATALOG_PATH): Catalog {
  let c = loaded.get(path);
  if (!c) {
    const file = JSON.parse(readFileSync(path, 'utf8')) as CatalogFile;
    if (file.schema !== 1 || !Array.isArray(file.sdks)) throw new Error(`${path}: not an sdktrace catalog (schema ${String(file.schema)})`);
    c = new Catalog(file);
    loaded.set(path, c);
  }
  return c;
}
