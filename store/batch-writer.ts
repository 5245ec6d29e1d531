// What the writer thread does with one batch, apart from the thread itself (store/writer-thread.ts
// owns the messages and the durability contract, store/writer.ts states it): one transaction that
// stores the batch's new stacks and attributions, appends its events to the chain, and records its
// hook counts, sequence bookkeeping and protocol errors. Its own module so that it can also run on
// one thread, replaying recorded batches (bench/profile-writer.ts), where the writer's CPU per
// event can be measured without the other thread's noise.
import type { Store, StackRef } from './db.js';
import { unpackEvents, type WriterBatch } from './writer.js';

export class BatchWriter {
  /** Stack references and attribution ids by the main thread's run-local keys (no per-event string keys). */
  private readonly stacks = new Map<number, StackRef>();
  private readonly attributions = new Map<number, number>();
  private readonly stackOf = (key: number) => this.stacks.get(key) ?? null;
  private readonly attributionOf = (key: number) => this.attributions.get(key) ?? null;

  constructor(private readonly store: Store) {}

  /** Writes one batch in one transaction and returns its rows' ids; throws (rolled back) when it fails. */
  write(b: WriterBatch): number[] {
    const store = this.store;
    return store.transaction(() => {
      // The main connection may have appended (a host event) since the last batch.
      store.forgetChainHeads();
      for (const [key, id, frames] of b.stacks) this.stacks.set(key, store.addStackRef(b.runId, id, frames));
      for (const [key, party, via, frame, chain, json] of b.attributions) this.attributions.set(key, store.addAttribution(party, via, frame, chain, json));
      const ids = store.appendEvents(b.runId, unpackEvents(b.events, b.runId, this.stackOf, this.attributionOf));
      for (const [processId, hook, calls, emitted] of b.counts) store.addHookCounts(b.runId, processId, hook, calls, emitted);
      if (b.seq !== null) store.setProcessSeq(b.seq[0], b.seq[1], b.seq[2]);
      for (const [processId, at, location, error, raw] of b.errors) store.protocolError(b.runId, processId, at, location, error, raw);
      return ids;
    });
  }
}
