// The ingest path: every message from an agent (and every device event the host sees) is
// validated, numbered, enriched by the stages and committed in one transaction per message.
// Nothing here throws on bad input: problems are stored as protocol errors and the run goes on.
// A batch that cannot be stored for a reason that belongs to it (a value SQLite refuses, a stage
// of ours failing on strange content) is *refused*: rolled back whole, its events counted as
// missing, and recorded as a protocol error naming the process, the seq range and the failure
// (store/refusal.ts), the same on both paths below. A failure of the store itself (disk full, I/O
// error, database gone; store/failure.ts tells the two apart) is different: nothing more can be
// kept, so it ends the run (`failed`), and every message arriving after it is counted as not
// stored, never silently dropped.
//
// When it is durable. Without a writer thread, when `handle` returns. With one (`writer: true`,
// as runs are started: session/run.ts), an agent batch is validated, enriched and turned into
// rows on this thread and written by the writer thread (store/writer.ts: SQLite and the hash
// chain), and it is *acknowledged* when the writer answers that its transaction committed.
// Acknowledgement is what `committed` means for every stage: ids, totals.events, the stages'
// `problem` and `committed` hooks (the live dashboard, launch confirmation) all come after it, in
// order, never earlier. `settle()` waits for every batch posted so far; host events, protocol
// errors outside a batch and the host's own writes settle first, so the database sees everything
// in the order it happened. `close()` settles and stops the writer (run end, Ctrl-C, audit end:
// session/tracer.ts). A batch the writer refuses is recorded there in its place (the message as
// received, which only this thread holds, is added to that protocol error when the answer
// arrives) and the run goes on; a storage failure in the writer ends the run as one on this
// thread does, naming the batch, and the writer stores nothing after it, so the stored chain stays
// valid.
import type { AgentEvent, Batch, Frame } from '../../protocol/messages.js';
import type { MessageLike } from '../device/types.js';
import { AttributionInterner, dropQueryIndexes, type EventRow, type StackRef, type Store } from '../../store/db.js';
import { failureOf, isStorageFailure, type Failure } from '../../store/failure.js';
import { recordRefusal, refusalError, type BatchRefusal } from '../../store/refusal.js';
import { EventPacker, StoreWriter, TextKeys, type WriterAnswer, type WriterBatch } from '../../store/writer.js';
import { DeviceClock } from './clock.js';
import { decodeMessage, describe, type Problem } from './validate.js';
import type { HostEvent, IngestContext, IngestItem, ProcessContext, Stage } from './types.js';

export interface IngestOptions {
  appPackage: string | null;
  /** Host clock for protocol-error timestamps. */
  now?: () => number;
  /** The device's clock, when the host can read it exactly (emulated device). */
  deviceNow?: () => number;
  /**
   * Writes agent batches on a writer thread (store/writer.ts) instead of this thread: the run's
   * database must be a file. Off, `handle` returns once its batch committed (tests, tools).
   */
  writer?: boolean;
}

export interface IngestTotals {
  events: number;
  hostEvents: number;
  problems: number;
  gaps: number;
  /** Messages and host events that could not be stored because the store had failed. */
  unstored: number;
}

/** The store failed: the run cannot keep evidence any more. */
export interface StorageFailure {
  /** SQLite's code (SQLITE_FULL, SQLITE_IOERR_WRITE, ...) or the error's name. */
  code: string;
  message: string;
  /** Host clock. */
  at: number;
  /** The writer thread's batch that failed (1 = the run's first batch), or null: a write on this thread. */
  batch: number | null;
}

/** The run's end reason for a storage failure, naming SQLite's code. */
export function storageFailureReason(f: StorageFailure): string {
  return `storage failed: ${f.code}: ${f.message}`;
}

function storageFailure(e: unknown, at: number): StorageFailure {
  const err = e as Error & { code?: unknown };
  return { code: typeof err.code === 'string' ? err.code : err.name, message: err.message, at, batch: null };
}

function json(v: unknown): string | null {
  return v === undefined ? null : JSON.stringify(v);
}

function safeRaw(v: unknown): string {
  try {
    return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  } catch (e) {
    // Nested too deep to serialise (String() of such an array overflows too): the error row must
    // still be stored, so it says what the value was instead.
    try {
      return String(v);
    } catch {
      return `(${describe(v)} that cannot be serialised: ${(e as Error).message})`;
    }
  }
}

