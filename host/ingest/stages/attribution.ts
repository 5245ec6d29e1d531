// Links each event to the SDK responsible, through the attribution engine (attribution).
// Results are cached per code path (stack and origins; stack and destination; native module):
// the same code path gives the same answer. On the ingest path the stack is keyed by its stored
// integer reference (IngestItem.stackRef), so no key text is built per event; a single origin
// stack, the usual case, by its frames (IngestItem.originFrames[0], one array per stack id in
// ingest's cache: the engine's answer is a function of the frames and the origins' frames, and
// nothing else). Items without a reference (replay) or with several origins are keyed by their
// ids' text. Lookups come first and the engine is called only on a miss, so a cached event allocates
// nothing here. Results with the same JSON (38% of those computed on the bench's traffic) share
// one string: ingest interns the attributions it sends the writer by that text (store/db.ts
// AttributionInterner), and a shared string compares by identity, not by its ~600 characters.
// The stack rule's answer for a stack alone is kept per stack and handed to the domain rule, which
// would otherwise work it out again for every new destination of the stack.
import type { Attribution, Attributor } from '../../../attribution/index.js';
import type { Frame } from '../../../protocol/messages.js';
import type { IngestItem, Stage } from '../types.js';

/** The attribution engine as this stage uses it (attribution's Attributor). */
export type AttributorLike = Pick<Attributor, 'stack' | 'native' | 'domain' | 'component'>;
export type AttributionResult = Attribution;

const MAX_CACHE = 100_000;
const NO_ORIGINS: readonly (readonly Frame[])[] = Object.freeze([]);

/** A result with the row columns it becomes, serialised once per cached result. */
interface Cached {
  r: AttributionResult;
  chain: string | null;
  json: string;
}

export class AttributionStage implements Stage {
  readonly name = 'attribution';
  /** By stack and origins' text (stack rule, no reference), by host and stack (domain rule), by module (native rule), by component. */
  private readonly cache = new Map<string, Cached>();
  /** Stack rule by stack reference (no origins). */
  private readonly byRef = new Map<number, Cached>();
  /** Stack rule by stack reference, then the one origin stack's frames. */
  private readonly byRefOrigin = new Map<number, Map<readonly Frame[], Cached>>();
  /** Domain rule by stack reference (0: no stack), then host. */
  private readonly domainByRef = new Map<number, Map<string, Cached>>();
  /**
   * The stack rule's answer by stack reference, without origins: what byRef caches, and what the
   * domain rule asks again for every new destination of a stack (1,385 of its 2,436 calls on the
   * bench's 90k events were for a stack already attributed). Without the JSON: a stack seen only
   * in network events never needs it.
   */
  private readonly plainByRef = new Map<number, AttributionResult>();
  /** One string per distinct result JSON (see the top of this file). */
  private readonly texts = new Map<string, string>();
  private size = 0;

  constructor(private readonly attributor: AttributorLike) {}

  /** The cached form of a result, its JSON shared with every equal result's. */
  private cached(r: AttributionResult): Cached {
    const json = JSON.stringify(r);
    let text = this.texts.get(json);
    if (text === undefined) {
      if (this.texts.size >= MAX_CACHE) this.texts.clear();
      this.texts.set(json, json);
      text = json;
    }
    return { r, chain: r.chain.length > 0 ? JSON.stringify(r.chain.map((c) => c.id)) : null, json: text };
  }

  /** Caches a computed result (all caches together stay under MAX_CACHE entries). */
  private keep<K>(map: Map<K, Cached>, key: K, r: AttributionResult): Cached {
    if (++this.size > MAX_CACHE) {
      this.cache.clear();
      this.byRef.clear();
      this.byRefOrigin.clear();
      this.domainByRef.clear();
      this.plainByRef.clear();
      this.size = 1;
    }
    const c = this.cached(r);
    map.set(key, c);
    return c;
  }

