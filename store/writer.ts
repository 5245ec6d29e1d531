// The writer thread of a run, main-thread side. SQLite and the hash chain (canonical JSON and
// SHA-256) were about half of ingest's CPU (docs/benchmarks.md "Second pass"); here they run on a
// worker thread with a connection of its own (store/writer-thread.ts), while validation, stages
// and row building stay on the main thread.
//
// Durability contract: a batch is *acknowledged* when the writer has committed its transaction
// (WAL, synchronous=NORMAL: it survives a killed host, as a batch of the synchronous path does)
// and has answered with the ids SQLite gave its rows. Nothing is acknowledged earlier; `post`
// returns as soon as the batch is queued. Answers come back in order. A batch that fails is
// rolled back and answered with its error, and every batch after it is answered "not stored"
// without being written, so the committed rows always end on a valid chain head.
//
// Back-pressure: at most MAX_IN_FLIGHT batches are unanswered; `post` blocks the main thread
// (Atomics.wait on a shared counter) until half of them are answered, so memory stays bounded
// whatever the agent sends. The same counter lets `drain` block until every batch is answered
// (run end, Ctrl-C, before a write on the main connection).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { findInstallRoot } from '../install/root.js';
import type { AppendItem, EventRow } from './db.js';

/** Unanswered batches at most (each is one agent message, up to a few hundred events). */
export const MAX_IN_FLIGHT = 8;

/** With no answer for this long the writer is taken for dead (a commit takes milliseconds). */
const STALL_MS = 120_000;

/** The script the worker runs: dist/host/store-writer.js (scripts/build.mjs). */
const SCRIPT = 'store-writer.js';

/**
 * An event as posted: an array (cheaper to clone between threads than an object) in the order
 * packEvent writes and unpackEvent reads, the one place that order lives. The attribution
 * columns travel once per code path (WriterBatch.attributions) and each event carries its key:
 * the attribution JSON is ~600 bytes, the same for every event of a code path.
 */
export type PostedEvent = unknown[];

/** The main thread's side: the row, its stack's and attribution's run-local keys, its projections. */
export function packEvent(item: AppendItem, attributionKey: number | null): PostedEvent {
  const r = item.row;
  const l = item.launch;
  const n = item.net;
  return [
    r.run_id, r.source, r.process_id, r.pid, r.seq, r.t, r.tid, r.thread, r.kind, r.api, r.hook, r.data_type, r.args, r.ret, r.thrown,
    r.detail, r.stack, r.origins, r.phase, r.consent, r.foreground, r.sdk,
    item.stackRef?.ref ?? null, attributionKey,
    l === undefined ? null : [l.via, l.action, l.component, l.target_package, l.other_app, l.confirmed_event_id ?? null],
    n === undefined ? null : [n.layer, n.proto, n.tls, n.host, n.ip, n.port, n.url, n.bytes, n.domain_sdk],
  ];
}

type V = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- values as packEvent put them

/**
 * The writer's side: the item appendEvents takes, with the stack and attribution references the
 * writer resolved from their keys (`stackOf`, `attributionOf`).
 */
export function unpackEvent(e: readonly V[], stackOf: (key: number) => AppendItem['stackRef'], attributionOf: (key: number) => number | null): AppendItem {
  const row: EventRow = {
    run_id: e[0], source: e[1], process_id: e[2], pid: e[3], seq: e[4], t: e[5], tid: e[6], thread: e[7], kind: e[8], api: e[9], hook: e[10],
    data_type: e[11], args: e[12], ret: e[13], thrown: e[14], detail: e[15], stack: e[16], origins: e[17], phase: e[18], consent: e[19],
    foreground: e[20], sdk: e[21], party: null, via: null, frame: null, chain: null, attribution: null,
  };
  const item: AppendItem = { row, stackRef: e[22] === null ? null : stackOf(e[22]), attributionRef: e[23] === null ? null : attributionOf(e[23]) };
  const l = e[24] as V[] | null;
  const n = e[25] as V[] | null;
  if (l !== null) item.launch = { via: l[0], action: l[1], component: l[2], target_package: l[3], other_app: l[4], confirmed_event_id: l[5] };
  if (n !== null) item.net = { layer: n[0], proto: n[1], tls: n[2], host: n[3], ip: n[4], port: n[5], url: n[6], bytes: n[7], domain_sdk: n[8] };
  return item;
}

/** One transaction of the writer: what the synchronous path writes for one agent batch. */
export interface WriterBatch {
  runId: number;
  /** Stacks this run's ingest uses for the first time: [key, stack id, frames JSON]. */
  stacks: [number, string, string][];
  /** Attributions first used in this batch: [key, party, via, frame, chain, json]. */
  attributions: [number, string | null, string | null, string | null, string | null, string | null][];
  events: PostedEvent[];
  /** [process id, hook, calls, emitted] */
  counts: [number, string, number, number][];
  /** [process id, next seq, gaps] */
  seq: [number, number, number] | null;
  /** Protocol errors: [process id, host time, location, error, raw text] */
  errors: [number | null, number, string, string, string | null][];
}