/**
 * Agent batches of at least this many events are pipelined: `handle` returns once the batch is
 * posted, and this thread works on the next while the writer commits it. Smaller ones are
 * acknowledged before `handle` returns, as without a writer. The agent sends full batches (256)
 * only under load (agent/core/config.ts: 256 events or 50 ms), where overlapping the two threads
 * pays; at lower rates a commit costs little and the stages see each batch at once.
 */
export const PIPELINE_FROM = 64;

const NO_ORIGINS: readonly (readonly Frame[])[] = Object.freeze([]);

/** A batch posted to the writer thread and not acknowledged yet. */
interface InFlight {
  readonly no: number;
  readonly process: ProcessContext;
  readonly items: IngestItem[];
  readonly problems: Problem[];
  /** What the writer records if it refuses the batch, the events missing this thread already counted for it, the message as received. */
  readonly refusal: BatchRefusal;
  readonly gapsCounted: number;
  readonly raw: unknown;
}

/** A process's seq bookkeeping before a batch: restored when the store fails, completed when the batch is refused. */
interface SeqBefore {
  readonly nextSeq: number;
  readonly gaps: number;
  readonly totalGaps: number;
}

/** A stage's enrich threw on one event: a bug of ours that this content set off. Names the event and the stage. */
class StageError extends Error {
  override readonly name = 'StageError';
  constructor(
    readonly location: string,
    stage: string,
    cause: unknown,
  ) {
    super(`stage ${stage} failed on ${location}: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`, { cause });
  }
}

/** A stack of the run: its frames, their JSON as stored, and its stored reference. */
interface KnownStack {
  readonly frames: readonly Frame[];
  readonly json: string;
  readonly ref: StackRef;
}

// Per-event objects are class instances, not object literals. V8 tracks each object literal's
// allocation site and, when most of a site's recent objects are alive at a young collection, starts
// allocating that site's objects directly in the old generation ("pretenuring"). In most runs of
// the bench it did so for sites on this path (node --trace-pretenuring-statistics): each item then
// died in the old generation still pointing at its young event, row and JSON texts, and the young
// collector treats old-to-young pointers as roots, so every scavenge copied ~5 MB of dead events
// and promoted ~5 MB more (--trace-gc-nvp): 4.6-10 us of the main thread's GC per event, against
// ~1 us with the row and item built by `new`, which has no allocation site (docs/benchmarks.md,
// "Sixth pass").

/** An agent event's row, every column in it from the start (stages fill the analysis columns). */
class AgentRow implements EventRow {
  readonly run_id: number;
  readonly source = 'agent';
  readonly process_id: number;
  readonly pid: number;
  readonly seq: number;
  readonly t: number;
  readonly tid: number;
  readonly thread: string;
  readonly kind: string;
  readonly api: string;
  readonly hook: string | null;
  readonly data_type: string | null;
  readonly args: string | null;
  readonly ret: string | null;
  readonly thrown: string | null;
  readonly detail: string | null;
  readonly stack: string | null;
  readonly origins: string | null;
  phase: string | null = null;
  consent: string | null = null;
  foreground: number | null = null;
  sdk: string | null = null;
  party: string | null = null;
  via: string | null = null;
  frame: string | null = null;
  chain: string | null = null;
  attribution: string | null = null;

  constructor(runId: number, process: ProcessContext, ev: AgentEvent, stack: string | null) {
    this.run_id = runId;
    this.process_id = process.id;
    this.pid = process.pid;
    this.seq = ev.seq;
    this.t = ev.t;
    this.tid = ev.tid;
    this.thread = ev.thread;
    this.kind = ev.kind;
    this.api = ev.api;
    this.hook = ev.hook ?? null;
    this.data_type = ev.dataType ?? null;
    this.args = json(ev.args);
    this.ret = json(ev.ret);
    this.thrown = ev.thrown ?? null;
    this.detail = json(ev.detail);
    this.stack = stack;
    this.origins = json(ev.origins);
  }
}

/**
 * An agent event travelling through the stages; every field the stages and the acknowledgement set
 * later is declared here, so the shape never changes after construction.
 */
class AgentItem implements IngestItem {
  readonly source = 'agent';
  launch: IngestItem['launch'] = undefined;
  net: IngestItem['net'] = undefined;
  attribution: IngestItem['attribution'] = undefined;
  id: number | undefined = undefined;

  constructor(
    readonly process: ProcessContext,
    readonly event: AgentEvent,
    readonly row: AgentRow,
    public frames: readonly Frame[] | null,
    public stackRef: StackRef | null,
    public originFrames: readonly (readonly Frame[])[],
  ) {}
}