  private byStack(item: IngestItem): Cached | null {
    const origins = item.originFrames;
    if (item.frames === null && origins.length === 0) return null;
    const ref = item.stackRef?.ref;
    if (ref !== undefined && origins.length === 0) return this.byRef.get(ref) ?? this.keep(this.byRef, ref, this.plainStack(ref, item.frames ?? []));
    if (ref !== undefined && origins.length === 1) {
      let byOrigin = this.byRefOrigin.get(ref);
      if (byOrigin === undefined) {
        byOrigin = new Map();
        this.byRefOrigin.set(ref, byOrigin);
      }
      const origin = origins[0]!;
      return byOrigin.get(origin) ?? this.keep(byOrigin, origin, this.attributor.stack(item.frames ?? [], origins));
    }
    const key = `s|${item.row.stack ?? ''}|${item.row.origins ?? ''}`;
    return this.cache.get(key) ?? this.keep(this.cache, key, this.attributor.stack(item.frames ?? [], origins));
  }

  private byDomain(item: IngestItem, host: string): Cached {
    const ref = item.frames === null ? 0 : item.stackRef?.ref;
    if (ref === undefined) {
      const key = `d|${item.row.stack ?? ''}|${host}`;
      return this.cache.get(key) ?? this.keep(this.cache, key, this.attributor.domain(host, item.frames ?? undefined));
    }
    let hosts = this.domainByRef.get(ref);
    if (hosts === undefined) {
      hosts = new Map();
      this.domainByRef.set(ref, hosts);
    }
    return hosts.get(host) ?? this.keep(hosts, host, this.attributor.domain(host, item.frames ?? undefined, item.frames === null ? undefined : this.plainStack(ref, item.frames)));
  }

  /** The stack rule's answer for a stack's frames alone (no origins), once per stack reference. */
  private plainStack(ref: number, frames: readonly Frame[]): AttributionResult {
    let r = this.plainByRef.get(ref);
    if (r === undefined) {
      // Origins none: the same answer as without them (no origin rule, no outer chain from them).
      r = this.attributor.stack(frames, NO_ORIGINS);
      this.plainByRef.set(ref, r);
    }
    return r;
  }

  enrich(item: IngestItem): void {
    if (item.source !== 'agent') return;
    const ev = item.event as Extract<IngestItem['event'], { seq: number }>;
    let c: Cached | null = null;
    if (ev.kind === 'net' && ev.detail !== undefined) {
      const d = ev.detail;
      // Native sends without a Java stack: the calling module decides. Otherwise the domain rule
      // (which lets the stack win and keeps the domain's answer as evidence). The same code path
      // to the same destination gives the same answer, so both are cached like stacks.
      if (d.module !== undefined && item.frames === null) {
        const key = `n|${d.module}`;
        c = this.cache.get(key) ?? this.keep(this.cache, key, this.attributor.native(d.module));
      } else if (d.host !== undefined) {
        c = this.byDomain(item, d.host);
      }
    } else if (ev.kind === 'lifecycle' && ev.detail?.type === 'process-start' && ev.detail.component !== undefined) {
      // What woke a process is decided by the woken component, not by the framework stack.
      const r = this.attributor.component(ev.detail.component);
      if (r.party !== 'platform') c = this.cached(r);
    }
    c ??= this.byStack(item);
    // Callbacks the framework makes into a component (a sticky Service's onStartCommand) have only
    // platform frames above the hook: the component the event names is what decides.
    if ((c === null || c.r.party === 'platform') && ev.kind === 'schedule' && ev.detail?.component !== undefined) {
      const key = `c|${ev.detail.component}`;
      const byComponent = this.cache.get(key) ?? this.keep(this.cache, key, this.attributor.component(ev.detail.component));
      if (byComponent.r.party !== 'platform') c = byComponent;
    }
    if (c === null) return;
    const { r } = c;
    const row = item.row;
    row.sdk = r.sdk?.id ?? null;
    row.party = r.party;
    row.via = r.via;
    row.frame = r.frame;
    row.chain = c.chain;
    row.attribution = c.json;
    item.attribution = r;
  }
}
