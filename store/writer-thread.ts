// The writer thread of a run (built as dist/host/store-writer.js; store/writer.ts starts it and
// states the durability contract). It owns a connection of its own to the project database and
// writes each batch the main thread posts in one transaction through the same Store methods the
// synchronous path uses (appendEvents extends the hash chain: canonical JSON and SHA-256 happen
// here), then answers with the rows' ids, and only then counts the batch answered. After a batch
// fails nothing more is written: the chain of what is stored stays valid.
import { workerData, parentPort, type MessagePort } from 'node:worker_threads';
import { Store, type StackRef } from './db.js';
import { ANSWERED, CLOSED, unpackEvents, type ToWriter, type WriterAnswer, type WriterBatch } from './writer.js';

const { path, shared, answers } = workerData as { path: string; shared: SharedArrayBuffer; answers: MessagePort };
const counters = new Int32Array(shared);

/** Stack references and attribution ids by the main thread's run-local keys (no per-event string keys). */
const stacks = new Map<number, StackRef>();
const attributions = new Map<number, number>();
const stackOf = (key: number) => stacks.get(key) ?? null;
const attributionOf = (key: number) => attributions.get(key) ?? null;

function write(store: Store, b: WriterBatch): number[] {
  return store.transaction(() => {
    // The main connection may have appended (a host event) since the last batch.
    store.forgetChainHeads();
    for (const [key, id, frames] of b.stacks) stacks.set(key, store.addStackRef(b.runId, id, frames));
    for (const [key, party, via, frame, chain, json] of b.attributions) attributions.set(key, store.addAttribution(party, via, frame, chain, json));
    const ids = store.appendEvents(b.runId, unpackEvents(b.events, b.runId, stackOf, attributionOf));
    for (const [processId, hook, calls, emitted] of b.counts) store.addHookCounts(b.runId, processId, hook, calls, emitted);
    if (b.seq !== null) store.setProcessSeq(b.seq[0], b.seq[1], b.seq[2]);
    for (const [processId, at, location, error, raw] of b.errors) store.protocolError(b.runId, processId, at, location, error, raw);
    return ids;
  });
}

function answer(a: WriterAnswer): void {
  // The answer first, then the counter: a main thread that sees the count can read the answer.
  answers.postMessage(a);
  Atomics.add(counters, ANSWERED, 1);
  Atomics.notify(counters, ANSWERED);
  parentPort!.postMessage(0);
}

function errorOf(e: unknown): { name: string; code: string | null; message: string } {
  const err: Error & { code?: unknown } = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, code: typeof err.code === 'string' ? err.code : null, message: err.message };
}

let store: Store | null = null;
/** Set by the first failure (or a database that cannot be opened): every later batch is refused with it. */
let failed: { name: string; code: string | null; message: string } | null = null;
try {
  store = Store.open(path, { check: 'none' });
} catch (e) {
  failed = errorOf(e);
}

parentPort!.on('message', (m: ToWriter) => {
  if (m.type === 'close') {
    try {
      store?.close();
    } finally {
      Atomics.store(counters, CLOSED, 1);
      Atomics.notify(counters, CLOSED);
    }
    return;
  }
  if (failed !== null || store === null) {
    answer({ no: m.no, error: failed ?? { name: 'Error', code: null, message: 'no database' }, stored: false });
    return;
  }
  try {
    answer({ no: m.no, ids: write(store, m.batch) });
  } catch (e) {
    failed = errorOf(e);
    answer({ no: m.no, error: failed, stored: false });
  }
});
