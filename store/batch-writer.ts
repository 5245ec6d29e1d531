// What the writer thread does with one batch, apart from the thread itself (store/writer-thread.ts
// owns the messages and the durability contract, store/writer.ts states it): one transaction that
// stores the batch's new stacks and attributions, appends its events to the chain, and records its
// hook counts, sequence bookkeeping and protocol errors. A failure that belongs to the batch's
// content (store/failure.ts) refuses the batch (store/refusal.ts) and the next one is written as
// usual; a failure of the store is thrown to the thread, which then stops writing. Its own module
// so that it can also run on one thread, replaying recorded batches (bench/profile-writer.ts),
// where the writer's CPU per event can be measured without the other thread's noise.
import type { Store, StackRef } from './db.js';
import { failureOf, isStorageFailure, type Failure } from './failure.js';
import { recordRefusal } from './refusal.js';
import { KeyedTexts, unpackEvents, type WriterBatch } from './writer.js';

type AttributionDef = WriterBatch['attributions'][number];

export class BatchWriter {
  /** Stack references and attribution ids by the main thread's run-local keys (no per-event string keys). */
  private readonly stacks = new Map<number, StackRef>();
  private readonly attributions = new Map<number, number>();
  /**
   * Attributions sent with a batch that was then refused (rolled back): the main thread takes them
   * as sent, so later batches use their keys without sending them again; each is stored when a
   * batch first uses it. Stacks need no such list: a refusal stores the refused batch's stacks.
   */
  private readonly unstoredAttributions = new Map<number, AttributionDef>();
  /** Attributions stored by the transaction under way, undone if it rolls back. */
  private readonly pending: AttributionDef[] = [];
  private readonly stackOf = (key: number): StackRef => {
    const ref = this.stacks.get(key);
    // A key is sent with the first batch that uses it and stored by it or by its refusal: a key
    // unknown here is a bug of ours, refused loudly rather than stored as an event without its stack.
    if (ref === undefined) throw new Error(`stack key ${key} was never sent to the writer`);
    return ref;
  };
  private readonly attributionOf = (key: number): number => this.attributions.get(key) ?? this.storeLater(key);
  /** The run-local text keys (api, hook, thread and the other columns of few values) and their names rows. */
  private readonly texts: KeyedTexts;

  constructor(private readonly store: Store) {
    this.texts = new KeyedTexts((text) => store.nameRef(text));
  }

  /**
   * Writes one batch in one transaction: its rows' ids, or, when its content is refused, the
   * failure and the id of the protocol error recorded in its place. Throws when the store fails
   * (then nothing of the batch is stored).
   */
  write(b: WriterBatch): { ids: number[] } | { refused: Failure; errorId: number } {
    // Before the transaction: the main thread takes the keys as sent, whatever becomes of the batch.
    this.texts.learn(b.events);
    try {
      const ids = this.store.transaction(() => this.writeBatch(b));
      for (const [key] of this.pending) this.unstoredAttributions.delete(key);
      this.pending.length = 0;
      return { ids };
    } catch (e) {
      // Rolled back: what the transaction stored is not there.
      for (const [key] of b.stacks) this.stacks.delete(key);
      this.texts.forgetNames();
      for (const def of this.pending) {
        this.attributions.delete(def[0]);
        this.unstoredAttributions.set(def[0], def);
      }
      this.pending.length = 0;
      if (isStorageFailure(e)) throw e;
      const refused = failureOf(e);
      const { errorId, stacks } = recordRefusal(this.store, b.runId, b.refusal, refused, { stacks: b.stacks.map(([, id, frames]) => [id, frames] as const), counts: b.counts, errors: b.errors }, null);
      b.stacks.forEach(([key], i) => this.stacks.set(key, stacks[i]!));
      return { refused, errorId };
    }
  }

  private writeBatch(b: WriterBatch): number[] {
    const store = this.store;
    // The main connection may have appended (a host event) since the last batch.
    store.forgetChainHeads();
    for (const [key, id, frames] of b.stacks) this.stacks.set(key, store.addStackRef(b.runId, id, frames));
    for (const def of b.attributions) this.storeAttribution(def);
    const ids = store.appendEvents(b.runId, unpackEvents(b.events, b.runId, this.stackOf, this.attributionOf, this.texts));
    for (const [processId, hook, calls, emitted] of b.counts) store.addHookCounts(b.runId, processId, hook, calls, emitted);
    if (b.seq !== null) store.advanceProcessSeq(b.seq[0], b.seq[1], b.seq[2]);
    for (const [processId, at, location, error, raw] of b.errors) store.protocolError(b.runId, processId, at, location, error, raw);
    return ids;
  }

  private storeAttribution(def: AttributionDef): number {
    const [key, party, via, frame, chain, json] = def;
    const id = this.store.addAttribution(party, via, frame, chain, json);
    this.attributions.set(key, id);
    this.pending.push(def);
    return id;
  }

  /** An attribution of a refused batch, stored now that a batch uses it. */
  private storeLater(key: number): number {
    const def = this.unstoredAttributions.get(key);
    if (def === undefined) throw new Error(`attribution key ${key} was never sent to the writer`);
    return this.storeAttribution(def);
  }
}
