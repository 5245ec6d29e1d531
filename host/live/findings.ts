// Findings for the dashboard, from the reports engine (reports/model.ts runs every rule over the
// run). Recomputed while the run grows, on a read-only connection of its own. The engine is
// synchronous and takes seconds on runs of a million events, so in the built CLI it runs in a
// worker thread (the bundle starts itself as the worker) and never holds up ingest or the page;
// where that is impossible (sources run by a test runner) it runs in-process, spaced out by ten
// times its own cost.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { Store } from '../../store/db.js';
import type { FindingView, FindingsView } from './protocol.js';
import type { Finding } from '../../reports/engine.js';

const MAX_EVIDENCE_IDS = 20;
const WORKER_KIND = 'sdktrace-dashboard-findings';

export interface FindingsOptions {
  dbPath: string;
  runId: number;
  minIntervalMs?: number;
  /** 'auto' (default): a worker when the code is bundled, else in-process. */
  mode?: 'auto' | 'worker' | 'inline';
  onUpdate: (view: FindingsView) => void;
  log?: (line: string) => void;
  /** Pause between two runs in the worker, in multiples of the run's own duration. */
  workerFactor?: number;
}

/**
 * The worker waits 4x its run's duration before the next: at most a fifth of a core. It was 2x (a
 * third of a core, more as runs queue up); on a 2-core machine during a 10k events/s burst the
 * worker then took about 60% of a core (4.8 s of CPU in 7.6 s, bench/live.ts profile), taken from
 * ingest and the page. Findings are a snapshot; a few seconds older is fine during a burst.
 */
export const WORKER_FACTOR = 4;

type BuildReport = typeof import('../../reports/model.js').buildReport;

/** Long texts are cut for the page (a hostile app can make messages of any length). */
const cut = (v: string, max = 2000): string => v.slice(0, max);

/** The engine's findings (reports/engine.ts Finding) as the dashboard shows them. */
export function findingViews(findings: readonly Finding[]): FindingView[] {
  return findings.map((f) => ({
    id: cut(f.id, 200),
    rule: cut(f.rule, 200),
    severity: cut(f.severity, 20),
    title: cut(f.title.en, 300),
    actor: f.sdk === null ? null : cut(f.sdk.name ?? f.sdk.id, 200),
    dataType: f.dataType,
    phase: f.phase,
    count: f.count,
    message: cut(f.message),
    firstT: f.firstT,
    lastT: f.lastT,
    events: f.evidence.events.map((e) => e.id).slice(0, MAX_EVIDENCE_IDS),
  }));
}

/** Loads the engine and runs it over a run: the same code in the worker and in-process. */
class Engine {
  private store: Store | null = null;
  private build: BuildReport | null = null;

  constructor(
    private readonly dbPath: string,
    private readonly runId: number,
  ) {}

  async load(): Promise<void> {
    this.build = (await import('../../reports/model.js')).buildReport;
    // A second connection to a file its command already checked (quick_check at open).
    this.store = Store.open(this.dbPath, { readonly: true, check: 'none' });
  }

  compute(head: number): FindingsView {
    const t0 = performance.now();
    try {
      // In-thread network scan: this engine already runs off the main thread (or spaced out), and a
      // thread per recomputation would be paid again every few seconds.
      const model = this.build!(this.store!, this.runId, { networkScan: 'inline' });
      const rules = model.rules.map((r) => ({ id: cut(r.id, 200), title: cut(r.title.en, 300), evaluated: r.evaluated, reason: r.reason, findings: r.findings }));
      return { state: 'ready', reason: null, at: Date.now(), head, durationMs: Math.round(performance.now() - t0), findings: findingViews(model.findings), rules };
    } catch (e) {
      return { state: 'error', reason: `findings could not be computed: ${(e as Error).message}`.slice(0, 1000), at: Date.now(), head, durationMs: Math.round(performance.now() - t0), findings: [], rules: [] };
    }
  }

  close(): void {
    this.store?.close();
    this.store = null;
  }
}

type ToWorker = { type: 'compute'; head: number };
type FromWorker = { type: 'ready' } | { type: 'unavailable'; reason: string } | { type: 'result'; view: FindingsView };

// Inside the worker: load the engine, then answer compute requests one at a time.
if (!isMainThread && (workerData as { kind?: unknown } | null)?.kind === WORKER_KIND && parentPort !== null) {
  const port = parentPort;
  const data = workerData as { dbPath: string; runId: number };
  const engine = new Engine(data.dbPath, data.runId);
  engine.load().then(
    () => {
      port.postMessage({ type: 'ready' } satisfies FromWorker);
      port.on('message', (m: ToWorker) => {
        if (m.type === 'compute') port.postMessage({ type: 'result', view: engine.compute(m.head) } satisfies FromWorker);
      });
    },
    (e: Error) => port.postMessage({ type: 'unavailable', reason: `findings engine not available: ${e.message}` } satisfies FromWorker),
  );
}

