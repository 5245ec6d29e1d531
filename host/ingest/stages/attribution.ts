// Links each event to the SDK responsible, through the attribution engine (attribution).
// Results are cached per code path (stack and origins; stack and destination; native module):
// the same code path gives the same answer. On the ingest path the stack is keyed by its stored
// integer reference (IngestItem.stackRef), so no key text is built per event; items without one
// (replay, events with origins) are keyed by their ids' text.
import type { Attribution, Attributor } from '../../../attribution/index.js';
import type { IngestItem, Stage } from '../types.js';

/** The attribution engine as this stage uses it (attribution's Attributor). */
export type AttributorLike = Pick<Attributor, 'stack' | 'native' | 'domain' | 'component'>;
export type AttributionResult = Attribution;

const MAX_CACHE = 100_000;

/** A result with the row columns it becomes, serialised once per cached result. */
interface Cached {
  r: AttributionResult;
  chain: string | null;
  json: string;
}

function cached(r: AttributionResult): Cached {
  return { r, chain: r.chain.length > 0 ? JSON.stringify(r.chain.map((c) => c.id)) : null, json: JSON.stringify(r) };
}

export class AttributionStage implements Stage {
  readonly name = 'attribution';
  /** By stack and origins (stack rule), by host and stack (domain rule), by module (native rule). */
  private readonly cache = new Map<string, Cached>();
  /** Stack rule by stack reference (no origins). */
  private readonly byRef = new Map<number, Cached>();
  /** Domain rule by stack reference (0: no stack), then host. */
  private readonly domainByRef = new Map<number, Map<string, Cached>>();
  private size = 0;

  constructor(private readonly attributor: AttributorLike) {}

  /** Room for one more cached result (all caches together stay under MAX_CACHE). */
  private room(): void {
    if (++this.size <= MAX_CACHE) return;
    this.cache.clear();
    this.byRef.clear();
    this.domainByRef.clear();
    this.size = 1;
  }

  private remember<K>(map: Map<K, Cached>, key: K, compute: () => AttributionResult): Cached {
    let c = map.get(key);
    if (c === undefined) {
      c = cached(compute());
      this.room();
      map.set(key, c);
    }
    return c;
  }

  private byStack(item: IngestItem): Cached | null {
    if (item.frames === null && item.originFrames.length === 0) return null;
    const compute = () => this.attributor.stack(item.frames ?? [], item.originFrames);
    const ref = item.stackRef?.ref;
    if (ref !== undefined && item.row.origins === null) return this.remember(this.byRef, ref, compute);
    return this.remember(this.cache, `s|${item.row.stack ?? ''}|${item.row.origins ?? ''}`, compute);
  }

  private byDomain(item: IngestItem, host: string): Cached {
    const compute = () => this.attributor.domain(host, item.frames ?? undefined);
    const ref = item.frames === null ? 0 : item.stackRef?.ref;
    if (ref === undefined) return this.remember(this.cache, `d|${item.row.stack ?? ''}|${host}`, compute);
    let hosts = this.domainByRef.get(ref);
    if (hosts === undefined) {
      hosts = new Map();
      this.domainByRef.set(ref, hosts);
    }
    return this.remember(hosts, host, compute);
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
        const module = d.module;
        c = this.remember(this.cache, `n|${module}`, () => this.attributor.native(module));
      } else if (d.host !== undefined) {
        c = this.byDomain(item, d.host);
      }
    } else if (ev.kind === 'lifecycle' && ev.detail?.type === 'process-start' && ev.detail.component !== undefined) {
      // What woke a process is decided by the woken component, not by the framework stack.
      const r = this.attributor.component(ev.detail.component);
      if (r.party !== 'platform') c = cached(r);
    }
    c ??= this.byStack(item);
    // Callbacks the framework makes into a component (a sticky Service's onStartCommand) have only
    // platform frames above the hook: the component the event names is what decides.
    if ((c === null || c.r.party === 'platform') && ev.kind === 'schedule' && ev.detail?.component !== undefined) {
      const component = ev.detail.component;
      const byComponent = this.remember(this.cache, `c|${component}`, () => this.attributor.component(component));
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
