// The writer thread of a run, main-thread side. SQLite and the hash chain (canonical JSON and
// SHA-256) were about half of ingest's CPU (docs/benchmarks.md "Second pass"); here they run on a
// worker thread with a connection of its own (store/writer-thread.ts), while validation, stages
// and row building stay on the main thread.
//
// Durability contract: a batch is *acknowledged* when the writer has committed its transaction
// (WAL, synchronous=NORMAL: it survives a killed host, as a batch of the synchronous path does)
// and has answered with the ids its rows were stored under. Nothing is acknowledged earlier; `post`
// returns as soon as the batch is queued. Answers come back in order. A batch that fails is
// rolled back. When the failure is the store's own (store/failure.ts: full, I/O error, ...), it is
// answered with its error and every batch after it is answered "not stored" without being written,
// so the committed rows always end on a valid chain head. When it belongs to the batch's content,
// the batch is *refused*: recorded as a protocol error in its place (store/refusal.ts), answered
// with that error, and the writer goes on with the next batch from the same chain head.
//
// Back-pressure: at most MAX_IN_FLIGHT batches are unanswered; `post` blocks the main thread
// (Atomics.wait on a shared counter) until half of them are answered, so memory stays bounded
// whatever the agent sends. The same counter lets `drain` block until every batch is answered
// (run end, Ctrl-C, before a write on the main connection).
//
// A writer that dies while the main thread blocks (its 'error' event cannot be seen then) is found
// by its OS thread's end: the thread publishes its id, and each second of a wait the main thread
// looks for it under /proc/self/task (store/thread-end.ts). Gone with batches unanswered, the
// writer is dead within about a second, and every open batch is answered "not stored" naming it.
// Where /proc does not show it, no answer for STALL_MS (120 s) is what tells.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { builtScript } from '../install/root.js';
import type { AppendItem, EventRow, NameRef } from './db.js';
import type { Failure } from './failure.js';
import type { BatchErrorRow, BatchRefusal, HookCountRow } from './refusal.js';
import { ThreadEnd } from './thread-end.js';

/** Unanswered batches at most (each is one agent message, up to a few hundred events). */
export const MAX_IN_FLIGHT = 8;

/**
 * With no answer for this long the writer is taken for dead (a commit takes milliseconds): the
 * rule where its thread's end cannot be seen (ThreadEnd), or was not (a reused thread id).
 */
const STALL_MS = 120_000;

/** The script the worker runs: dist/host/store-writer.js (scripts/build.mjs). */
const SCRIPT = 'store-writer.js';

/**
 * The events of one batch as posted: packed, not an array per event. Cloning one array of 26
 * values per event cost 5.3 us per event to build and serialize on the main thread and 7.6 to
 * read back on the writer; packed, 2.7 and 2.45 (medians of 8 alternated rounds, docs/
 * benchmarks.md "Fourth pass"). A batch's numbers are one typed array, transferred without a
 * copy, and its text columns one flat array. Numbers travel as float64 (every number a row holds
 * is a JSON number or an integer, so exact), with NaN for null (JSON has no NaN). The text is not
 * joined into one string: a batch's joined text is a large object (100-200 KB), and the main
 * thread's garbage collector ran twice as long with them. The attribution columns travel once per
 * code path (WriterBatch.attributions) and each event carries its key: the attribution JSON is
 * ~600 bytes, the same for every event of a code path. The columns of few distinct values
 * (source, thread, kind, api, hook, data type, phase, consent, SDK) travel as run-local keys
 * (TextKeys), each distinct text once per run, with the first batch that uses it: every string
 * cloned costs the serializer's per-value work on the main thread and a new string on the writer,
 * and the writer interned api, hook and thread into `names` by a string lookup per event; with a
 * key it finds the text and its names row by index (KeyedTexts). EventPacker writes the order
 * below and unpackEvents reads it: the one place that order lives.
 */
