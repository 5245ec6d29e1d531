// A Frida session on an emulated process: scripts, resume, child gating, detach.
import type { SessionLike } from '../host/device/types.js';
import type { Scheduler } from './clock.js';
import type { EmulatedProcess } from './process.js';
import { EmulatedScript } from './script.js';
import { SignalSource } from './signal.js';

let detachHolds = 0;

export type DetachReasonValue = 'application-requested' | 'process-replaced' | 'process-terminated' | 'connection-terminated' | 'device-lost';

export class EmulatedSession implements SessionLike {
  readonly detached = new SignalSource<(reason: any, crash: any) => void>();
  private ended = false;
  childGating = false;
  private readonly scripts = new Set<EmulatedScript>();

  constructor(
    readonly process: EmulatedProcess,
    private readonly scheduler: Scheduler,
    private readonly resumeProcess: (pid: number) => Promise<void>,
    private readonly onEnd: (s: EmulatedSession) => void,
  ) {}

  get pid(): number {
    return this.process.pid;
  }

  isDetached(): boolean {
    return this.ended;
  }

  private ensureAttached(): void {
    if (this.ended) throw new Error('Session is detached');
  }

  async detach(): Promise<void> {
    if (this.ended) return;
    this.end('application-requested', null);
  }

  async resume(): Promise<void> {
    this.ensureAttached();
    await this.resumeProcess(this.pid);
  }

  async enableChildGating(): Promise<void> {
    this.ensureAttached();
    this.childGating = true;
  }

  async disableChildGating(): Promise<void> {
    this.ensureAttached();
    this.childGating = false;
  }

  async createScript(source: string, options: { name?: string; runtime?: any } = {}): Promise<EmulatedScript> {
    this.ensureAttached();
    if (typeof source !== 'string') throw new TypeError('source must be a string');
    if (options.runtime !== undefined && !['default', 'qjs', 'v8'].includes(options.runtime)) throw new Error(`invalid runtime: ${String(options.runtime)}`);
    const s = new EmulatedScript(this.process, this.scheduler, source, options.name, (x) => this.scripts.delete(x));
    this.scripts.add(s);
    return s;
  }

  /** Ends the session: scripts are destroyed first (their hooks reverted), then `detached` fires. */
  end(reason: DetachReasonValue, crash: unknown): void {
    if (this.ended) return;
    this.ended = true;
    for (const s of [...this.scripts]) s.destroy();
    this.onEnd(this);
    // `detached` arrives on a later turn, as from frida-server; in max-speed mode virtual time waits
    // for it (as it waits for the host to resume a spawn), so the host sees the end when it happened
    // and before anything later on the device (e.g. the process starting again).
    const hold = `detached:${this.pid}:${++detachHolds}`;
    this.scheduler.hold(hold);
    setImmediate(() => {
      try {
        this.detached.emit(reason, crash);
      } finally {
        this.scheduler.release(hold);
      }
    });
  }
}