/** Whether this module runs from the bundle (a worker can load it) rather than from sources. */
function bundled(): boolean {
  return !fileURLToPath(import.meta.url).endsWith('.ts');
}

export class FindingsWatcher {
  private view: FindingsView = { state: 'pending', reason: null, at: null, head: null, durationMs: null, findings: [], rules: [] };
  version = 0;
  private engine: Engine | null = null;
  private worker: Worker | null = null;
  private starting: Worker | null = null;
  private busy = false;
  private timer: NodeJS.Timeout | null = null;
  private wantHead = 0;
  private doneHead = -1;
  private nextAllowed = 0;
  private closed = false;
  /** How many times its own duration the engine waits between two runs. */
  private factor = 10;
  /** The same in a worker (o.workerFactor; default WORKER_FACTOR). */
  private readonly workerFactor: number;

  constructor(private readonly o: FindingsOptions) {
    this.workerFactor = o.workerFactor ?? WORKER_FACTOR;
  }

  get current(): FindingsView {
    return this.view;
  }

  /** 'worker' or 'inline' once started. */
  get mode(): 'worker' | 'inline' | null {
    return this.worker !== null ? 'worker' : this.engine !== null ? 'inline' : null;
  }

  private set(view: FindingsView): void {
    this.view = view;
    this.version++;
    this.o.onUpdate(view);
  }

  async start(): Promise<void> {
    const mode = this.o.mode ?? 'auto';
    if (mode === 'worker' || (mode === 'auto' && bundled())) {
      try {
        await this.startWorker();
        return;
      } catch (e) {
        if (mode === 'worker') throw e;
        this.o.log?.(`dashboard: findings run in-process (${(e as Error).message})`);
      }
    }
    try {
      const engine = new Engine(this.o.dbPath, this.o.runId);
      await engine.load();
      if (this.closed) return engine.close();
      this.engine = engine;
    } catch (e) {
      this.set({ ...this.view, state: 'unavailable', reason: `findings engine not available: ${(e as Error).message}` });
    }
  }

  private startWorker(): Promise<void> {
    return new Promise((resolve, reject) => {
      const w = new Worker(new URL(import.meta.url), { workerData: { kind: WORKER_KIND, dbPath: this.o.dbPath, runId: this.o.runId } });
      w.unref();
      this.starting = w;
      let started = false;
      w.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          started = true;
          this.starting = null;
          if (this.closed) return resolve();
          this.worker = w;
          this.factor = this.workerFactor;
          resolve();
        } else if (m.type === 'unavailable') {
          started = true;
          this.starting = null;
          if (this.closed) return resolve();
          this.worker = w;
          this.set({ ...this.view, state: 'unavailable', reason: m.reason });
          resolve();
        } else if (m.type === 'result') this.finish(m.view);
      });
      w.on('error', (e) => {
        this.starting = null;
        if (!started) return reject(e);
        this.o.log?.(`dashboard: the findings worker failed: ${e.message}`);
        this.set({ ...this.view, state: 'error', reason: `the findings worker failed: ${e.message}` });
        this.worker = null;
      });
    });
  }

  /** The run has events up to `head`: recompute when allowed. */
  poke(head: number): void {
    this.wantHead = Math.max(this.wantHead, head);
    this.plan();
  }

  private plan(): void {
    if (this.closed || this.busy || this.timer !== null || this.wantHead === this.doneHead) return;
    if (this.worker === null && this.engine === null) return;
    if (this.view.state === 'unavailable') return;
    const wait = Math.max(0, this.nextAllowed - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.compute();
    }, wait);
    this.timer.unref();
  }

  /** Runs the rules now (in the worker: asynchronously). */
  compute(): void {
    if (this.closed || this.busy) return;
    const head = this.wantHead;
    this.busy = true;
    if (this.worker !== null) this.worker.postMessage({ type: 'compute', head } satisfies ToWorker);
    else if (this.engine !== null) this.finish(this.engine.compute(head));
    else this.busy = false;
  }

  private finish(view: FindingsView): void {
    this.busy = false;
    if (this.closed) return;
    if (view.state === 'error') this.o.log?.(`dashboard: ${view.reason}`);
    this.set(view.state === 'error' ? { ...this.view, state: 'error', reason: view.reason, at: view.at, head: view.head } : view);
    this.doneHead = view.head ?? this.doneHead;
    const ms = view.durationMs ?? 0;
    this.nextAllowed = Date.now() + Math.max(this.o.minIntervalMs ?? 3000, ms * this.factor, view.state === 'error' ? 10_000 : 0);
    this.plan();
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    void this.worker?.terminate();
    void this.starting?.terminate();
    this.worker = null;
    this.starting = null;
    this.engine?.close();
    this.engine = null;
  }
}
