// Turns hook observations into numbered events and sends them in batches: one send() per
// flush interval or per batch size, never one per event (send() JSON-encodes on the app's thread).
import { PROTOCOL_VERSION } from '../../protocol/constants.js';
import type { AgentEvent, Batch, Frame } from '../../protocol/messages.js';
import type { Platform } from './platform.js';
import { StackInterner } from './stacks.js';

/** An event as a hook describes it; the emitter adds seq, time and thread. */
export type EventDraft = AgentEvent extends infer E ? (E extends AgentEvent ? Omit<E, 'seq' | 't' | 'tid' | 'thread'> : never) : never;

export interface EmitterOptions {
  flushIntervalMs: number;
  batchSize: number;
  stackLimit: number;
}

/** Where events learn the origins of the asynchronous work their thread is running (core/origins.ts). */
export interface OriginSource {
  current(tid: number): readonly string[] | undefined;
}

interface Counter {
  calls: number;
  emitted: number;
  /** Values already reported in a batch's `counts`. */
  sentCalls: number;
  sentEmitted: number;
}

export class Emitter {
  private nextSeq = 0;
  private queue: AgentEvent[] = [];
  private timer: unknown = null;
  private readonly counters = new Map<string, Counter>();
  readonly stacks: StackInterner;
  /** Set by the agent once origin tracking is wired. */
  origins: OriginSource | null = null;

  constructor(
    private readonly platform: Platform,
    private readonly pid: number,
    readonly options: EmitterOptions,
  ) {
    this.stacks = new StackInterner(platform, () => this.options.stackLimit);
  }

  get seq(): number {
    return this.nextSeq;
  }

  get queued(): number {
    return this.queue.length;
  }

  private counter(hook: string): Counter {
    let c = this.counters.get(hook);
    if (c === undefined) {
      c = { calls: 0, emitted: 0, sentCalls: 0, sentEmitted: 0 };
      this.counters.set(hook, c);
    }
    return c;
  }

  /** Counts a call of a hook, whether or not it becomes an event (exact counters under sampling). */
  countCall(hook: string): void {
    this.counter(hook).calls++;
  }

  /**
   * Emits an event. `captureStack` takes the calling thread's Java stack; hooks pass true, events
   * raised by rpc (consent markers) pass false.
   */
  emit(draft: EventDraft, captureStack = true): AgentEvent {
    const p = this.platform;
    const event = { ...draft, seq: this.nextSeq++, t: p.now(), tid: p.threadId(), thread: p.threadName() } as AgentEvent;
    if (captureStack && event.stack === undefined) {
      const id = this.stacks.capture();
      if (id !== undefined) event.stack = id;
    }
    if (captureStack && event.origins === undefined && this.origins !== null) {
      let chain: readonly string[] | undefined;
      try {
        chain = this.origins.current(event.tid);
      } catch {
        chain = undefined; // origins are an addition: never lose the event over them
      }
      if (chain !== undefined && chain.length > 0) {
        // Only ids whose frames reach the host (deferred stacks are released here).
        const ids = chain.filter((id) => this.stacks.reference(id));
        if (ids.length > 0) event.origins = ids.slice(0, 8);
      }
    }
    if (event.hook !== undefined) this.counter(event.hook).emitted++;
    this.queue.push(event);
    if (this.queue.length >= this.options.batchSize) this.flush();
    else if (this.timer === null) this.timer = p.setTimeout(() => this.onTimer(), this.options.flushIntervalMs);
    return event;
  }

  private onTimer(): void {
    this.timer = null;
    this.flush();
  }

  private takeCounts(): Batch['counts'] {
    const out: [string, number, number][] = [];
    for (const [hook, c] of this.counters) {
      if (c.calls !== c.sentCalls || c.emitted !== c.sentEmitted) {
        out.push([hook, c.calls - c.sentCalls, c.emitted - c.sentEmitted]);
        c.sentCalls = c.calls;
        c.sentEmitted = c.emitted;
      }
    }
    return out.length > 0 ? out : undefined;
  }

  /** Sends everything queued. Returns the number of events sent. */
  flush(): number {
    if (this.timer !== null) {
      this.platform.clearTimeout(this.timer);
      this.timer = null;
    }
    const counts = this.takeCounts();
    if (this.queue.length === 0 && counts === undefined) return 0;
    const events = this.queue;
    this.queue = [];
    const stacks: Record<string, Frame[]> | undefined = this.stacks.takePending();
    const batch: Batch = { v: PROTOCOL_VERSION, kind: 'batch', pid: this.pid, events };
    if (stacks !== undefined) batch.stacks = stacks;
    if (counts !== undefined) batch.counts = counts;
    this.platform.send(batch);
    return events.length;
  }

  counterSnapshot(): Record<string, { calls: number; emitted: number }> {
    const out: Record<string, { calls: number; emitted: number }> = {};
    for (const [hook, c] of this.counters) out[hook] = { calls: c.calls, emitted: c.emitted };
    return out;
  }
}
