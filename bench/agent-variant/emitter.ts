// The baseline for the agent benchmark, never shipped: an emitter with the same interface as
// agent/core/emitter.ts that sends each event as its own message with its full stack frames (no
// batching, no interning), as a naive tracer would. bench/agent.ts bundles the agent with this file
// in place of the real emitter; the agent itself is unchanged.
import { PROTOCOL_VERSION } from '../../protocol/constants.js';
import type { AgentEvent, Batch, Frame } from '../../protocol/messages.js';
import type { Platform } from '../../agent/core/platform.js';
import { StackInterner } from '../../agent/core/stacks.js';
import type { EmitterOptions, EventDraft, OriginSource } from '../../agent/core/emitter.js';

export type { EmitterOptions, EventDraft, OriginSource };

export class Emitter {
  private nextSeq = 0;
  private readonly counters = new Map<string, { calls: number; emitted: number; sent: [number, number] }>();
  /** Kept for the deferred (origin) stacks the agent captures; event stacks bypass it. */
  readonly stacks: StackInterner;
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
    return 0;
  }

  private counter(hook: string) {
    let c = this.counters.get(hook);
    if (c === undefined) this.counters.set(hook, (c = { calls: 0, emitted: 0, sent: [0, 0] }));
    return c;
  }

  countCall(hook: string): void {
    this.counter(hook).calls++;
  }

  emit(draft: EventDraft, captureStack = true): AgentEvent {
    const p = this.platform;
    const event = { ...draft, seq: this.nextSeq++, t: p.now(), tid: p.threadId(), thread: p.threadName() } as AgentEvent;
    const stacks: Record<string, Frame[]> = {};
    if (captureStack && event.stack === undefined) {
      const bt = p.backtrace(this.options.stackLimit);
      if (bt !== null) {
        event.stack = bt.id;
        stacks[bt.id] = bt.frames.map((f) => [f.className, f.methodName, f.fileName ?? null, f.lineNumber]);
      }
    }
    if (captureStack && event.origins === undefined && this.origins !== null) {
      let chain: readonly string[] | undefined;
      try {
        chain = this.origins.current(event.tid);
      } catch {
        chain = undefined;
      }
      if (chain !== undefined && chain.length > 0) {
        const ids = chain.filter((id) => this.stacks.reference(id));
        if (ids.length > 0) event.origins = ids.slice(0, 8);
      }
    }
    if (event.hook !== undefined) this.counter(event.hook).emitted++;
    // Origin frames the interner released for this event travel with it too.
    Object.assign(stacks, this.stacks.takePending() ?? {});
    const message: Batch = { v: PROTOCOL_VERSION, kind: 'batch', pid: this.pid, events: [event] };
    if (Object.keys(stacks).length > 0) message.stacks = stacks;
    p.send(message);
    return event;
  }

  flush(): number {
    const counts: [string, number, number][] = [];
    for (const [hook, c] of this.counters) {
      if (c.calls !== c.sent[0] || c.emitted !== c.sent[1]) {
        counts.push([hook, c.calls - c.sent[0], c.emitted - c.sent[1]]);
        c.sent = [c.calls, c.emitted];
      }
    }
    if (counts.length > 0) this.platform.send({ v: PROTOCOL_VERSION, kind: 'batch', pid: this.pid, events: [], counts } satisfies Batch);
    return 0;
  }

  counterSnapshot(): Record<string, { calls: number; emitted: number }> {
    const out: Record<string, { calls: number; emitted: number }> = {};
    for (const [hook, c] of this.counters) out[hook] = { calls: c.calls, emitted: c.emitted };
    return out;
  }
}