/** The writer's answer to one batch, in posting order. */
export type WriterAnswer =
  | { no: number; ids: number[] }
  | { no: number; error: { name: string; code: string | null; message: string }; stored: false };

/** Main thread -> writer. */
export type ToWriter = { type: 'batch'; no: number; batch: WriterBatch } | { type: 'close' };

/** Shared counters: [batches answered, writer closed]. */
export const ANSWERED = 0;
export const CLOSED = 1;

/** Finds the built worker script next to this bundle or in the install folder's dist/host. */
export function writerScript(): string | null {
  const beside = join(dirname(fileURLToPath(import.meta.url)), SCRIPT);
  if (existsSync(beside)) return beside;
  const root = findInstallRoot();
  const installed = root === null ? null : join(root, 'dist', 'host', SCRIPT);
  return installed !== null && existsSync(installed) ? installed : null;
}

export class StoreWriter {
  private readonly worker: Worker;
  private readonly answers: MessagePort;
  private readonly shared = new Int32Array(new SharedArrayBuffer(8));
  private posted = 0;
  private taken = 0;
  private closed = false;
  /** An error the worker thread itself raised (it could not open the database, or crashed). */
  private dead: Error | null = null;

  /**
   * Starts the writer on `path` (a file the main thread has open and migrated). `onAnswer` runs
   * on the main thread's event loop when answers arrive while it is idle, so acknowledgements
   * are delivered without waiting for the next batch.
   */
  constructor(path: string, onAnswer: () => void) {
    const script = writerScript();
    if (script === null) throw new Error(`the store's writer thread is not built (dist/host/${SCRIPT} is missing); run \`npm run build\``);
    const { port1, port2 } = new MessageChannel();
    this.answers = port1;
    this.worker = new Worker(script, { workerData: { path, shared: this.shared.buffer, answers: port2 }, transferList: [port2] });
    // A wake-up only: the answers themselves are read synchronously from `answers`, in order.
    this.worker.on('message', () => onAnswer());
    this.worker.on('error', (e) => {
      this.dead = e;
      onAnswer();
    });
    this.worker.unref();
  }

  /** Batches posted and not answered yet. */
  get inFlight(): number {
    return this.posted - Atomics.load(this.shared, ANSWERED);
  }

  /** Queues one batch and returns its number (1, 2, ...); past MAX_IN_FLIGHT unanswered, blocks until half are answered. */
  post(batch: WriterBatch): number {
    if (this.closed) throw new Error('the store writer is closed');
    const no = ++this.posted;
    this.worker.postMessage({ type: 'batch', no, batch } satisfies ToWriter);
    // Full: wait until half are answered, not one, so a writer-bound run does not wake this
    // thread once per batch (each wake-up costs a trip through the scheduler on a busy machine).
    if (no - Atomics.load(this.shared, ANSWERED) > MAX_IN_FLIGHT) this.waitFor(no - MAX_IN_FLIGHT / 2);
    return no;
  }

  /** Blocks until every posted batch is answered. */
  drain(): void {
    this.waitFor(this.posted);
  }

  /** The answers that arrived, in order (never blocks). A dead worker answers every open batch with its error. */
  take(): WriterAnswer[] {
    const out: WriterAnswer[] = [];
    const answered = Atomics.load(this.shared, ANSWERED);
    while (this.taken < answered) {
      const m = receiveMessageOnPort(this.answers);
      // The answer is posted before the counter moves, so it is there; guard anyway.
      if (m === undefined) break;
      out.push(m.message as WriterAnswer);
      this.taken++;
    }
    if (this.dead !== null) {
      while (this.taken < this.posted) {
        this.taken++;
        out.push({ no: this.taken, error: { name: this.dead.name, code: 'WRITER_THREAD', message: `the writer thread failed: ${this.dead.message}` }, stored: false });
      }
    }
    return out;
  }

  private waitFor(no: number): void {
    let last = Atomics.load(this.shared, ANSWERED);
    let since = Date.now();
    while (last < no && this.dead === null) {
      Atomics.wait(this.shared, ANSWERED, last, 1000);
      const now = Atomics.load(this.shared, ANSWERED);
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since > STALL_MS) {
        // Its 'error' event cannot be seen while this thread blocks: give up rather than hang.
        this.dead = new Error(`no answer for ${STALL_MS / 1000} s (${last} of ${this.posted} batches answered)`);
      }
    }
  }

  /**
   * Drains, then closes the writer's connection (blocking until it is closed, so a reader or a
   * new writer opened next sees a quiet file). Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.drain();
    this.closed = true;
    if (this.dead === null) {
      this.worker.postMessage({ type: 'close' } satisfies ToWriter);
      for (let waited = 0; Atomics.load(this.shared, CLOSED) === 0 && waited < STALL_MS; waited += 1000) Atomics.wait(this.shared, CLOSED, 0, 1000);
    }
    // The listeners hold the ingest (its stages and caches): released now, not when the event
    // loop next turns and the thread has exited (a synchronous caller may not yield for long).
    this.worker.removeAllListeners();
    this.worker.on('error', () => undefined); // stopping: nothing is left to report to
    void this.worker.terminate();
    this.answers.close();
  }
}