export interface PackedEvents {
  count: number;
  /**
   * Per event, NUMBERS_PER_EVENT: process_id, pid, seq, t, tid, foreground, stack key, attribution
   * key, then the text key of source, thread, kind, api, hook, data_type, phase, consent, sdk.
   */
  numbers: Float64Array<ArrayBuffer>;
  /** Per event, TEXTS_PER_EVENT: args, ret, thrown, detail, stack, origins. */
  texts: (string | null)[];
  /** The texts that got their run-local key in this batch: newTexts[i] is key firstNewKey + i. */
  newTexts: string[];
  firstNewKey: number;
  /** The projections, rare: [event index, via, action, component, target_package, other_app, confirmed_event_id]. */
  launches: [number, string, string | null, string | null, string | null, number, number | null][];
  /** [event index, layer, proto, tls, host, ip, port, url, bytes, domain_sdk] */
  nets: [number, string, string, number, string | null, string | null, number | null, string | null, number | null, string | null][];
}

const NUMBERS_PER_EVENT = 17;
const TEXTS_PER_EVENT = 6;

/**
 * Run-local text keys held at most; past that the keys start over from 0 (each text is sent again
 * with the next batch that uses it, and the writer's KeyedTexts overwrites the key). A run has a
 * few hundred distinct APIs, hooks and thread names; an app naming a thread per task could have more.
 */
const MAX_TEXT_KEYS = 100_000;

const num = (v: number | null): number => (v === null ? NaN : v);
const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/**
 * The main thread's run-local keys of the columns of few distinct values (one per Ingest, as its
 * writer thread is). Keys are handed out in order; the texts keyed by the batch being packed are
 * kept only when its packer finishes (the batch is then posted, and the writer learns them before
 * its transaction, so a refused batch teaches them too): a packer abandoned by a failure before
 * posting leaves its new keys unsent, and the next packer takes them back.
 */
export class TextKeys {
  private readonly keys = new Map<string, number>();
  /** By key. */
  private readonly texts: string[] = [];
  /** Keys below this were sent with a finished batch. */
  private sent = 0;

  /** Starts a batch: drops the keys of an abandoned one, and starts over when the keys are many. */
  begin(): void {
    if (this.texts.length > this.sent) {
      for (let k = this.sent; k < this.texts.length; k++) this.keys.delete(this.texts[k]!);
      this.texts.length = this.sent;
    }
    if (this.sent >= MAX_TEXT_KEYS) {
      this.keys.clear();
      this.texts.length = 0;
      this.sent = 0;
    }
  }

  /** The key of a text (a new one for a text not seen yet), NaN for null. */
  keyOf(v: string | null): number {
    if (v === null) return NaN;
    let k = this.keys.get(v);
    if (k === undefined) {
      k = this.texts.length;
      this.texts.push(v);
      this.keys.set(v, k);
    }
    return k;
  }

  /** The batch is packed: its new texts, to send with it. */
  finish(): { newTexts: string[]; firstNewKey: number } {
    const firstNewKey = this.sent;
    const newTexts = this.texts.slice(firstNewKey);
    this.sent = this.texts.length;
    return { newTexts, firstNewKey };
  }
}

/**
 * The writer's side of the run-local text keys: the text of each key, learnt from the batches
 * before their transactions (kept whatever becomes of the batch, as the main thread takes them as
 * sent), and, for api, hook and thread, the names row found for it (`nameOf`, inside a
 * transaction: forgotten when one rolls back, see forgetNames).
 */
export class KeyedTexts {
  private readonly texts: string[] = [];
  private readonly names: (NameRef | undefined)[] = [];

  constructor(private readonly nameOf: ((text: string) => NameRef) | null = null) {}

  /** The packed events' new keys. */
  learn(p: PackedEvents): void {
    const first = p.firstNewKey;
    const texts = p.newTexts;
    // Appended in order (the keys are consecutive), or overwritten after the keys started over.
    for (let i = 0; i < texts.length; i++) {
      this.texts[first + i] = texts[i]!;
      this.names[first + i] = undefined;
    }
  }

  text(key: number): string {
    const t = this.texts[key];
    // A key is sent with the first batch that uses it and learnt before that batch is written: a
    // key unknown here is a bug of ours, refused loudly rather than stored as other text.
    if (t === undefined) throw new Error(`text key ${key} was never sent to the writer`);
    return t;
  }