export class Ingest {
  readonly ctx: IngestContext;
  readonly totals: IngestTotals = { events: 0, hostEvents: 0, problems: 0, gaps: 0, unstored: 0 };
  /** Set once the store failed; from then on nothing is stored. */
  failure: StorageFailure | null = null;
  /** Resolves when the store fails (the run must end). */
  readonly failed: Promise<StorageFailure>;
  private failedResolve!: (f: StorageFailure) => void;
  private readonly stages: Stage[];
  /** Frames and stored reference by stack id for this run (stack ids are content ids, shared by the app's processes). */
  private readonly frames = new Map<string, KnownStack>();
  /** Stacks first seen in the batch being stored. */
  private readonly added = new Map<string, KnownStack>();
  private readonly now: () => number;
  /** Device time, for events the host observes (see clock.ts). */
  readonly deviceClock: DeviceClock;
  /** The writer thread (options.writer), until close(). */
  private writer: StoreWriter | null = null;
  /** Batches posted to the writer, oldest first, until acknowledged. */
  private readonly inFlight: InFlight[] = [];
  /** Set while acknowledgements are delivered (a stage writing then must not deliver again). */
  private delivering = false;
  /** With a writer: the run-local key of each stack (StackRef.ref), which the writer maps to its stored reference. */
  private stackKeys = 0;
  /** With a writer: run-local keys of the attributions sent (content not seen yet goes with its batch). */
  private readonly attributionKeys = new AttributionInterner();
  private attributionCount = 0;
  /** The text array of the last batch posted, for the next one to reuse (store/writer.ts EventPacker). */
  private postedTexts: (string | null)[] | null = null;
  /** With a writer: run-local keys of api, hook, thread and the other columns of few values (store/writer.ts TextKeys). */
  private readonly textKeys = new TextKeys();

  constructor(
    readonly store: Store,
    readonly runId: number,
    stages: readonly Stage[],
    options: IngestOptions,
  ) {
    this.stages = [...stages];
    checkStageOrder(this.stages);
    this.failed = new Promise((resolve) => (this.failedResolve = resolve));
    this.ctx = { runId, store, appPackage: options.appPackage };
    this.now = options.now ?? Date.now;
    this.deviceClock = new DeviceClock(this.now, options.deviceNow ?? null);
    // While the run ingests, only the indexes ingest needs exist (store/schema.ts QUERY_INDEXES);
    // Store.endRun builds the others. Failing to drop them costs speed, not evidence.
    try {
      dropQueryIndexes(store.db);
    } catch (e) {
      if (!isStorageFailure(e)) throw e;
    }
    // An in-memory database cannot be shared with another connection: it is written here.
    if (options.writer === true && store.path !== ':memory:' && store.path !== '') {
      this.writer = new StoreWriter(store.path, () => this.deliver());
      // Every write of this thread's connection waits for the writer to be idle (store/db.ts).
      store.setBeforeWrite(() => this.settle());
    }
  }

  /**
   * Waits until every batch posted to the writer is answered and delivers the acknowledgements
   * (ids, totals, the stages' hooks). Without a writer there is nothing to wait for.
   */
  settle(): void {
    if (this.writer === null) return;
    this.writer.drain();
    this.deliver();
  }

  /** Settles, then stops the writer thread; later agent batches are written on this thread. Idempotent. */
  close(): void {
    if (this.writer === null) return;
    this.settle();
    this.store.setBeforeWrite(null);
    this.writer.close();
    this.writer = null;
  }

  /** Delivers the writer's answers that arrived (never blocks). */
  private deliver(): void {
    if (this.writer === null || this.delivering) return;
    this.delivering = true;
    try {
      for (const answer of this.writer.take()) this.acknowledged(answer);
    } finally {
      this.delivering = false;
    }
  }

