// The writer thread of the writer-thread bench variant (bench/writer-variant/main.ts; issue 18's
// step 3, not landed): it receives each batch's rows from the main thread after validation,
// stages and interning, extends the hash chain (host/store/chain.ts, the same canonical form and
// SHA-256 as Store.appendEvents) and inserts them in one transaction, then acknowledges the batch
// only after its commit (a shared counter the main thread can block on). Names, attributions and
// stacks come once, with the ids the main thread gave them; event ids are the main thread's too
// and are checked against SQLite's. Bench only: no wellFormed() of app text (the seeded traffic
// is well-formed), no error rows, no recovery.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { CHAIN_GENESIS, chainHash, sha256Hex, type ChainedContent } from '../../host/store/chain.js';

export interface WriterBatch {
  names: [number, string][];
  attributions: [number, string | null, string | null, string | null, string | null, string | null][];
  stacks: [number, string, string][];
  /** [id, process_id, pid, seq, t, tid, thread_ref, kind, api_ref, hook_ref, data_type, args, ret, thrown, detail, stack_ref, origins, phase, consent, foreground, sdk, attribution_ref, net, source] */
  events: unknown[][];
  counts: [number, string, number, number][];
  seq: [number, number, number] | null;
}

const { path, runId, acked } = workerData as { path: string; runId: number; acked: SharedArrayBuffer };
const ack = new Int32Array(acked);
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const names = new Map<number, string>();
const shas = new Map<number, string>();
let head = CHAIN_GENESIS;
const insName = db.prepare('INSERT INTO names (id, text) VALUES (?, ?)');
const insAttribution = db.prepare('INSERT INTO attributions (id, party, via, frame, chain, json) VALUES (?, ?, ?, ?, ?, ?)');
const insStack = db.prepare('INSERT INTO stacks (run_id, id, frames, sha256) VALUES (?, ?, ?, ?)');
const insEvent = db.prepare(`INSERT INTO event_rows (id, run_id, source, process_id, pid, seq, t, tid, thread_ref, kind, api_ref, hook_ref, data_type, args, ret, thrown, detail,
  stack_ref, origins, phase, consent, foreground, sdk, attribution_ref, hash) VALUES (${new Array(25).fill('?').join(', ')})`);
const insNet = db.prepare('INSERT INTO net_flows (event_id, run_id, layer, proto, tls, host, ip, port, url, bytes, domain_sdk) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
const addCounts = db.prepare(`INSERT INTO hook_status (run_id, process_id, hook, class, method, state, overloads, calls, emitted)
  VALUES (?, ?, ?, '', '', 'installed', 0, ?, ?) ON CONFLICT (run_id, process_id, hook) DO UPDATE SET calls = calls + excluded.calls, emitted = emitted + excluded.emitted`);
const setSeq = db.prepare('UPDATE processes SET next_seq = ?, seq_gaps = ? WHERE id = ?');
const setHead = db.prepare('UPDATE runs SET chain_head = ? WHERE id = ?');

// FAIL_AT=n: the n-th batch throws after its rows are inserted (checks that the main thread gets
// a clear error and that the batches before it stay committed).
const failAt = Number(process.env.FAIL_AT ?? 0);
let batches = 0;
const write = db.transaction((b: WriterBatch) => {
  for (const [id, text] of b.names) {
    insName.run(id, text);
    names.set(id, text);
  }
  for (const a of b.attributions) insAttribution.run(a);
  for (const [ref, id, frames] of b.stacks) {
    const sha = sha256Hex(frames);
    insStack.run(runId, id, frames, sha);
    shas.set(ref, sha);
  }
  const name = (ref: unknown) => (ref === null ? null : names.get(ref as number)!);
  for (const e of b.events) {
    const stackRef = e[15] as number | null;
    const row: ChainedContent = {
      run_id: runId, source: e[23] as string, pid: e[2] as number, seq: e[3] as number, t: e[4] as number, tid: e[5] as number | null, thread: name(e[6]),
      kind: e[7] as string, api: name(e[8]), hook: name(e[9]), data_type: e[10] as string | null, args: e[11] as string | null, ret: e[12] as string | null,
      thrown: e[13] as string | null, detail: e[14] as string | null, stack: name(stackRef), origins: e[16] as string | null,
    };
    const hash = chainHash(head, row, stackRef === null ? null : shas.get(stackRef) ?? null);
    const id = Number(insEvent.run(e[0], runId, e[23], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8], e[9], e[10], e[11], e[12], e[13], e[14], e[15], e[16], e[17], e[18], e[19], e[20], e[21], hash).lastInsertRowid);
    if (id !== e[0]) throw new Error(`writer: event stored as ${id}, the main thread gave it ${String(e[0])}`);
    head = hash;
    const net = e[22] as unknown[] | null;
    if (net !== null) insNet.run(id, runId, ...net);
  }
  for (const [processId, hook, calls, emitted] of b.counts) addCounts.run(runId, processId, hook, calls, emitted);
  if (b.seq !== null) setSeq.run(b.seq[1], b.seq[2], b.seq[0]);
  setHead.run(head, runId);
  if (++batches === failAt) throw new Error(`FAIL_AT=${failAt}: batch ${batches} refused on purpose`);
});

let dead = false;
parentPort!.on('message', (b: WriterBatch | 'close') => {
  if (b === 'close') {
    db.close();
    parentPort!.postMessage('closed');
    return;
  }
  if (dead) return; // after a failure nothing more is stored: the chain would skip the lost batch
  const before = head;
  try {
    write(b);
  } catch (e) {
    head = before;
    dead = true;
    // Slot 1 tells a main thread blocked in Atomics.wait (it cannot see an 'error' event then);
    // the message says what failed. The batch was rolled back; earlier ones stay committed.
    parentPort!.postMessage({ error: (e as Error).message });
    Atomics.store(ack, 1, 1);
    Atomics.notify(ack, 0);
    return;
  }
  // Acknowledged only after the commit: the main thread counts a batch durable from here.
  Atomics.add(ack, 0, 1);
  Atomics.notify(ack, 0);
});
