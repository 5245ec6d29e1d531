// Live console output: one line per stored event (time, phase, SDK, data type, API, target), or
// NDJSON for scripts, plus per-SDK totals at the end of a run.
import type { IngestItem, Stage } from '../ingest/types.js';
import { printable, type Style } from './terminal.js';
import { actorId, countsForActor, partyActorLabel } from '../../analysis/actor.js';

export interface ConsoleOptions {
  mode: 'lines' | 'json' | 'quiet';
  style: Style;
  write: (s: string) => void;
}

interface SdkTotals {
  name: string;
  events: number;
  dataTypes: Set<string>;
}

function shortApi(api: string): string {
  // "android.telephony.TelephonyManager.getDeviceId(int)" -> "TelephonyManager.getDeviceId(int)"
  const paren = api.indexOf('(');
  const head = paren < 0 ? api : api.slice(0, paren);
  const parts = head.split('.');
  const tail = parts.slice(-2).join('.');
  return paren < 0 ? tail : tail + api.slice(paren);
}

function target(item: IngestItem): string {
  const d = (item.event as { detail?: Record<string, unknown> }).detail;
  if (d === undefined) return '';
  const pick = d.host ?? d.url ?? d.component ?? d.package ?? d.action ?? d.target ?? d.key ?? d.text ?? d.identifier ?? d.reason ?? '';
  return typeof pick === 'string' ? pick : String(pick);
}

export class ConsoleStage implements Stage {
  readonly name = 'console';
  /** Shows the SDK and phase these stages add. */
  readonly after = ['attribution', 'phase'];
  private readonly bySdk = new Map<string, SdkTotals>();
  private t0: number | null = null;

  constructor(private readonly opts: ConsoleOptions) {}

  committed(items: readonly IngestItem[]): void {
    for (const item of items) {
      this.count(item);
      if (this.opts.mode === 'json') this.opts.write(`${JSON.stringify(this.record(item))}\n`);
      else if (this.opts.mode === 'lines') this.opts.write(`${this.line(item)}\n`);
    }
  }

  problem(_p: unknown, location: string, error: string): void {
    if (this.opts.mode === 'lines') this.opts.write(`${this.opts.style.red('protocol error')} ${printable(location)}: ${printable(error)}\n`);
  }

  private count(item: IngestItem): void {
    // Totals are about what SDKs did: the one counting rule (analysis/actor.ts).
    if (!countsForActor(item.source, item.row.kind)) return;
    const key = actorId(item.row.sdk, item.row.party, item.attribution?.prefix ?? null);
    let t = this.bySdk.get(key);
    if (t === undefined) {
      t = { name: item.attribution?.sdk?.name ?? partyActorLabel(key) ?? key, events: 0, dataTypes: new Set() };
      this.bySdk.set(key, t);
    }
    t.events++;
    if (item.row.data_type !== null) t.dataTypes.add(item.row.data_type);
  }

  private record(item: IngestItem): Record<string, unknown> {
    const r = item.row;
    return {
      id: item.id,
      t: r.t,
      pid: r.pid,
      seq: r.seq,
      source: r.source,
      kind: r.kind,
      api: r.api,
      dataType: r.data_type,
      phase: r.phase,
      sdk: r.sdk,
      party: r.party,
      thread: r.thread,
      detail: r.detail === null ? null : JSON.parse(r.detail),
    };
  }

  private line(item: IngestItem): string {
    const s = this.opts.style;
    const r = item.row;
    this.t0 ??= r.t;
    const time = `+${((r.t - this.t0) / 1000).toFixed(3)}s`.padStart(10);
    const phase = (r.phase ?? '').padEnd(12);
    const who =
      item.source === 'host'
        ? s.magenta('device')
        : item.attribution?.sdk != null
          ? s.cyan(printable(item.attribution.sdk.name, 28))
          : r.party === 'first-party'
            ? s.green('app')
            : s.yellow(printable(r.party ?? 'unknown', 28));
    const dt = r.data_type !== null ? s.bold(r.data_type) : r.kind;
    const api = item.source === 'host' ? r.api ?? '' : shortApi(r.api ?? '');
    const tgt = target(item);
    const thread = r.thread !== null && r.thread !== '' ? s.dim(` [${printable(r.thread, 40)}]`) : '';
    return `${s.dim(time)} ${phase} ${who.padEnd(20)} ${dt} ${printable(api, 80)}${tgt !== '' ? ` -> ${printable(tgt, 80)}` : ''}${thread}`;
  }

  /** Per-SDK totals, printed when the run ends. */
  summary(): string {
    const s = this.opts.style;
    const rows = [...this.bySdk.values()].sort((a, b) => b.events - a.events);
    if (rows.length === 0) return 'no events recorded\n';
    const lines = rows.map((t) => `  ${printable(t.name, 40).padEnd(40)} ${String(t.events).padStart(7)}  ${[...t.dataTypes].sort().join(', ')}`);
    return `${s.bold('Per SDK')}\n${lines.join('\n')}\n`;
  }
}