  private acknowledged(answer: WriterAnswer): void {
    const batch = this.inFlight.shift();
    if (batch === undefined || batch.no !== answer.no) throw new Error(`writer answered batch ${answer.no}, expected ${batch?.no ?? 'none'}`);
    if ('refused' in answer) {
      // Recorded by the writer in its place; the message as received is only here.
      const text = batch.raw === null || batch.raw === undefined ? null : safeRaw(batch.raw);
      if (text !== null) this.write(() => this.store.setProtocolErrorRaw(answer.errorId, text));
      this.refused(batch.process, batch.problems, batch.refusal, answer.refused, batch.gapsCounted);
      return;
    }
    if (!('ids' in answer)) {
      // The failed batch and every one posted after it: not stored, counted.
      this.totals.unstored++;
      if (this.failure === null) {
        const { code, name, message } = answer.error;
        this.failure = { code: code ?? name, message, at: this.now(), batch: answer.no };
        this.failedResolve(this.failure);
      }
      return;
    }
    const { process, items, problems } = batch;
    for (let i = 0; i < items.length; i++) items[i]!.id = answer.ids[i];
    this.totals.events += items.length;
    this.totals.problems += problems.length;
    try {
      for (const p of problems) for (const s of this.stages) s.problem?.(process, p.location, p.error, this.ctx);
      for (const s of this.stages) s.committed?.(items, this.ctx);
    } catch (e) {
      // As on the synchronous path (handle), a bug of ours is kept as a protocol error.
      this.problem(process, 'host', `internal error after storing batch ${answer.no}: ${(e as Error).stack ?? e}`, null);
    }
  }

  /** Adds a stage after the existing ones (live outputs joining a running run, e.g. a dashboard). */
  addStage(stage: Stage): void {
    checkStageOrder([...this.stages, stage]);
    this.stages.push(stage);
  }

  /** Removes a stage added with addStage. */
  removeStage(stage: Stage): void {
    const i = this.stages.indexOf(stage);
    if (i >= 0) this.stages.splice(i, 1);
  }

  /** Handles one message from a script's `message` signal. */
  handle(process: ProcessContext, message: MessageLike | unknown, data: Buffer | null = null): void {
    this.deliver();
    if (this.failure !== null) {
      this.totals.unstored++;
      return;
    }
    try {
      this.handleUnsafe(process, message, data);
    } catch (e) {
      if (this.storageFailed(e)) {
        this.totals.unstored++;
        return;
      }
      // A bug of ours must not end the run or lose the message: keep it as a protocol error.
      this.problem(process, 'host', `internal error while ingesting: ${(e as Error).stack ?? e}`, message);
    }
  }

  /**
   * Records a storage failure (once) when `e` is one; returns whether it was. After the first
   * failure every later write is refused.
   */
  storageFailed(e: unknown): boolean {
    if (!isStorageFailure(e)) return false;
    if (this.failure === null) {
      this.failure = storageFailure(e, this.now());
      this.failedResolve(this.failure);
    }
    return true;
  }

  /**
   * Runs a write of the host's own (process rows, run fields) under the same rule as ingest: a
   * storage failure ends the run instead of being thrown at the caller. Returns undefined when
   * the store has failed (now or before); other errors are thrown.
   */
  write<T>(fn: () => T): T | undefined {
    this.settle();
    if (this.failure !== null) return undefined;
    try {
      return fn();
    } catch (e) {
      if (this.storageFailed(e)) return undefined;
      throw e;
    }
  }

  private handleUnsafe(process: ProcessContext, message: unknown, _data: Buffer | null): void {
    if (typeof message !== 'object' || message === null) {
      this.problem(process, '', 'message is not an object', message);
      return;
    }
    const m = message as Record<string, unknown>;
    if (m.type === 'error') {
      // A JS error inside the agent (reported by Frida itself): evidence of a coverage gap.
      const where = typeof m.fileName === 'string' ? `agent ${m.fileName}:${String(m.lineNumber ?? '?')}` : 'agent';
      this.problem(process, where, `agent error: ${String(m.description ?? 'unknown')}`, m.stack ?? m.description ?? m);
      return;
    }
    if (m.type !== 'send') {
      this.problem(process, 'type', `unknown message type ${JSON.stringify(m.type)?.slice(0, 80)}`, m);
      return;
    }
    const decoded = decodeMessage(m.payload);
    for (const p of decoded.problems) this.problem(process, p.location, p.error, p.raw);
    switch (decoded.kind) {
      case 'hello':
        this.deviceClock.observe(decoded.message.t);
        this.recordClockOffset(decoded.message.t);
        this.store.updateProcess(process.id, {
          agent_version: decoded.message.agent,
          android_release: decoded.message.android?.release ?? null,
          api_level: decoded.message.android?.sdk ?? null,
        });
        for (const s of this.stages) s.hello?.(process, decoded.message, this.ctx);
        break;
      case 'hooks':
        this.store.transaction(() => {
          for (const h of decoded.message.hooks) this.store.setHookStatus(this.runId, process.id, h);
        });
        for (const s of this.stages) s.hooks?.(process, decoded.message, this.ctx);
        break;
      case 'app':
        // The first process to report names the app version and signer for the whole run.
        if (process.target) {
          const run = this.store.run(this.runId);
          if (run !== undefined && run.signing_sha256 === null) {
            this.store.updateRun(this.runId, {
              app_version: decoded.message.versionName,
              app_version_code: decoded.message.versionCode,
              signing_sha256: decoded.message.signing.join(',') || null,
            });
          }
        }
        for (const s of this.stages) s.app?.(process, decoded.message, this.ctx);
        break;
      case 'batch':
        if (decoded.message.pid !== process.pid) {
          this.problem(process, 'pid', `batch says pid ${decoded.message.pid} but came from the session of pid ${process.pid}; stored under ${process.pid}`, null);
        }
        this.batch(process, decoded.message, decoded.positions, m.payload);
        break;
      case 'invalid':
        break;
    }
  }

