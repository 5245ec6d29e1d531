// The network scan on a second core. scanNetwork (reports/flows.ts) does not depend on phases: it
// needs each event's actor and chain, kind, data type and time, which a connection of its own can
// read without the report's pass. At 1M events it was a third of the report's CPU (7.8 of 25.5 s),
// run after the pass on the same thread; here a worker thread (reports/scan-worker.ts, built as
// dist/host/network-scan.js) runs the same scanNetwork on its own read-only connection to the
// same file (WAL: readers do not block each other) from before the pass starts, and the rules'
// flows() accessor takes its result, blocking until it is there (buildReport is synchronous; the
// wait is Atomics.wait on a shared cell plus receiveMessageOnPort, as store/writer.ts waits).
//
// The thread is worth it only when the scan is long: a run with few network events, and the live
// findings worker (host/live/findings.ts, already off the main thread), scan in-thread. Whenever
// the thread cannot give the scan (its script is not built, the database is in memory, it failed
// or stopped answering, the run grew between its read and the pass's), the scan runs in-thread
// as before, and the reason is told (BuildOptions.onNetworkScan): a report is never built from a
// scan that may differ from the in-thread one. An error the scan itself raises (a damaged
// database) is raised again by that in-thread scan, so it is the same error, naming what and where.
//
// Memory: the scan allocates ~7 KB per network event, nearly all of it garbage (docs/benchmarks.md
// "Reports at 1M events", round 5), and it now runs while the pass's heap is at its largest. In
// the thread it is the thread's heap, freed whole when the thread ends right after it answered,
// and bounded (SCAN_RESOURCE_LIMITS) so that V8 collects it early instead of letting it grow
// to a few hundred MB; the thread's connection keeps a small page cache. At the bound the
// thread gives up before V8 would end it (scan-worker.ts) and the scan runs in-thread, under
// the process's own heap limit as it always did: a run whose scan needs more than the bound is
// reported as before, only later. docs/benchmarks.md "The network scan on a second core".
//
// A thread that dies without answering (V8 ends it when one allocation jumps past the bound
// between two of its heap checks, or something kills it) is seen by its OS thread's end, where
// Linux shows it: the thread publishes its thread id, and the blocked main thread, which cannot
// see the Worker's 'exit' or 'error' events, looks for it under /proc/self/task each second it
// waits (store/thread-end.ts ThreadEnd, which the store's writer thread uses too). Elsewhere, or
// if the thread died before publishing its id, its silence for STALL_MS is what tells, as before.
// Node lets the thread's heap run 16 MB past its bound so that V8 can end the thread; an
// allocation that lands further past it makes V8 abort the whole process, which nothing here can
// catch (docs/benchmarks.md "At the bound").
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import { builtScript } from '../install/root.js';
import type { Db, RunRow, Store } from '../store/db.js';
import { EVENT_ROWS } from '../store/rows.js';
import { ThreadEnd } from '../store/thread-end.js';
import type { FlowScan } from './flows.js';

/** The thread's script, written by scripts/build.mjs to dist/host (install/root.ts builtScript finds it). */
export const SCAN_SCRIPT = 'network-scan.js';

/**
 * `auto` (default): a thread when the run has at least THREAD_MIN_NET_EVENTS network events;
 * `thread`: a thread whatever the size (tests); `inline`: never a thread (the live findings worker).
 */
export type NetworkScanMode = 'auto' | 'thread' | 'inline';

/** Where the scan ran and why (BuildOptions.onNetworkScan). */
export interface NetworkScanNote {
  thread: boolean;
  /** A thread was wanted (by size, or asked for) and could not be used: the report took longer. */
  fellBack: boolean;
  reason: string;
}

/**
 * Network events from which `auto` scans on a thread. Starting the thread returned in 1-30 ms
 * and its table costs ~2 us per event of the scanned kinds (1.4 CPU s for 754k at 1M events);
 * the scan itself took 3.1 CPU s at 100k events (25.5k network events: building the matchers
 * for up to 5,000 values is a fixed part) and 7.8 s at 1M (257k), all of it off the main
 * thread's path. Below this a run is small (the bench's 100k-event run has 25,544, so its 10k run ~2,500), and a second
 * thread, its bundle, connection and table are not spent on it.
 */
export const THREAD_MIN_NET_EVENTS = 10_000;

