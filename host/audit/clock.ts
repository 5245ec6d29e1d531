// Time as the audit sees it. On a phone, stages last wall-clock time. On the emulated device (max
// speed) device time only moves when the host runs the clock, and an rpc that needs the app's main
// thread (finding or clicking a control) only completes while it runs, so waiting and settling an
// rpc both step the device clock, yielding to Node between steps so messages are handled.
import type { EmulatedDevice } from '../../emulator/device.js';

export interface AuditClock {
  /** Lets `ms` of device time pass; `tick` reports the time passed so far (for the stage bar). */
  wait(ms: number, tick?: (elapsedMs: number) => void): Promise<void>;
  /** Awaits `p` while device time runs; rejects after `limitMs` of device time. */
  settle<T>(p: Promise<T>, limitMs: number, what: string): Promise<T>;
}

const yieldToNode = () => new Promise<void>((r) => setImmediate(r));

export class RealClock implements AuditClock {
  constructor(private readonly tickMs = 1000) {}

  async wait(ms: number, tick?: (elapsedMs: number) => void): Promise<void> {
    const start = Date.now();
    for (;;) {
      const elapsed = Date.now() - start;
      tick?.(Math.min(elapsed, ms));
      if (elapsed >= ms) return;
      await new Promise((r) => setTimeout(r, Math.min(this.tickMs, ms - elapsed)));
    }
  }

  settle<T>(p: Promise<T>, limitMs: number, what: string): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${limitMs} ms`)), limitMs)));
    return Promise.race([p, late]).finally(() => clearTimeout(timer));
  }
}

export class EmulatedClock implements AuditClock {
  constructor(
    private readonly device: EmulatedDevice,
    /** Device ms per step: small enough for the stage bar, large enough to be quick. */
    private readonly stepMs = 250,
  ) {}

  async wait(ms: number, tick?: (elapsedMs: number) => void): Promise<void> {
    let done = 0;
    while (done < ms) {
      const step = Math.min(this.stepMs, ms - done);
      await this.device.runFor(step);
      await yieldToNode();
      done += step;
      tick?.(done);
    }
  }

  async settle<T>(p: Promise<T>, limitMs: number, what: string): Promise<T> {
    let settled = false;
    const out = p.finally(() => (settled = true));
    out.catch(() => undefined); // awaited below
    for (let t = 0; !settled; t += 20) {
      if (t >= limitMs) throw new Error(`${what}: no answer within ${limitMs} ms of device time`);
      await this.device.runFor(20);
      await yieldToNode();
    }
    return out;
  }
}