  /** The names row of a key's text, found (and stored if new) when first asked; undefined without `nameOf`. */
  name(key: number): NameRef | undefined {
    const n = this.names[key];
    if (n !== undefined || this.nameOf === null) return n;
    return (this.names[key] = this.nameOf(this.text(key)));
  }

  /** The transaction rolled back: the names rows it stored are not there. */
  forgetNames(): void {
    // Filled, not truncated: learn() writes at the next key, and a write far past the end would
    // turn the array into a sparse one for the rest of the run.
    this.names.fill(undefined);
  }
}

/**
 * The main thread's side: packs a batch's rows, with their stacks' and attributions' run-local
 * keys, for `post`. `reuse`: the text array of an earlier batch, already posted (postMessage
 * cloned it), written over instead of growing a new one: a batch's 3,840 pushed entries
 * allocated ~490 bytes per event in grown and copied backing stores (profile-ingest
 * HEAP_PROFILE, 2026-12-07). It is written in order, by index where it is long enough and pushed
 * past that, so it stays a packed array (see add); finish() trims what is left over. `keys`: the
 * run's text keys (Ingest keeps one for its writer); by default the packer's own, and every
 * text it keys is sent with its batch.
 */
export class EventPacker {
  private readonly numbers: Float64Array<ArrayBuffer>;
  private readonly texts: (string | null)[];
  private readonly launches: PackedEvents['launches'] = [];
  private readonly nets: PackedEvents['nets'] = [];
  private count = 0;

  constructor(
    readonly capacity: number,
    reuse: (string | null)[] | null = null,
    private readonly keys: TextKeys = new TextKeys(),
  ) {
    this.numbers = new Float64Array(capacity * NUMBERS_PER_EVENT);
    this.texts = reuse ?? [];
    keys.begin();
  }

  add(item: AppendItem, stackKey: number | null, attributionKey: number | null): void {
    const i = this.count++;
    if (i >= this.capacity) throw new Error(`EventPacker holds ${this.capacity} events; event ${i + 1} does not fit`);
    const r = item.row;
    const n = this.numbers;
    const keys = this.keys;
    let k = i * NUMBERS_PER_EVENT;
    n[k++] = num(r.process_id);
    n[k++] = num(r.pid);
    n[k++] = num(r.seq);
    n[k++] = r.t;
    n[k++] = num(r.tid);
    n[k++] = num(r.foreground);
    n[k++] = num(stackKey);
    n[k++] = num(attributionKey);
    n[k++] = keys.keyOf(r.source);
    n[k++] = keys.keyOf(r.thread);
    n[k++] = keys.keyOf(r.kind);
    n[k++] = keys.keyOf(r.api);
    n[k++] = keys.keyOf(r.hook);
    n[k++] = keys.keyOf(r.data_type);
    n[k++] = keys.keyOf(r.phase);
    n[k++] = keys.keyOf(r.consent);
    n[k] = keys.keyOf(r.sdk);
    const t = this.texts;
    let j = i * TEXTS_PER_EVENT;
    if (t.length >= j + TEXTS_PER_EVENT) {
      t[j++] = r.args;
      t[j++] = r.ret;
      t[j++] = r.thrown;
      t[j++] = r.detail;
      t[j++] = r.stack;
      t[j] = r.origins;
    } else {
      // Pushed, not written past the end: a holey array is cloned key by key (V8's serializer
      // writes arrays with holes the sparse way).
      t.length = j;
      t.push(r.args, r.ret, r.thrown, r.detail, r.stack, r.origins);
    }
    const l = item.launch;
    if (l !== undefined) this.launches.push([i, l.via, l.action, l.component, l.target_package, l.other_app, l.confirmed_event_id ?? null]);
    const net = item.net;
    if (net !== undefined) this.nets.push([i, net.layer, net.proto, net.tls, net.host, net.ip, net.port, net.url, net.bytes, net.domain_sdk]);
  }

  /** The packed events (the packer is spent: its numbers are transferred with the batch). */
  finish(): PackedEvents {
    const count = this.count;
    if (this.texts.length > count * TEXTS_PER_EVENT) this.texts.length = count * TEXTS_PER_EVENT;
    const { newTexts, firstNewKey } = this.keys.finish();
    return {
      count,
      numbers: this.numbers.subarray(0, count * NUMBERS_PER_EVENT),
      texts: this.texts,
      newTexts,
      firstNewKey,
      launches: this.launches,
      nets: this.nets,
    };
  }
}

