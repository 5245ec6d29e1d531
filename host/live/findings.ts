// Findings for the dashboard, from the reports engine (reports/model.ts runs every rule over the
// run). Recomputed server-side while the run grows, on its own read-only connection, at most as
// often as its own cost allows: the engine is synchronous, so the pause between two computations
// is at least REFRESH_FACTOR times the last computation (and at least minIntervalMs).
import { Store } from '../store/db.js';
import type { FindingView, FindingsView } from './protocol.js';

const REFRESH_FACTOR = 10;
const MAX_EVIDENCE_IDS = 20;

export interface FindingsOptions {
  dbPath: string;
  runId: number;
  minIntervalMs?: number;
  onUpdate: (view: FindingsView) => void;
  log?: (line: string) => void;
}

type BuildReport = (store: Store, runId: number) => { findings?: unknown; rules?: unknown };

const text = (v: unknown, max = 2000): string => (typeof v === 'string' ? v.slice(0, max) : '');

/** Maps the engine's findings (reports/engine.ts Finding) onto the dashboard's view, defensively. */
export function findingViews(findings: unknown): FindingView[] {
  if (!Array.isArray(findings)) return [];
  return findings.map((f: Record<string, any>) => {
    const events = Array.isArray(f?.evidence?.events) ? (f.evidence.events as { id?: unknown }[]) : [];
    return {
      id: text(f.id, 200),
      rule: text(f.rule, 200),
      severity: text(f.severity, 20),
      title: text(f.title?.en ?? f.title, 300),
      actor: f.sdk == null ? null : text(f.sdk.name ?? f.sdk.id, 200),
      dataType: typeof f.dataType === 'string' ? f.dataType : null,
      phase: typeof f.phase === 'string' ? f.phase : null,
      count: typeof f.count === 'number' ? f.count : 0,
      message: text(f.message),
      firstT: typeof f.firstT === 'number' ? f.firstT : null,
      lastT: typeof f.lastT === 'number' ? f.lastT : null,
      events: events
        .map((e) => e?.id)
        .filter((id): id is number => typeof id === 'number')
        .slice(0, MAX_EVIDENCE_IDS),
    };
  });
}

export class FindingsWatcher {
  private view: FindingsView = { state: 'pending', reason: null, at: null, head: null, durationMs: null, findings: [], rules: [] };
  version = 0;
  private store: Store | null = null;
  private build: BuildReport | null = null;
  private timer: NodeJS.Timeout | null = null;
  private wantHead = 0;
  private doneHead = -1;
  private nextAllowed = 0;
  private closed = false;

  constructor(private readonly o: FindingsOptions) {}

  get current(): FindingsView {
    return this.view;
  }

  private set(view: FindingsView): void {
    this.view = view;
    this.version++;
    this.o.onUpdate(view);
  }

  /** Loads the engine; the panel says why when it cannot. */
  async start(): Promise<void> {
    try {
      const mod = (await import('../../reports/model.js')) as unknown as { buildReport?: unknown };
      if (typeof mod.buildReport !== 'function') throw new Error('reports/model.js has no buildReport');
      this.build = mod.buildReport as BuildReport;
      this.store = Store.open(this.o.dbPath, { readonly: true });
    } catch (e) {
      this.set({ ...this.view, state: 'unavailable', reason: `findings engine not available: ${(e as Error).message}` });
    }
  }

  /** The run has events up to `head`: recompute when allowed. */
  poke(head: number): void {
    this.wantHead = Math.max(this.wantHead, head);
    this.plan();
  }

  private plan(): void {
    if (this.closed || this.build === null || this.timer !== null || this.wantHead === this.doneHead) return;
    const wait = Math.max(0, this.nextAllowed - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.compute();
      this.plan();
    }, wait);
    this.timer.unref();
  }

  /** Runs the rules now (also used once when a finished run is served). */
  compute(): void {
    if (this.build === null || this.store === null || this.closed) return;
    const head = this.wantHead;
    const t0 = performance.now();
    try {
      const model = this.build(this.store, this.o.runId);
      const ms = performance.now() - t0;
      const rules = Array.isArray(model.rules)
        ? (model.rules as Record<string, any>[]).map((r) => ({
            id: text(r.id, 200),
            title: text(r.title?.en ?? r.title, 300),
            evaluated: r.evaluated === true,
            reason: typeof r.reason === 'string' ? r.reason : null,
            findings: typeof r.findings === 'number' ? r.findings : 0,
          }))
        : [];
      this.set({ state: 'ready', reason: null, at: Date.now(), head, durationMs: Math.round(ms), findings: findingViews(model.findings), rules });
      this.nextAllowed = Date.now() + Math.max(this.o.minIntervalMs ?? 3000, ms * REFRESH_FACTOR);
    } catch (e) {
      const ms = performance.now() - t0;
      this.set({ ...this.view, state: 'error', reason: `findings could not be computed: ${(e as Error).message}`.slice(0, 1000), at: Date.now(), head });
      this.o.log?.(`dashboard: findings failed: ${(e as Error).message}`);
      this.nextAllowed = Date.now() + Math.max(this.o.minIntervalMs ?? 3000, ms * REFRESH_FACTOR, 10_000);
    }
    this.doneHead = head;
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.store?.close();
    this.store = null;
  }
}
