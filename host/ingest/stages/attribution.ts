// Links each event to the SDK responsible, through the attribution engine (host/attribution).
// Results are cached per (stack, origins): the same code path gives the same answer.
import type { Attribution, Attributor } from '../../attribution/index.js';
import type { IngestItem, Stage } from '../types.js';

/** The attribution engine as this stage uses it (host/attribution's Attributor). */
export type AttributorLike = Pick<Attributor, 'stack' | 'native' | 'domain' | 'component'>;
export type AttributionResult = Attribution;

const MAX_CACHE = 100_000;

export class AttributionStage implements Stage {
  readonly name = 'attribution';
  private readonly cache = new Map<string, AttributionResult>();

  constructor(private readonly attributor: AttributorLike) {}

  private byStack(item: IngestItem): AttributionResult | null {
    if (item.frames === null && item.originFrames.length === 0) return null;
    const key = `${item.row.stack ?? ''}|${item.row.origins ?? ''}`;
    let r = this.cache.get(key);
    if (r === undefined) {
      r = this.attributor.stack(item.frames ?? [], item.originFrames);
      if (this.cache.size >= MAX_CACHE) this.cache.clear();
      this.cache.set(key, r);
    }
    return r;
  }

  enrich(item: IngestItem): void {
    if (item.source !== 'agent') return;
    const ev = item.event as Extract<IngestItem['event'], { seq: number }>;
    let r: AttributionResult | null = null;
    if (ev.kind === 'net' && ev.detail !== undefined) {
      const d = ev.detail;
      // Native sends without a Java stack: the calling module decides. Otherwise the domain rule
      // (which lets the stack win and keeps the domain's answer as evidence).
      if (d.module !== undefined && item.frames === null) r = this.attributor.native(d.module);
      else if (d.host !== undefined) r = this.attributor.domain(d.host, item.frames ?? undefined);
    } else if (ev.kind === 'lifecycle' && ev.detail?.type === 'process-start' && ev.detail.component !== undefined) {
      // What woke a process is decided by the woken component, not by the framework stack.
      r = this.attributor.component(ev.detail.component);
      if (r.party === 'platform') r = null;
    }
    r ??= this.byStack(item);
    // Callbacks the framework makes into a component (a sticky Service's onStartCommand) have only
    // platform frames above the hook: the component the event names is what decides.
    if ((r === null || r.party === 'platform') && ev.kind === 'schedule' && ev.detail?.component !== undefined) {
      const c = this.attributor.component(ev.detail.component);
      if (c.party !== 'platform') r = c;
    }
    if (r === null) return;
    const row = item.row;
    row.sdk = r.sdk?.id ?? null;
    row.party = r.party;
    row.via = r.via;
    row.frame = r.frame;
    row.chain = r.chain.length > 0 ? JSON.stringify(r.chain.map((c) => c.id)) : null;
    row.attribution = JSON.stringify(r);
    item.attribution = r;
  }
}