  /** `positions`: each event's index in the message as sent, for locations in protocol errors. */
  private clockRecorded = false;

  /**
   * A device whose clock the host cannot read (a phone) gets its offset to host UTC from the first
   * agent hello (device time minus host time at receipt: the true offset plus the message's
   * latency), recorded in the run's options.clock (analysis/clock.ts) for the reports' one clock.
   */
  private recordClockOffset(deviceT: number): void {
    if (this.clockRecorded) return;
    this.clockRecorded = true;
    const run = this.store.run(this.runId);
    if (run === undefined) return;
    const options = JSON.parse(run.options) as Record<string, unknown>;
    const clock = options.clock as { deviceOffsetMs?: number | null } | undefined;
    if (clock === undefined || clock === null || typeof clock.deviceOffsetMs === 'number') return;
    const at = this.now();
    this.store.updateRun(this.runId, { options: { ...options, clock: { ...clock, deviceOffsetMs: deviceT - at, source: 'agent-hello', measuredAt: at } } });
  }

  /** `raw`: the message as received, kept with the protocol error if the batch is refused. */
  private batch(process: ProcessContext, batch: Batch, positions: readonly number[] | undefined, raw: unknown): void {
    if (this.writer !== null) return this.batchToWriter(this.writer, process, batch, positions, raw);
    const items: IngestItem[] = [];
    const problems: Problem[] = [];
    const before = this.seqBefore(process);
    const problemsBefore = this.totals.problems;
    try {
      this.store.transaction(() => {
        this.collect(process, batch, items, problems, positions, null);
        const ids = this.store.appendEvents(this.runId, items);
        ids.forEach((id, i) => (items[i]!.id = id));
        if (batch.counts !== undefined) {
          for (const [hook, calls, emitted] of batch.counts) this.store.addHookCounts(this.runId, process.id, hook, calls, emitted);
        }
        this.store.advanceProcessSeq(process.id, process.nextSeq, process.gaps - before.gaps);
        for (const p of problems) this.storeProblem(process, p.location, p.error, p.raw);
      });
      for (const [id, known] of this.added) this.frames.set(id, known);
    } catch (e) {
      // Nothing of the batch was stored (its problems included).
      this.totals.problems = problemsBefore;
      if (isStorageFailure(e)) {
        // The run ends (handle): undo the sequence bookkeeping.
        this.restoreSeq(process, before);
        throw e;
      }
      this.refuse(process, batch, problems, before, e, raw);
      return;
    }
    this.totals.events += items.length;
    for (const p of problems) for (const s of this.stages) s.problem?.(process, p.location, p.error, this.ctx);
    for (const s of this.stages) s.committed?.(items, this.ctx);
  }

