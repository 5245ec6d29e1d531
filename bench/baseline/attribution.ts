// BASELINE COPY for bench/ingest.ts: today's ingest path as it was before issue 18 (git show
// c42f8c3:host/ingest/stages/attribution.ts), kept runnable so the bench measures the old and the new path in the same
// rounds. Not used by sdktrace itself; delete this folder once the targets are met.
// Links each event to the SDK responsible, through the attribution engine (attribution).
// Results are cached per code path (stack and origins; stack and destination; native module):
// the same code path gives the same answer.
import type { Attribution, Attributor } from '../../attribution/index.js';
import type { IngestItem, Stage } from '../../host/ingest/types.js';

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

  constructor(private readonly attributor: AttributorLike) {}

  private remember(key: string, compute: () => AttributionResult): Cached {
    let c = this.cache.get(key);
    if (c === undefined) {
      c = cached(compute());
      if (this.cache.size >= MAX_CACHE) this.cache.clear();
      this.cache.set(key, c);
    }
    return c;
  }

  private byStack(item: IngestItem): Cached | null {
    if (item.frames === null && item.originFrames.length === 0) return null;
    return this.remember(`s|${item.row.stack ?? ''}|${item.row.origins ?? ''}`, () => this.attributor.stack(item.frames ?? [], item.originFrames));
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
        c = this.remember(`n|${module}`, () => this.attributor.native(module));
      } else if (d.host !== undefined) {
        const host = d.host;
        c = this.remember(`d|${item.frames === null ? '' : (item.row.stack ?? '')}|${host}`, () => this.attributor.domain(host, item.frames ?? undefined));
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
      const byComponent = this.remember(`c|${component}`, () => this.attributor.component(component));
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
