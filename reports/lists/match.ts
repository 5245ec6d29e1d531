// Answers the declared lists' questions for the rules: is this data type declared for this
// actor (itself, or an SDK further out on its call chain)? Is this destination declared for this
// data type? Every answer names the entry that decided it (its JSON path).
//
// Published lists name SDKs and companies, never destinations (issue 22): an entry that names an
// SDK (id, ids, legal company name) declares that SDK's collection (its code reading the data
// types) and sending to its catalog destinations — the SDK's own domains, else its vendor's;
// "domains", when given, replace them with the list's own. Entries the
// list says the third party receives from the app's servers ("transfer": "server") and entries
// for other platforms only cannot be seen on the device: they neither declare nor are violated.
import { APP_ACTOR, type Actor, type ActorDirectory } from '../../analysis/actor.js';
import type { Catalog } from '../../attribution/index.js';
import type { CollectedEntry, DeclaredLists, SharedEntry } from './schema.js';
import type { LoadedLists } from './load.js';

export interface CollectionStatus {
  declared: boolean;
  /** How: the actor's own entry, an entry of an SDK that called it, or the first-party list. */
  via: 'sdk' | 'chain' | 'first-party' | null;
  /** JSON path of the deciding entry. */
  ref: string | null;
  /** Whether the actor appears in the lists at all. */
  listed: boolean;
}

export interface DestinationStatus {
  /** The host is one of the app's own servers (app.domains). */
  firstParty: boolean;
  /** Sharing entries that cover the host (by their domains, or by the SDK they name). */
  entries: string[];
  /** One of them includes the data type. */
  coversType: boolean;
  ref: string | null;
}

export function normalizeDomain(d: string): string {
  return d.trim().toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
}

/** "umeng.com" covers "umeng.com" and "x.umeng.com", never "notumeng.com". */
export function domainCovers(domain: string, host: string): boolean {
  const d = normalizeDomain(domain);
  const h = normalizeDomain(host);
  return h === d || h.endsWith(`.${d}`);
}

/** Java prefixes overlap on segment boundaries ("com.umeng" and "com.umeng.analytics"). */
function prefixesOverlap(a: string, b: string): boolean {
  const inside = (x: string, y: string) => x === y || x.startsWith(`${y}.`) || x.startsWith(`${y}$`);
  return inside(a, b) || inside(b, a);
}

const normCompany = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s.,()（）]+/g, '')
    .replace(/股份有限公司$|有限责任公司$|有限公司$/, '');

/** Whether an entry names a collector at all (else, in the collected list, it is the app's own). */
const namesCollector = (e: CollectedEntry) => e.sdk !== undefined || e.sdks !== undefined || e.packages !== undefined || e.company !== undefined;

/** The entry cannot be seen on an Android device: server-side transfer, or other platforms only. */
export function notObservable(e: CollectedEntry | SharedEntry): 'server' | 'platform' | null {
  if ((e as SharedEntry).transfer === 'server') return 'server';
  if (e.platforms !== undefined && !e.platforms.includes('android')) return 'platform';
  return null;
}

export class Declarations {
  readonly lists: DeclaredLists;
  readonly appDomains: string[];

  constructor(readonly loaded: LoadedLists, private readonly actors: ActorDirectory, private readonly catalog: Catalog | null = null) {
    this.lists = loaded.lists;
    this.appDomains = (this.lists.app.domains ?? []).map(normalizeDomain);
  }

  /** The company matches the actor's catalog vendor, or one of the vendor's legal names. */
  private companyMatches(company: string, actor: Actor): boolean {
    const c = normCompany(company);
    if (c === '') return false;
    if (actor.vendor !== null && c === normCompany(actor.vendor)) return true;
    const legal = actor.sdk !== null ? (this.catalog?.byId.get(actor.sdk)?.entry.legalNames ?? []) : [];
    return legal.some((l) => {
      const n = normCompany(l);
      return n === c || (Math.min(n.length, c.length) >= 4 && (n.includes(c) || c.includes(n)));
    });
  }

  private matches(entry: CollectedEntry | SharedEntry, actor: Actor): boolean {
    if (actor.party === 'first-party') return false;
    if (notObservable(entry) !== null) return false;
    if (actor.sdk !== null && (entry.sdk === actor.sdk || entry.sdks?.includes(actor.sdk) === true)) return true;
    if (entry.packages !== undefined && actor.javaPrefixes.some((p) => entry.packages!.some((q) => prefixesOverlap(p, q)))) return true;
    if (entry.company !== undefined) {
      // Without SDK ids the company names its vendor (catalog name or legal name). Beside SDK ids,
      // only the catalog vendor name widens the entry (as in format 1): a legal name printed next to
      // "腾讯Bugly" does not declare every Tencent SDK.
      if (entry.sdk === undefined && entry.sdks === undefined) return this.companyMatches(entry.company, actor);
      if (actor.vendor !== null && normCompany(entry.company) === normCompany(actor.vendor)) return true;
    }
    return false;
  }

  private readonly destCache = new Map<SharedEntry, string[]>();