  /**
   * The batch as the writer thread writes it, posted; acknowledged later (deliver). The frames it
   * brings join the cache now: the writer stores them with the batch, or with its refusal (and if
   * the store fails, the run is over). A failure before posting refuses the batch here.
   */
  private batchToWriter(writer: StoreWriter, process: ProcessContext, batch: Batch, positions: readonly number[] | undefined, raw: unknown): void {
    const items: IngestItem[] = [];
    const problems: Problem[] = [];
    const stacks: WriterBatch['stacks'] = [];
    const attributions: WriterBatch['attributions'] = [];
    const before = this.seqBefore(process);
    let events: WriterBatch['events'];
    try {
      this.collect(process, batch, items, problems, positions, stacks);
      const sendAttribution = (row: EventRow) => {
        const key = ++this.attributionCount;
        attributions.push([key, row.party, row.via, row.frame, row.chain, row.attribution]);
        return key;
      };
      const packer = new EventPacker(items.length, this.postedTexts, this.textKeys);
      for (const item of items) packer.add(item, item.stackRef?.ref ?? null, this.attributionKeys.ref(item.row, sendAttribution));
      events = packer.finish();
    } catch (e) {
      if (isStorageFailure(e)) {
        this.restoreSeq(process, before);
        throw e;
      }
      // Keys handed out for attributions that will never reach the writer: start over (costs rows, never a wrong one).
      if (attributions.length > 0) this.attributionKeys.clear();
      this.refuse(process, batch, problems, before, e, raw);
      return;
    }
    for (const [id, known] of this.added) this.frames.set(id, known);
    const at = this.now();
    const out: WriterBatch = { runId: this.runId, stacks, attributions, events, counts: [], seq: null, errors: [], refusal: this.refusalOf(process, batch, before, 'events', at) };
    if (batch.counts !== undefined) for (const [hook, calls, emitted] of batch.counts) out.counts.push([process.id, hook, calls, emitted]);
    const gapsCounted = process.gaps - before.gaps;
    out.seq = [process.id, process.nextSeq, gapsCounted];
    for (const p of problems) out.errors.push([process.id, at, p.location, p.error, p.raw === null || p.raw === undefined ? null : safeRaw(p.raw)]);
    this.inFlight.push({ no: writer.post(out), process, items, problems, refusal: out.refusal, gapsCounted, raw });
    // Posting cloned the text: the next batch writes over it (EventPacker).
    this.postedTexts = out.events.texts;
    if (batch.events.length < PIPELINE_FROM) this.settle();
  }

  /**
   * Sequence checks, stacks, items and the stages' enrich for one batch. `toWriter`: the new
   * stacks of the writer thread's batch (they get run-local keys), or null: stacks are stored
   * now, in the caller's transaction.
   */
  private collect(process: ProcessContext, batch: Batch, items: IngestItem[], problems: Problem[], positions: readonly number[] | undefined, toWriter: WriterBatch['stacks'] | null): void {
    // New frames join the cache only once the transaction commits (see batch()).
    const added = this.added;
    added.clear();
    if (batch.stacks !== undefined) {
      for (const [id, frames] of Object.entries(batch.stacks)) {
        const framesJson = JSON.stringify(frames);
        const known = this.frames.get(id) ?? added.get(id);
        if (known !== undefined) {
          if (known.json !== framesJson) {
            problems.push({ location: `stacks[${JSON.stringify(id)}]`, error: 'stack id already known with different frames; first frames kept', raw: frames });
          }
          continue;
        }
        const ref = toWriter === null ? this.store.addStackRef(this.runId, id, framesJson) : this.stackForWriter(toWriter, id, framesJson);
        added.set(id, { frames, json: framesJson, ref });
      }
    }
    for (let i = 0; i < batch.events.length; i++) {
      const ev = batch.events[i]!;
      const at = positions?.[i] ?? i;
      // Sequence: gaps are recorded (loss is visible), repeats are refused. Past 2^53 seq + 1 is
      // seq again, so no repeat could be told from the next event: refused as unorderable.
      if (!Number.isSafeInteger(ev.seq)) {
        problems.push({ location: `events[${at}].seq`, error: `seq ${ev.seq} is beyond ${Number.MAX_SAFE_INTEGER} and cannot be ordered; event not stored`, raw: ev });
        continue;
      }
      if (ev.seq < process.nextSeq) {
        problems.push({ location: `events[${at}].seq`, error: `seq ${ev.seq} repeats or goes back (expected ${process.nextSeq}); event not stored`, raw: ev });
        continue;
      }
      if (ev.seq > process.nextSeq) {
        const missing = ev.seq - process.nextSeq;
        process.gaps += missing;
        this.totals.gaps += missing;
        problems.push({ location: `events[${at}].seq`, error: `seq gap: ${missing} event(s) missing (${process.nextSeq}..${ev.seq - 1})`, raw: null });
      }
      process.nextSeq = ev.seq + 1;
      let stack = ev.stack ?? null;
      let known: KnownStack | null = null;
      if (stack !== null) {
        // Only stacks new to the cache join `added` (then the cache): re-adding the known ones
        // for every event was 2% of the main thread (profile-ingest, 2026-12-07).
        known = this.frames.get(stack) ?? added.get(stack) ?? null;
        if (known === null) {
          known = this.storedStack(stack, toWriter);
          if (known === null) {
            problems.push({ location: `events[${at}].stack`, error: `unknown stack id ${JSON.stringify(stack)}; event stored without a stack`, raw: null });
            stack = null;
          } else {
            added.set(stack, known);
          }
        }
      }
      items.push(this.agentItem(process, ev, stack, known));
    }
    if (items.length > 0) this.deviceClock.observe(items[items.length - 1]!.row.t);
    let i = 0;
    let stage: Stage | undefined;
    try {
      for (; i < items.length; i++) for (stage of this.stages) stage.enrich?.(items[i]!, this.ctx);
    } catch (e) {
      if (isStorageFailure(e) || stage === undefined) throw e;
      const index = batch.events.indexOf(items[i]!.event as AgentEvent);
      throw new StageError(`events[${positions?.[index] ?? index}]`, stage.name, e);
    }
  }