/**
 * The writer's side: the items appendEvents takes, with the stack and attribution references
 * the writer resolved from their keys (`stackOf`, `attributionOf`), and the text keys resolved by
 * `texts` (the writer's, which learnt the batch's new keys before its transaction; by default one
 * that learns this batch's alone), with the names rows of api, hook and thread when it finds them.
 */
export function unpackEvents(
  p: PackedEvents,
  runId: number,
  stackOf: (key: number) => AppendItem['stackRef'],
  attributionOf: (key: number) => number | null,
  texts: KeyedTexts = learnt(p),
): AppendItem[] {
  const items: AppendItem[] = new Array(p.count);
  const n = p.numbers;
  const s = p.texts;
  const text = (v: number): string | null => (Number.isNaN(v) ? null : texts.text(v));
  const name = (v: number): NameRef | null | undefined => (Number.isNaN(v) ? null : texts.name(v));
  for (let i = 0; i < p.count; i++) {
    const k = i * NUMBERS_PER_EVENT;
    const m = i * TEXTS_PER_EVENT;
    const row: EventRow = {
      run_id: runId, process_id: orNull(n[k]!), pid: orNull(n[k + 1]!), seq: orNull(n[k + 2]!), t: n[k + 3]!, tid: orNull(n[k + 4]!), foreground: orNull(n[k + 5]!),
      source: text(n[k + 8]!)!, thread: text(n[k + 9]!), kind: text(n[k + 10]!)!, api: text(n[k + 11]!), hook: text(n[k + 12]!), data_type: text(n[k + 13]!),
      args: s[m]!, ret: s[m + 1]!, thrown: s[m + 2]!, detail: s[m + 3]!, stack: s[m + 4]!, origins: s[m + 5]!, phase: text(n[k + 14]!), consent: text(n[k + 15]!), sdk: text(n[k + 16]!),
      party: null, via: null, frame: null, chain: null, attribution: null,
    };
    const stackKey = orNull(n[k + 6]!);
    const attributionKey = orNull(n[k + 7]!);
    items[i] = {
      row,
      stackRef: stackKey === null ? null : stackOf(stackKey),
      attributionRef: attributionKey === null ? null : attributionOf(attributionKey),
      threadName: name(n[k + 9]!),
      apiName: name(n[k + 11]!),
      hookName: name(n[k + 12]!),
    };
  }
  for (const [i, via, action, component, target_package, other_app, confirmed_event_id] of p.launches) items[i]!.launch = { via, action, component, target_package, other_app, confirmed_event_id };
  for (const [i, layer, proto, tls, host, ip, port, url, bytes, domain_sdk] of p.nets) items[i]!.net = { layer, proto, tls, host, ip, port, url, bytes, domain_sdk };
  return items;
}

function learnt(p: PackedEvents): KeyedTexts {
  const texts = new KeyedTexts();
  texts.learn(p);
  return texts;
}

/** One transaction of the writer: what the synchronous path writes for one agent batch. */
export interface WriterBatch {
  runId: number;
  /** Stacks this run's ingest uses for the first time: [key, stack id, frames JSON]. */
  stacks: [number, string, string][];
  /** Attributions first used in this batch: [key, party, via, frame, chain, json]. */
  attributions: [number, string | null, string | null, string | null, string | null, string | null][];
  events: PackedEvents;
  /** [process id, hook, calls, emitted] */
  counts: HookCountRow[];
  /** [process id, next seq, events missing found by this batch] (Store.advanceProcessSeq) */
  seq: [number, number, number] | null;
  /** Protocol errors: [process id, host time, location, error, raw text] */
  errors: BatchErrorRow[];
  /** What to record if the batch's content is refused (store/refusal.ts). */
  refusal: BatchRefusal;
}

/** The writer's answer to one batch, in posting order. */
export type WriterAnswer =
  | { no: number; ids: number[] }
  /** Refused for its content and recorded as protocol error `errorId` (its raw text not set); the writer goes on. */
  | { no: number; refused: Failure; errorId: number }
  /** The store failed (or had failed): not stored, and nothing after it will be. */
  | { no: number; error: Failure; stored: false };