  /**
   * Where an entry without "domains" declares sending: the catalog domains of the SDKs it names
   * (its ids, else its company's SDKs); when the catalog has none for them, their vendor's domains.
   * Empty when the catalog knows neither: then every transmission is undeclared (load warns).
   */
  catalogDestinations(entry: SharedEntry): string[] {
    const cached = this.destCache.get(entry);
    if (cached !== undefined) return cached;
    const out: string[] = [];
    if (this.catalog !== null) {
      const ids = new Set([...(entry.sdk !== undefined ? [entry.sdk] : []), ...(entry.sdks ?? [])]);
      if (ids.size === 0 && entry.company !== undefined) {
        for (const s of this.catalog.sdks) {
          if (this.companyMatches(entry.company, { vendor: s.entry.vendor ?? null, sdk: s.entry.id } as Actor)) ids.add(s.entry.id);
        }
      }
      const sdks = [...ids].map((id) => this.catalog!.byId.get(id)?.entry).filter((e) => e !== undefined);
      out.push(...sdks.flatMap((e) => e.domains ?? []));
      if (out.length === 0) {
        const vendors = new Set(sdks.map((e) => e.vendor).filter((v) => v !== undefined));
        out.push(...this.catalog.vendors.filter((v) => vendors.has(v.name)).flatMap((v) => v.domains));
      }
    }
    this.destCache.set(entry, out);
    return out;
  }

  /** Sharing entries the device cannot observe, with why (for the report). */
  unobservable(): { ref: string; why: 'server' | 'platform'; label: string }[] {
    const out: { ref: string; why: 'server' | 'platform'; label: string }[] = [];
    this.lists.sharing.forEach((s, i) => {
      const why = notObservable(s);
      if (why !== null) out.push({ ref: `$.sharing[${i}]`, why, label: s.name ?? s.company ?? s.sdk ?? s.sdks?.join(', ') ?? '?' });
    });
    return out;
  }

  /** JSON paths of the entries naming this actor. */
  entriesOf(actor: Actor): { collected: number[]; sharing: number[] } {
    const collected: number[] = [];
    const sharing: number[] = [];
    if (actor.party === 'first-party') {
      this.lists.collected.forEach((c, i) => {
        if (!namesCollector(c) && notObservable(c) === null) collected.push(i);
      });
    } else {
      this.lists.collected.forEach((c, i) => {
        if (namesCollector(c) && this.matches(c, actor)) collected.push(i);
      });
      this.lists.sharing.forEach((s, i) => {
        if (this.matches(s, actor)) sharing.push(i);
      });
    }
    return { collected, sharing };
  }

  private ownStatus(actor: Actor, dataType: string): { ref: string | null; listed: boolean } {
    const e = this.entriesOf(actor);
    for (const i of e.collected) if (this.lists.collected[i]!.dataTypes.includes(dataType)) return { ref: `$.collected[${i}]`, listed: true };
    for (const i of e.sharing) if (this.lists.sharing[i]!.dataTypes.includes(dataType)) return { ref: `$.sharing[${i}]`, listed: true };
    return { ref: null, listed: e.collected.length + e.sharing.length > 0 };
  }

  /** Whether `actor` collecting `dataType` is declared (by itself or an SDK on its chain). */
  collection(actor: Actor, chain: readonly string[], dataType: string): CollectionStatus {
    const own = this.ownStatus(actor, dataType);
    if (own.ref !== null) return { declared: true, via: actor.party === 'first-party' ? 'first-party' : 'sdk', ref: own.ref, listed: true };
    for (const id of chain) {
      const c = this.ownStatus(this.actors.get(id), dataType);
      if (c.ref !== null) return { declared: true, via: 'chain', ref: c.ref, listed: own.listed };
    }
    return { declared: false, via: null, ref: null, listed: own.listed };
  }

  private catalogHosts: Set<string> | null = null;

  /** Whether any catalog SDK or vendor claims the host (a label suffix of it). */
  private catalogClaims(host: string): boolean {
    if (this.catalog === null) return false;
    if (this.catalogHosts === null) {
      this.catalogHosts = new Set([...this.catalog.sdks.flatMap((s) => s.entry.domains ?? []), ...this.catalog.vendors.flatMap((v) => v.domains)].map(normalizeDomain));
    }
    const labels = normalizeDomain(host).split('.');
    for (let i = 0; i < labels.length - 1; i++) if (this.catalogHosts.has(labels.slice(i).join('.'))) return true;
    return false;
  }

  /**
   * Whether sending `dataType` to `host` is declared: an entry's "domains" cover the host, or, for
   * an entry without "domains", the catalog destinations of the SDKs it names do. Lists that do not
   * give the app's own servers (published lists never do): what the app's own code (`actor`
   * APP_ACTOR) sends to a host no catalog SDK or vendor claims is the app's collection, not sharing.
   */
  destination(host: string, dataType: string, actor?: string): DestinationStatus {
    const ownServer = this.lists.app.domains === undefined && actor === APP_ACTOR && !/^[\d.]+$|:/.test(host) && !this.catalogClaims(host);
    const firstParty = ownServer || this.appDomains.some((d) => domainCovers(d, host));
    const entries: string[] = [];
    let ref: string | null = null;
    this.lists.sharing.forEach((s, i) => {
      if (notObservable(s) !== null) return;
      const domains = s.domains ?? this.catalogDestinations(s);
      if (!domains.some((d) => domainCovers(d, host))) return;
      entries.push(`$.sharing[${i}]`);
      if (ref === null && s.dataTypes.includes(dataType)) ref = `$.sharing[${i}]`;
    });
    return { firstParty, entries, coversType: ref !== null, ref };
  }
}