/**
 * The thread's heap. The old generation's bound is what keeps the scan's garbage down: V8 sizes
 * its first full collections from it, and with the default (the process's limit, ~4 GB here) the
 * thread's heap grew to ~190 MB of mostly dead rows at 1M events; bounded at 1 GB it stayed
 * ~90 MB, as at 512 MB. The live data of a 1M-event scan is well under 128 MB (a run of that
 * bound completed). The young generation is 12 MB (4 MB semi-spaces; V8's default is 16 MB
 * semi-spaces): the thread's heap then ended at 56-68 MB at 1M events instead of 83-87 MB. It is
 * alive while the pass, the index and the first rules run, where the report's peak RSS is set
 * (docs/benchmarks.md "Peak RSS at 1M"). An earlier measure at load 6-9 put the cost of 8 MB
 * semi-spaces at 0.5-2.5 CPU s of the thread; the alternated runs of that section (load 6-8)
 * gave the thread 9.9-13.5 CPU s with 4 MB and 10.3-13.4 s with V8's default: no cost beyond
 * the load's spread.
 */
export const SCAN_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 12 } as const;

/** The share of its heap limit at which the thread gives up (scan-worker.ts), before V8 would end it. */
export const GIVE_UP_HEAP_SHARE = 0.85;

/**
 * With no sign of progress for this long the thread is taken for dead (it beats for every row it
 * reads): the rule where its end cannot be seen (ThreadEnd), or was not (a reused thread id).
 */
const STALL_MS = 120_000;

/**
 * Slots of the shared Int32Array: the thread's state (RUNNING, ANSWERED), its heartbeat count,
 * and its OS thread id (0 until it publishes one, and where the OS does not tell).
 */
export const STATE = 0;
export const BEATS = 1;
export const OS_THREAD = 2;
export const RUNNING = 0;
export const ANSWERED = 1;

/** The thread's heap: V8's bounds for it and the used heap at which it gives up. Tests shrink them. */
export interface ScanHeap {
  resourceLimits: ResourceLimits;
  /** Used heap at which the thread gives up and answers that it did (MB). */
  giveUpHeapMb: number;
}

/** What the thread is given (workerData). */
export interface ScanJob {
  path: string;
  runId: number;
  appPackage: string | null;
  shared: SharedArrayBuffer;
  answers: MessagePort;
  /** Used heap at which the thread gives up and answers that it did (MB). */
  giveUpHeapMb: number;
}

/** What waiting for the thread gave: its answer, or why there is none. */
type Waited = { answer: ScanAnswer } | { none: string };

/** The thread's one answer. `runEvents`: the run's events in the snapshot it read, to compare with the pass's count. */
export type ScanAnswer = { ok: true; scan: FlowScan; runEvents: number } | { ok: false; stage: 'open' | 'table' | 'scan'; error: string };

/** Whether a run has at least `n` network events: counts no further than `n` (the (run_id, kind) index). */
function netEventsAtLeast(db: Db, runId: number, n: number): { enough: boolean; seen: number } {
  const seen = db.prepare(`SELECT count(*) FROM (SELECT 1 FROM ${EVENT_ROWS} WHERE run_id = ? AND kind = 'net' LIMIT ?)`).pluck().get(runId, n) as number;
  return { enough: seen >= n, seen };
}

export class NetworkScanThread {
  private readonly shared = new Int32Array(new SharedArrayBuffer(12));
  private readonly answers: MessagePort;
  private readonly worker: Worker;
  private done = false;

  private constructor(script: string, job: Omit<ScanJob, 'shared' | 'answers'>, resourceLimits: ResourceLimits, private readonly note: (n: NetworkScanNote) => void) {
    const { port1, port2 } = new MessageChannel();
    this.answers = port1;
    const data: ScanJob = { ...job, shared: this.shared.buffer as SharedArrayBuffer, answers: port2 };
    // execArgv []: the parent's flags (`--input-type`, `--cpu-prof`) are not the thread's.
    this.worker = new Worker(script, { workerData: data, transferList: [port2], execArgv: [], resourceLimits: { ...resourceLimits } });
    // Its errors are read from its answer or its silence; an 'error' event nobody listens to would end the process.
    this.worker.on('error', () => undefined);
    this.worker.unref();
  }