  private seqBefore(process: ProcessContext): SeqBefore {
    return { nextSeq: process.nextSeq, gaps: process.gaps, totalGaps: this.totals.gaps };
  }

  private restoreSeq(process: ProcessContext, before: SeqBefore): void {
    process.nextSeq = before.nextSeq;
    process.gaps = before.gaps;
    this.totals.gaps = before.totalGaps;
  }

  /**
   * What a refusal of `batch` records (store/refusal.ts), from the process's bookkeeping before it:
   * the events collect accepts (seqs in order from the expected one; repeats are refused anyway)
   * are lost, and every seq from the expected one to past the last of them counts as missing.
   */
  private refusalOf(process: ProcessContext, batch: Batch, before: SeqBefore, location: string, at: number): BatchRefusal {
    let nextSeq = before.nextSeq;
    let events = 0;
    let firstSeq: number | null = null;
    for (const ev of batch.events) {
      if (!Number.isSafeInteger(ev.seq) || ev.seq < nextSeq) continue;
      events++;
      firstSeq ??= ev.seq;
      nextSeq = ev.seq + 1;
    }
    return { processId: process.id, pid: process.pid, at, location, events, firstSeq, lastSeq: events === 0 ? null : nextSeq - 1, nextSeq, gapsAdded: nextSeq - before.nextSeq };
  }

  /**
   * Refuses a batch on this thread (the synchronous path, or one that failed before it could be
   * posted to the writer): records the refusal on this connection, after every batch before it.
   */
  private refuse(process: ProcessContext, batch: Batch, problems: Problem[], before: SeqBefore, e: unknown, raw: unknown): void {
    const refusal = this.refusalOf(process, batch, before, e instanceof StageError ? e.location : 'events', this.now());
    const failure = failureOf(e);
    const gapsCounted = process.gaps - before.gaps;
    process.nextSeq = refusal.nextSeq;
    const parts = {
      stacks: [...this.added].map(([id, known]) => [id, known.json] as const),
      counts: (batch.counts ?? []).map(([hook, calls, emitted]) => [process.id, hook, calls, emitted] as [number, string, number, number]),
      errors: problems.map((p) => [process.id, refusal.at, p.location, p.error, p.raw === null || p.raw === undefined ? null : safeRaw(p.raw)] as [number, number, string, string, string | null]),
    };
    const text = raw === null || raw === undefined ? null : safeRaw(raw);
    // Its stacks are stored, not cached here: a later event finds them stored (storedStack).
    if (this.write(() => recordRefusal(this.store, this.runId, refusal, failure, parts, text)) === undefined) {
      this.totals.unstored++;
      return;
    }
    this.refused(process, problems, refusal, failure, gapsCounted);
  }

  /** After a refusal was recorded (on either path): its events counted as missing, its problems told to the stages. */
  private refused(process: ProcessContext, problems: readonly Problem[], refusal: BatchRefusal, failure: Failure, gapsCounted: number): void {
    const missing = refusal.gapsAdded - gapsCounted;
    process.gaps += missing;
    this.totals.gaps += missing;
    this.totals.problems += problems.length + 1;
    for (const p of problems) for (const s of this.stages) s.problem?.(process, p.location, p.error, this.ctx);
    const error = refusalError(refusal, failure);
    for (const s of this.stages) s.problem?.(process, refusal.location, error, this.ctx);
  }

  /** A stack the writer stores with the batch; its reference is a run-local key until then. */
  private stackForWriter(toWriter: WriterBatch['stacks'], id: string, framesJson: string): StackRef {
    const key = ++this.stackKeys;
    toWriter.push([key, id, framesJson]);
    return { ref: key, sha: null };
  }

