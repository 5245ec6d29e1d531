// Fills the launches and net_flows tables: the same facts as the events, shaped for the questions
// reports ask (which other apps were started, which destinations got data, over TLS or not).
import type { IngestItem, Stage } from '../types.js';
import type { AttributorLike } from './attribution.js';

/** "pkg/.Cls" or "pkg/pkg.Cls" -> "pkg" */
function componentPackage(component: string | undefined): string | null {
  if (component === undefined) return null;
  const slash = component.indexOf('/');
  return slash > 0 ? component.slice(0, slash) : null;
}

/** Destinations remembered per stage; cleared when full so memory stays bounded. */
const MAX_HOSTS = 10_000;

export class ProjectionStage implements Stage {
  readonly name = 'projections';
  /** SDK id the destination alone points to, per host (the domain rule is pure). */
  private readonly hostSdk = new Map<string, string | null>();

  constructor(private readonly attributor: AttributorLike | null) {}

  private domainSdk(host: string): string | null {
    let id = this.hostSdk.get(host);
    if (id === undefined) {
      id = this.attributor!.domain(host).sdk?.id ?? null;
      if (this.hostSdk.size >= MAX_HOSTS) this.hostSdk.clear();
      this.hostSdk.set(host, id);
    }
    return id;
  }

  enrich(item: IngestItem, ctx: { appPackage: string | null }): void {
    if (item.source !== 'agent') return;
    const ev = item.event as Extract<IngestItem['event'], { seq: number }>;
    if (ev.kind === 'launch' && ev.detail !== undefined) {
      const d = ev.detail;
      const target = d.package ?? componentPackage(d.component) ?? d.resolved?.find((p) => p !== ctx.appPackage) ?? d.resolved?.[0] ?? null;
      item.launch = {
        via: d.via,
        action: d.action ?? null,
        component: d.component ?? null,
        target_package: target,
        other_app: target !== null && ctx.appPackage !== null && target !== ctx.appPackage ? 1 : 0,
      };
    } else if (ev.kind === 'net' && ev.detail !== undefined) {
      const d = ev.detail;
      const domainSdk = d.host !== undefined && this.attributor !== null ? this.domainSdk(d.host) : null;
      item.net = {
        layer: d.layer,
        proto: d.proto,
        tls: d.tls ? 1 : 0,
        host: d.host ?? null,
        ip: d.ip ?? null,
        port: d.port ?? null,
        url: d.url ?? null,
        bytes: d.bytes ?? null,
        domain_sdk: domainSdk,
      };
    }
  }
}
