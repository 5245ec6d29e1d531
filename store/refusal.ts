// A refused batch: one whose writing failed for a reason that belongs to its content, not to the
// store (store/failure.ts tells them apart). Its transaction was rolled back, so none of its events
// entered the hash chain and the chain head is unchanged; what is recorded instead, in a
// transaction of its own, is everything of the batch that is not an event (the stacks it brought,
// so that later events can still name them; its hook counts; the protocol errors found while
// reading it) and one protocol error naming the batch: the process, the seq range of the events
// lost, where in the message when that is known, and the failure. Its events count as missing
// (processes.seq_gaps), as events the agent never delivered do. Ingest's synchronous path and the
// writer thread (store/batch-writer.ts) both record a refusal here, so the stored rows are the same
// whichever path wrote the run. The main thread prepares the refusal (BatchRefusal) with the
// batch; the store fills in only the failure.
import type { StackRef, Store } from './db.js';
import type { Failure } from './failure.js';

/** What a refusal of one agent batch records besides the failure itself. */
export interface BatchRefusal {
  processId: number;
  pid: number;
  /** Host clock: the time the batch's protocol errors carry. */
  at: number;
  /** Where in the message the failure arose (`events[3]`) when known, else `events`. */
  location: string;
  /** The events the batch would have stored: how many, and the first and last seq (null when none). */
  events: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** The process's next expected seq after the batch, and the events missing since the last stored one: the gap before the batch and the batch's own. */
  nextSeq: number;
  gapsAdded: number;
}

/** A batch's hook counts: [process id, hook, calls, emitted]. */
export type HookCountRow = [number, string, number, number];
/** A protocol error found while reading a batch: [process id, host time, location, error, raw text]. */
export type BatchErrorRow = [number | null, number, string, string, string | null];

/** The parts of a refused batch that are kept: [stack id, frames JSON], hook counts, the batch's own protocol errors. */
export interface RefusedParts {
  stacks: readonly (readonly [string, string])[];
  counts: readonly HookCountRow[];
  errors: readonly BatchErrorRow[];
}

/**
 * The protocol error's text: the process, the events lost, the failure (SQLite's message names the
 * column). It begins "internal error": validation keeps every message-level failure from the store
 * (test/host/ingest-refusal.test.ts), so a refusal is a fault of the host, and is found as one.
 */
export function refusalError(r: BatchRefusal, f: Failure): string {
  const range = r.firstSeq === r.lastSeq ? `seq ${r.firstSeq}` : `seq ${r.firstSeq}..${r.lastSeq}`;
  const lost = r.events === 0 ? 'no events' : `${r.events} event${r.events === 1 ? '' : 's'} (${range})`;
  return `internal error: batch from pid ${r.pid} refused, ${lost} not stored: ${f.code ?? f.name}: ${f.message}`;
}

/**
 * Records a refused batch in one transaction (see the top of this file); returns the refusal's
 * protocol_errors id and the stored references of `parts.stacks`, in order. `raw`: the message as
 * received, or null when the caller sets it later (Store.setProtocolErrorRaw). Throws what the
 * store throws: a refusal that cannot be recorded is a failure of the run, not of the batch.
 */
export function recordRefusal(store: Store, runId: number, r: BatchRefusal, f: Failure, parts: RefusedParts, raw: string | null): { errorId: number; stacks: StackRef[] } {
  return store.transaction(() => {
    const stacks = parts.stacks.map(([id, frames]) => store.addStackRef(runId, id, frames));
    for (const [processId, hook, calls, emitted] of parts.counts) store.addHookCounts(runId, processId, hook, calls, emitted);
    for (const [processId, at, location, error, text] of parts.errors) store.protocolError(runId, processId, at, location, error, text);
    const errorId = store.protocolError(runId, r.processId, r.at, r.location, refusalError(r, f), raw);
    store.advanceProcessSeq(r.processId, r.nextSeq, r.gapsAdded);
    return { errorId, stacks };
  });
}