  /** A stack stored by an earlier ingest of this run (another process's, or before a restart). */
  private storedStack(id: string, toWriter: WriterBatch['stacks'] | null): KnownStack | null {
    const stored = this.store.stackRef(this.runId, id);
    const frames = stored === null ? null : this.store.stackFrames(this.runId, id);
    if (stored === null || frames === null) return null;
    const json = JSON.stringify(frames);
    // The writer resolves it by its key (its INSERT OR IGNORE keeps the stored frames).
    const ref = toWriter === null ? stored : this.stackForWriter(toWriter, id, json);
    return { frames: frames as Frame[], json, ref };
  }

  private agentItem(process: ProcessContext, ev: AgentEvent, stack: string | null, known: KnownStack | null): IngestItem {
    const row = new AgentRow(this.runId, process, ev, stack);
    // Most events have no origins: they share one empty list instead of allocating their own.
    let originFrames: readonly (readonly Frame[])[] = NO_ORIGINS;
    const origins = ev.origins;
    if (origins !== undefined && origins.length > 0) {
      const found: (readonly Frame[])[] = [];
      for (const id of origins) {
        const f = this.framesOf(id);
        if (f !== null) found.push(f);
      }
      originFrames = found;
    }
    return new AgentItem(process, ev, row, known?.frames ?? null, known?.ref ?? null, originFrames);
  }

  private framesOf(id: string): readonly Frame[] | null {
    return this.frames.get(id)?.frames ?? this.added.get(id)?.frames ?? (this.store.stackFrames(this.runId, id) as Frame[] | null);
  }

  /**
   * Records something the host itself saw on the device (spawns, crashes, detaches, stages).
   * When the store has failed the item comes back without an id (counted in totals.unstored).
   */
  hostEvent(process: ProcessContext | null, ev: HostEvent): IngestItem {
    // After every batch before it, so the chain and the stages see the order it happened in.
    this.settle();
    const row: EventRow = {
      run_id: this.runId,
      source: 'host',
      process_id: process?.id ?? null,
      pid: ev.pid,
      seq: null,
      t: ev.t,
      tid: null,
      thread: null,
      kind: ev.kind,
      api: ev.api,
      hook: null,
      data_type: null,
      args: null,
      ret: null,
      thrown: null,
      detail: JSON.stringify(ev.detail),
      stack: null,
      origins: null,
      phase: null,
      consent: null,
      foreground: null,
      sdk: null,
      party: null,
      via: null,
      frame: null,
      chain: null,
      attribution: null,
    };
    const item: IngestItem = { process, source: 'host', event: ev, row, frames: null, originFrames: NO_ORIGINS };
    if (this.failure !== null) {
      this.totals.unstored++;
      return item;
    }
    try {
      this.store.transaction(() => {
        for (const s of this.stages) s.enrich?.(item, this.ctx);
        item.id = this.store.appendEvents(this.runId, [item])[0];
      });
    } catch (e) {
      if (this.storageFailed(e)) {
        this.totals.unstored++;
        return item;
      }
      throw e;
    }
    this.totals.hostEvents++;
    for (const s of this.stages) s.committed?.([item], this.ctx);
    return item;
  }

  private storeProblem(process: ProcessContext | null, location: string, error: string, raw: unknown): void {
    this.totals.problems++;
    this.store.protocolError(this.runId, process?.id ?? null, this.now(), location, error, raw === null || raw === undefined ? null : safeRaw(raw));
  }

  /** Records a refused message outside a batch transaction. */
  problem(process: ProcessContext | null, location: string, error: string, raw: unknown): void {
    this.settle();
    if (this.failure !== null) return;
    try {
      this.storeProblem(process, location, error, raw);
    } catch (e) {
      // The store itself failed (disk full?): that ends the run. Anything else: the problem is
      // still told to the stages below.
      if (this.storageFailed(e)) return;
    }
    for (const s of this.stages) s.problem?.(process, location, error, this.ctx);
  }
}

/** Throws when a stage comes before a stage it reads (its `after` list), naming both. */
export function checkStageOrder(stages: readonly Stage[]): void {
  const names = stages.map((s) => s.name);
  stages.forEach((s, i) => {
    for (const dep of s.after ?? []) {
      const j = names.indexOf(dep);
      if (j > i) throw new Error(`ingest stage '${s.name}' reads what '${dep}' adds, so '${dep}' must come first (order: ${names.join(' -> ')})`);
    }
  });
}
