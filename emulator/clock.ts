// Device time and the scheduler that drives everything on the emulated device. Virtual time
// advances in one of two modes:
//   max speed (default): jump from task to task, yielding to the Node event loop every few
//     milliseconds so the host keeps up; time stands still while a spawned process waits for the
//     host to resume it (holds), as if the host attached instantly;
//   real time: virtual time = factor x elapsed real time (1 = live demo), holds or not.
// Nothing here sleeps in max-speed mode except to yield.

export type ClockMode = { kind: 'max' } | { kind: 'realtime'; factor: number };

interface Task {
  at: number;
  seq: number;
  run: () => void;
}

/** A min-heap of tasks by (at, seq): equal times run in scheduling order. */
class TaskQueue {
  private readonly heap: Task[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): Task | undefined {
    return this.heap[0];
  }

  push(t: Task): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(h[p]!, h[i]!)) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }

  pop(): Task | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let s = i;
        if (l < h.length && less(h[l]!, h[s]!)) s = l;
        if (r < h.length && less(h[r]!, h[s]!)) s = r;
        if (s === i) break;
        [h[s], h[i]] = [h[i]!, h[s]!];
        i = s;
      }
    }
    return top;
  }
}

function less(a: Task, b: Task): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export interface SchedulerOptions {
  /** Wall-clock ms at virtual time 0. */
  epochMs: number;
  mode?: ClockMode;
  /** Real ms between yields to the event loop in max-speed mode. */
  yieldEveryMs?: number;
}

export class Scheduler {
  readonly epochMs: number;
  mode: ClockMode;
  /** Virtual ms since the device booted (the scenario's time 0). */
  private t = 0;
  private seq = 0;
  private readonly queue = new TaskQueue();
  private readonly holds = new Set<string>();
  private running = false;
  private wake: (() => void) | null = null;
  private readonly yieldEveryMs: number;
  private stopAt = Number.POSITIVE_INFINITY;
  private stoppedResolve: (() => void) | null = null;
  /** Resolves when virtual time reaches stopAt (see runUntil). */
  stopped: Promise<void> = Promise.resolve();
  private realBase = 0;
  private virtBase = 0;
  /** True while a task runs (work scheduled "now" from inside a task runs right after it). */
  inTask = false;
  /** Called when a task throws a host-side error (an emulator bug): the device reports it. */
  onError: (e: unknown) => void = (e) => {
    throw e;
  };

  constructor(opts: SchedulerOptions) {
    this.epochMs = opts.epochMs;
    this.mode = opts.mode ?? { kind: 'max' };
    this.yieldEveryMs = opts.yieldEveryMs ?? 4;
  }

  /** Virtual ms since time 0. */
  get now(): number {
    if (this.mode.kind === 'realtime' && this.running && this.holdsBlock() === false) {
      const v = this.virtBase + (performance.now() - this.realBase) * this.mode.factor;
      return Math.min(Math.max(this.t, v), this.stopAt);
    }
    return this.t;
  }

  /** Device wall clock (Date.now() on the device). */
  wallNow(): number {
    return this.epochMs + this.now;
  }

  schedule(delayMs: number, run: () => void): void {
    this.queue.push({ at: this.now + Math.max(0, delayMs), seq: this.seq++, run });
    this.kick();
  }

  scheduleAt(at: number, run: () => void): void {
    this.queue.push({ at: Math.max(at, this.now), seq: this.seq++, run });
    this.kick();
  }

  /**
   * Time spent inside a task (blocking I/O): advances the virtual clock in max-speed mode. In real
   * time the clock follows the wall clock and this is a no-op.
   */
  advance(ms: number): void {
    if (this.mode.kind === 'max' && ms > 0) this.t += ms;
  }

  /** Stops virtual time from advancing (max-speed mode) until release(reason). */
  hold(reason: string): void {
    this.holds.add(reason);
  }

  release(reason: string): void {
    if (this.holds.delete(reason)) this.kick();
  }

  private holdsBlock(): boolean {
    return this.mode.kind === 'max' && this.holds.size > 0;
  }

  setMode(mode: ClockMode): void {
    this.t = this.now;
    this.mode = mode;
    this.realBase = performance.now();
    this.virtBase = this.t;
    this.kick();
  }

  /** Runs tasks until virtual time reaches `at`; the returned promise resolves then. */
  runUntil(at: number): Promise<void> {
    this.stopAt = at;
    this.stopped = new Promise((resolve) => (this.stoppedResolve = resolve));
    if (!this.running) {
      this.running = true;
      this.realBase = performance.now();
      this.virtBase = this.t;
      void this.loop();
    } else {
      this.kick();
    }
    return this.stopped;
  }

  /** Stops the loop for good (the device closes): no timer keeps Node alive, runUntil resolves. */
  stop(): void {
    this.running = false;
    this.kick();
    const r = this.stoppedResolve;
    this.stoppedResolve = null;
    r?.();
  }

  get isRunning(): boolean {
    return this.running;
  }

  private kick(): void {
    const w = this.wake;
    if (w !== null) {
      this.wake = null;
      w();
    }
  }

  private sleep(realMs: number | null): Promise<void> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      this.wake = () => {
        if (timer !== null) clearTimeout(timer);
        resolve();
      };
      if (realMs !== null) timer = setTimeout(() => this.kick(), Math.max(1, realMs));
    });
  }

  private async loop(): Promise<void> {
    let sliceStart = performance.now();
    while (this.running) {
      const next = this.queue.peek();
      const due = next !== undefined && next.at <= this.stopAt ? next.at : this.stopAt;
      if (this.holdsBlock()) {
        // Time stands still while the host attaches to a spawned process.
        const now = this.t;
        if (next !== undefined && next.at <= now) this.runOne();
        else await this.sleep(null);
        continue;
      }
      if (this.mode.kind === 'realtime') {
        const now = this.now;
        if (due > now) {
          await this.sleep((due - now) / this.mode.factor);
          continue;
        }
        this.t = Math.max(this.t, due);
      } else {
        this.t = Math.max(this.t, due);
      }
      if (next !== undefined && next.at <= this.stopAt) {
        this.runOne();
      } else if (this.t >= this.stopAt) {
        this.running = false;
        const r = this.stoppedResolve;
        this.stoppedResolve = null;
        r?.();
        return;
      }
      if (performance.now() - sliceStart >= this.yieldEveryMs) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  }

  private runOne(): void {
    const task = this.queue.pop()!;
    this.t = Math.max(this.t, task.at);
    this.inTask = true;
    try {
      task.run();
    } catch (e) {
      this.onError(e);
    } finally {
      this.inTask = false;
    }
  }

  /** Runs every task already due now, synchronously (used after host-initiated work). */
  drainDue(): void {
    while (!this.holdsBlock()) {
      const next = this.queue.peek();
      if (next === undefined || next.at > this.t) return;
      this.runOne();
    }
  }

  /** Virtual ms, exposed for tests and the CLI (e.g. "t=12.3s"). */
  get virtualMs(): number {
    return this.now;
  }
}