/** Main thread -> writer. */
export type ToWriter = { type: 'batch'; no: number; batch: WriterBatch } | { type: 'close' };

/**
 * Shared cells: batches answered, writer closed, and the writer's OS thread id (0 until it
 * publishes one, and where the OS does not tell).
 */
export const ANSWERED = 0;
export const CLOSED = 1;
export const OS_THREAD = 2;

/** Finds the built worker script next to this bundle or in the install folder's dist/host. */
export function writerScript(): string | null {
  return builtScript(SCRIPT);
}

export class StoreWriter {
  private readonly worker: Worker;
  private readonly answers: MessagePort;
  private readonly shared = new Int32Array(new SharedArrayBuffer(12));
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
    // execArgv [] : the writer needs no Node flags, and some of the parent's break a worker's start
    // (`--input-type`, used by `node -e` harnesses), whose 'error' event a blocked parent never sees.
    this.worker = new Worker(script, { workerData: { path, shared: this.shared.buffer, answers: port2 }, transferList: [port2], execArgv: [] });
    // A wake-up only: the answers themselves are read synchronously from `answers`, in order.
    this.worker.on('message', () => onAnswer());
    this.worker.on('error', (e) => {
      this.dead = e;
      onAnswer();
    });
    // It ends only when close() stops it, or by a crash ('error' above) or process.exit() in it;
    // seen here when the main thread is idle (while it blocks, waitFor sees the thread's end).
    this.worker.on('exit', (code) => {
      if (this.dead !== null) return;
      this.dead = new Error(`it exited (code ${code}) without being closed (${Atomics.load(this.shared, ANSWERED)} of ${this.posted} batches answered)`);
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
    // The numbers move to the writer (no copy); the text is cloned.
    this.worker.postMessage({ type: 'batch', no, batch } satisfies ToWriter, [batch.events.numbers.buffer]);
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
        continue;
      }
      const ended = ThreadEnd.endedWhile(this.shared, OS_THREAD, ANSWERED, last);
      if (ended !== 0) {
        this.dead = new Error(`its OS thread ${ended} ended without answering (${last} of ${this.posted} batches answered)`);
      } else if (Date.now() - since > STALL_MS) {
        // Its 'error' event cannot be seen while this thread blocks: give up rather than hang.
        this.dead = new Error(`no answer for ${STALL_MS / 1000} s (${last} of ${this.posted} batches answered)`);
      }
    }
  }

  /**
   * Drains, then closes the writer's connection (blocking until it is closed, so a reader or a
   * new writer opened next sees a quiet file). Idempotent. Returns why the writer did not close
   * cleanly (its thread failed or ended, before or while it was asked to close, or it did not
   * answer for STALL_MS), or null; what it answered stays answered either way.
   */
  close(): Error | null {
    if (this.closed) return this.dead;
    this.drain();
    this.closed = true;
    if (this.dead === null) {
      this.worker.postMessage({ type: 'close' } satisfies ToWriter);
      for (let waited = 0; Atomics.load(this.shared, CLOSED) === 0; waited += 1000) {
        if (waited >= STALL_MS) {
          this.dead = new Error(`no answer to close for ${STALL_MS / 1000} s (${Atomics.load(this.shared, ANSWERED)} of ${this.posted} batches answered)`);
          break;
        }
        Atomics.wait(this.shared, CLOSED, 0, 1000);
        const tid = ThreadEnd.endedWhile(this.shared, OS_THREAD, CLOSED, 0);
        if (tid !== 0) {
          this.dead = new Error(`its OS thread ${tid} ended without answering close (${Atomics.load(this.shared, ANSWERED)} of ${this.posted} batches answered)`);
          break;
        }
      }
    }
    // The listeners hold the ingest (its stages and caches): released now, not when the event
    // loop next turns and the thread has exited (a synchronous caller may not yield for long).
    this.worker.removeAllListeners();
    this.worker.on('error', () => undefined); // stopping: nothing is left to report to
    void this.worker.terminate();
    this.answers.close();
    return this.dead;
  }
}