  /**
   * Starts the scan of a run on a thread when `mode` and the run's size ask for one and it can
   * start; null (with the reason told) when the scan is to run in-thread. `heap`: a report's
   * bounds unless a test gives smaller ones.
   */
  static start(
    store: Store,
    run: Pick<RunRow, 'id' | 'package'>,
    mode: NetworkScanMode,
    note: (n: NetworkScanNote) => void,
    heap: Partial<ScanHeap> = {},
  ): NetworkScanThread | null {
    const resourceLimits = heap.resourceLimits ?? SCAN_RESOURCE_LIMITS;
    const giveUpHeapMb = heap.giveUpHeapMb ?? (resourceLimits.maxOldGenerationSizeMb ?? SCAN_RESOURCE_LIMITS.maxOldGenerationSizeMb) * GIVE_UP_HEAP_SHARE;
    const inThread = (reason: string, fellBack = true): null => {
      note({ thread: false, fellBack, reason });
      return null;
    };
    if (mode === 'inline') return inThread('in-thread scan asked for', false);
    if (mode === 'auto') {
      const size = netEventsAtLeast(store.db, run.id, THREAD_MIN_NET_EVENTS);
      if (!size.enough) return inThread(`${size.seen} network events (a thread from ${THREAD_MIN_NET_EVENTS})`, false);
    }
    if (store.path === '' || store.path === ':memory:') return inThread('the database is in memory: a thread cannot open it');
    const script = builtScript(SCAN_SCRIPT);
    if (script === null) return inThread(`the network scan's thread is not built (dist/host/${SCAN_SCRIPT} is missing; \`npm run build\` builds it)`);
    try {
      return new NetworkScanThread(script, { path: store.path, runId: run.id, appPackage: run.package, giveUpHeapMb }, resourceLimits, note);
    } catch (e) {
      return inThread(`the network scan's thread did not start (${(e as Error).message})`);
    }
  }

  /**
   * The thread's scan, waiting for it; null (with the reason told) when it cannot be used and the
   * scan is to run in-thread. `passEvents`: the run's events the pass read (RunAggregates.totals).
   */
  result(passEvents: number): FlowScan | null {
    const waited = this.await();
    this.dispose();
    const inThread = (reason: string): null => {
      this.note({ thread: false, fellBack: true, reason });
      return null;
    };
    if ('none' in waited) return inThread(waited.none);
    const { answer } = waited;
    if (!answer.ok) return inThread(`the network scan's thread failed (${answer.stage}: ${answer.error})`);
    // Runs only grow (ids ascend): two reads of the same count read the same events.
    if (answer.runEvents !== passEvents) return inThread(`the run changed while it was read (${answer.runEvents} events for the thread, ${passEvents} for the pass)`);
    this.note({ thread: true, fellBack: false, reason: 'scanned on a thread beside the pass' });
    return answer.scan;
  }

  /** Ends the thread if it still runs (the report failed before it needed the scan); idempotent. */
  dispose(): void {
    if (this.done) return;
    this.done = true;
    // Its heap is freed as it ends (it has answered, or it is stopped here mid-scan).
    void this.worker.terminate();
    this.answers.close();
  }

  /**
   * The answer, or why there is none. The thread dies without one only when V8 ends it at its
   * heap limit (ERR_WORKER_OUT_OF_MEMORY: one allocation took it from under GIVE_UP_HEAP_SHARE
   * past the limit between two beats) or something kills it; a blocked thread cannot see its
   * 'exit' or 'error' event, so its OS thread's end (ThreadEnd) tells, looked at each second,
   * or else its silence for STALL_MS.
   */
  private await(): Waited {
    let beats = Atomics.load(this.shared, BEATS);
    let since = Date.now();
    while (Atomics.load(this.shared, STATE) !== ANSWERED) {
      Atomics.wait(this.shared, STATE, RUNNING, 1000);
      // The thread posts its answer, then moves the state, then ends (ThreadEnd.endedWhile reads
      // the state again after seeing the end).
      const tid = ThreadEnd.endedWhile(this.shared, OS_THREAD, STATE, RUNNING);
      if (tid !== 0) {
        return { none: `the network scan's thread ended without answering (its OS thread ${tid} is gone: V8 ends a thread past its heap bound, or it was killed)` };
      }
      const now = Atomics.load(this.shared, BEATS);
      if (now !== beats) {
        beats = now;
        since = Date.now();
      } else if (Date.now() - since > STALL_MS) return { none: `the network scan's thread gave no sign of progress for ${STALL_MS / 1000} s` };
    }
    // The answer is posted before the state moves, so it is there.
    const m = receiveMessageOnPort(this.answers);
    return { answer: m === undefined ? { ok: false, stage: 'scan', error: 'no answer on its port' } : (m.message as ScanAnswer) };
  }
}
