// Answers the declared lists' questions for the rules: is this data type declared for this
// actor (itself, or an SDK further out on its call chain)? Is this destination declared for this
// data type? Every answer names the entry that decided it (its JSON path).
import type { Actor, ActorDirectory } from '../../analysis/actor.js';
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
  /** Sharing entries whose domains cover the host. */
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

const normCompany = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s.,()（）]+/g, '');

export class Declarations {
  readonly lists: DeclaredLists;
  readonly appDomains: string[];

  constructor(readonly loaded: LoadedLists, private readonly actors: ActorDirectory) {
    this.lists = loaded.lists;
    this.appDomains = (this.lists.app.domains ?? []).map(normalizeDomain);
  }

  private matches(entry: CollectedEntry | SharedEntry, actor: Actor): boolean {
    if (actor.party === 'first-party') return false;
    if (entry.sdk !== undefined && entry.sdk === actor.sdk) return true;
    if (entry.packages !== undefined && actor.javaPrefixes.some((p) => entry.packages!.some((q) => prefixesOverlap(p, q)))) return true;
    const company = (entry as SharedEntry).company;
    if (company !== undefined && actor.vendor !== null && normCompany(company) === normCompany(actor.vendor)) return true;
    return false;
  }

  /** JSON paths of the entries naming this actor. */
  entriesOf(actor: Actor): { collected: number[]; sharing: number[] } {
    const collected: number[] = [];
    const sharing: number[] = [];
    if (actor.party === 'first-party') {
      this.lists.collected.forEach((c, i) => {
        if (c.sdk === undefined && c.packages === undefined) collected.push(i);
      });
    } else {
      this.lists.collected.forEach((c, i) => {
        if ((c.sdk !== undefined || c.packages !== undefined) && this.matches(c, actor)) collected.push(i);
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

  /** Whether sending `dataType` to `host` is declared. */
  destination(host: string, dataType: string): DestinationStatus {
    const firstParty = this.appDomains.some((d) => domainCovers(d, host));
    const entries: string[] = [];
    let ref: string | null = null;
    this.lists.sharing.forEach((s, i) => {
      if (!s.domains.some((d) => domainCovers(d, host))) return;
      entries.push(`$.sharing[${i}]`);
      if (ref === null && s.dataTypes.includes(dataType)) ref = `$.sharing[${i}]`;
    });
    return { firstParty, entries, coversType: ref !== null, ref };
  }
}
