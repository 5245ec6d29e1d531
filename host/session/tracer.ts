// Drives one tracing run on a device (a phone through Frida, or the emulated device: both are a
// DeviceLike). It follows every process of the target app through spawn gating, loads the agent
// into each before it runs, records every other app's process that starts (evidence that an
// associated start worked) and every fork/exec child, and records crashes, detaches and device
// loss on the run's timeline. A process of the app that starts again (after a crash or a kill)
// comes back through gating as a new pid and is traced again, linked by processes.restart_of.
//
// Frida's rules this follows (docs/frida-notes.md §4): gating scope 'applications'
// catches every zygote child (pkg and pkg:proc); a gated spawn must be resumed within 8 s or
// Frida's watchdog disables gating and resumes everything; child gating covers fork/exec only.
import type { AgentConfig } from '../../protocol/messages.js';
import type { ChildLike, CrashLike, DeviceLike, ScriptLike, SessionLike, SpawnLike } from '../device/types.js';
import { storageFailureReason, type Ingest } from '../ingest/ingest.js';
import type { ProcessContext } from '../ingest/types.js';
import type { Store } from '../../store/db.js';
import { appProcesses, packageOf, type AppProcess } from './targets.js';

export { packageOf } from './targets.js';

export interface TracerOptions {
  /** The app's package name. */
  package: string;
  /** Agent bundle source (dist/agent/agent.js or agent.emulated.js). */
  agentSource: string;
  agentConfig: AgentConfig;
  /** Host clock. */
  now?: () => number;
  /** Called for tracer-level notices (console). */
  log?: (line: string) => void;
  /**
   * Real ms a suspended process may wait for its agent before it is resumed anyway (Frida's
   * spawn-gating watchdog fires at 8000 ms, Android's app-launch timeout at 10 s). Default 6000.
   */
  resumeBudgetMs?: number;
  /** Child gating on every traced session, so fork/exec children are reported. Default true. */
  childGating?: boolean;
}

export type SpawnedBy = 'sdktrace' | 'device' | 'attach';

interface Traced {
  ctx: ProcessContext;
  session: SessionLike | null;
  script: ScriptLike | null;
  ended: boolean;
  /** Detach reason, once detached. */
  detachReason: string | null;
  /** processCrashed summary, when the device reported one. */
  crash: string | null;
}

const MAX_ARGV = 32;
const MAX_TEXT = 500;
const MAX_REPORT = 8192;

const clip = (s: string, n = MAX_TEXT) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function endReason(t: Traced): string {
  const reason = t.detachReason ?? 'ended';
  return clip(t.crash !== null ? `crashed (${reason}): ${t.crash}` : reason);
}

export class Tracer {
  /** Live (or last) traced process per pid. */
  private readonly byPid = new Map<number, Traced>();
  /** Every process traced in this run, in order. */
  private readonly all: Traced[] = [];
  /** Pids being attached right now (spawnAdded can race with our own spawn or a sweep). */
  private readonly claiming = new Set<number>();
  /** Attaches in progress, awaited by stop(). */
  private readonly inflight = new Set<Promise<void>>();
  private readonly now: () => number;
  private readonly budgetMs: number;
  private stopping = false;
  private childGatingWarned = false;
  /** The device refused spawn gating (frida-gadget): nothing is held, nothing to release. */
  private gatingUnavailable = false;
  private stopped: Promise<void> | null = null;
  private lostResolve: (() => void) | null = null;
  /** Resolves when the device is lost. */
  readonly lost: Promise<void>;
  private readonly handlers: { disconnect(): void }[] = [];

  constructor(
    private readonly device: DeviceLike,
    private readonly store: Store,
    private readonly ingest: Ingest,
    private readonly opts: TracerOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.budgetMs = opts.resumeBudgetMs ?? 6000;
    this.lost = new Promise((resolve) => (this.lostResolve = resolve));
  }

  get runId(): number {
    return this.ingest.runId;
  }

  get package(): string {
    return this.opts.package;
  }

  /** Every process traced so far (ended ones too), in the order they were seen. */
  processes(): ProcessContext[] {
    return this.all.map((t) => t.ctx);
  }

  /** Scripts of live target processes, main process first. */
  scripts(): { ctx: ProcessContext; script: ScriptLike }[] {
    return this.all
      .filter((t) => t.script !== null && !t.ended)
      .map((t) => ({ ctx: t.ctx, script: t.script! }))
      .sort((a, b) => Number(b.ctx.name === this.opts.package) - Number(a.ctx.name === this.opts.package));
  }

  private isTraced(pid: number): boolean {
    const t = this.byPid.get(pid);
    return (t !== undefined && !t.ended) || this.claiming.has(pid);
  }

  private connect<H extends (...a: any[]) => void>(signal: { connect(h: H): void; disconnect(h: H): void }, h: H): void {
    const handler = this.afterIngest(h);
    signal.connect(handler);
    this.handlers.push({ disconnect: () => signal.disconnect(handler) });
  }

  /**
   * A device signal is handled once every agent message received before it is committed and its
   * stages have run (Ingest.settle: the writer thread answers asynchronously), so a crash or a
   * detach comes after the events that preceded it, as when ingest was synchronous.
   */
  private afterIngest<H extends (...a: any[]) => void>(h: H): H {
    return ((...a: unknown[]) => {
      this.ingest.settle();
      h(...a);
    }) as H;
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }

  private hostEvent(ctx: ProcessContext | null, api: string, pid: number | null, detail: Record<string, unknown>): void {
    this.ingest.hostEvent(ctx, { kind: 'device', api, t: this.ingest.deviceClock.now(), pid, detail });
  }

  /** A write of the tracer's own; a storage failure is the ingest's to report (it ends the run). */
  private write(fn: () => void): void {
    try {
      this.ingest.write(fn);
    } catch (e) {
      this.log(`could not update the store: ${(e as Error).message}`);
    }
  }

  /** Subscribes to the device's signals and enables spawn gating for the app's other processes. */
  async watch(): Promise<void> {
    this.connect(this.device.spawnAdded, (s: SpawnLike) => void this.onSpawn(s));
    this.connect(this.device.childAdded, (c: ChildLike) => void this.onChild(c));
    this.connect(this.device.processCrashed, (c: CrashLike) => this.onCrash(c));
    this.connect(this.device.spawnGatingDisabled, (reason: string) => this.onGatingDisabled(reason));
    this.connect(this.device.lost, () => this.onLost());
    // 'applications' catches every zygote child of an app (pkg and pkg:proc), not just exec'd programs.
    try {
      await this.device.enableSpawnGating({ scope: 'applications' });
    } catch (e) {
      // frida-gadget answers NOT_SUPPORTED ("Not possible when embedded", frida-core
      // lib/gadget/gadget.vala): trace attach-only, record it once, say it once.
      this.gatingUnavailable = true;
      const reason = (e as Error).message;
      this.hostEvent(null, 'device.spawnGatingUnavailable', null, { type: 'gating-unavailable', reason });
      this.log(`spawn gating is unavailable on this device (${reason}); tracing attach-only: other processes of ${this.opts.package} are not followed and their starts are not seen`);
      return;
    }
    // Spawns already held (gating left on by an earlier client) are handled like new ones.
    for (const s of await this.device.enumeratePendingSpawn()) void this.onSpawn(s);
  }

  /** Spawns the app (Frida force-stops it first), traces its main process and resumes it. */
  async spawn(): Promise<number> {
    const pid = await this.device.spawn(this.opts.package);
    const outcome = await this.traceSuspended(pid, this.opts.package, 'sdktrace');
    if (outcome.error !== null) throw outcome.error;
    return pid;
  }

  /** Attaches to a running process of the app (the caller checked it runs). */
  async attach(pid: number, name: string): Promise<void> {
    if (this.isTraced(pid)) return;
    this.claiming.add(pid);
    const work = this.trace(pid, name, 'attach');
    this.track(work);
    try {
      await work;
    } finally {
      this.claiming.delete(pid);
    }
  }

  /**
   * Attaches to `first` and to every other running process of the app (-n / -p: the app is
   * already running, its other processes too). Only a failure on `first` is thrown.
   */
  async attachRunning(first: AppProcess): Promise<void> {
    await this.attach(first.pid, first.name);
    await this.sweep();
  }

  /**
   * Kills every running process of the app (observation of self-starts needs the app stopped);
   * each kill is on the timeline. Returns what was killed.
   */
  async stopApp(): Promise<AppProcess[]> {
    const running = await appProcesses(this.device, this.opts.package);
    for (const p of running) {
      this.hostEvent(null, 'device.kill', p.pid, { type: 'killed', identifier: p.name, by: 'sdktrace', why: 'the app must not run while self-starts are observed' });
      await this.device.kill(p.pid).catch((e: Error) => this.log(`could not kill ${p.name} (pid ${p.pid}): ${e.message}`));
    }
    return running;
  }

  private track(work: Promise<unknown>): void {
    const done = work.then(
      () => undefined,
      () => undefined,
    );
    this.inflight.add(done);
    void done.then(() => this.inflight.delete(done));
  }

  /**
   * Traces a suspended process (our spawn or a gated one) and resumes it: when the agent is
   * ready, or when the resume budget runs out (then the agent keeps loading into the running
   * process and the early part of its life is missed, which is recorded), or when tracing failed.
   * A suspended process is never left suspended.
   */
  private async traceSuspended(pid: number, name: string, spawnedBy: SpawnedBy): Promise<{ error: Error | null }> {
    this.claiming.add(pid);
    const work = this.trace(pid, name, spawnedBy);
    this.track(work);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.budgetMs)));
    const outcome = await Promise.race([work.then(
      () => 'ready' as const,
      (e: Error) => e,
    ), late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      const t = this.byPid.get(pid);
      this.hostEvent(t?.ctx ?? null, 'device.resumedEarly', pid, { type: 'resumed-early', identifier: name, budgetMs: this.budgetMs });
      this.log(`${name} (pid ${pid}): the agent was not ready after ${this.budgetMs} ms; resumed to stay within Frida's watchdog, its first events may be missed`);
      void work.then(
        () => this.claiming.delete(pid),
        (e: Error) => {
          this.claiming.delete(pid);
          this.log(`could not trace ${name} (pid ${pid}): ${e.message}`);
        },
      );
    } else {
      this.claiming.delete(pid);
    }
    try {
      await this.device.resume(pid);
    } catch (e) {
      // Already resumed (Frida's watchdog, disableSpawnGating) or gone: nothing stays suspended.
      if (spawnedBy === 'sdktrace' && !this.device.isLost()) this.log(`resume of ${name} (pid ${pid}) failed: ${(e as Error).message}`);
    }
    if (outcome instanceof Error) {
      if (spawnedBy !== 'sdktrace') this.log(`could not trace ${name} (pid ${pid}): ${outcome.message}`);
      return { error: outcome };
    }
    return { error: null };
  }

  private async onSpawn(spawn: SpawnLike): Promise<void> {
    // Nothing a lost device says is trusted (its connection is gone; Frida stops signalling).
    if (this.isTraced(spawn.pid) || this.device.isLost()) return;
    const pkg = packageOf(spawn.identifier);
    if (pkg !== this.opts.package || this.stopping) {
      // Another app's process: the evidence of an associated start. Resume at once.
      this.hostEvent(null, 'device.spawnAdded', spawn.pid, { type: 'spawn', identifier: spawn.identifier, package: pkg, other: pkg !== this.opts.package });
      await this.device.resume(spawn.pid).catch(() => undefined);
      return;
    }
    await this.traceSuspended(spawn.pid, spawn.identifier, 'device');
  }

  private async onChild(child: ChildLike): Promise<void> {
    if (this.device.isLost()) return;
    const parent = this.byPid.get(child.parentPid);
    const detail: Record<string, unknown> = { type: 'child', origin: child.origin, parentPid: child.parentPid, identifier: child.identifier, path: child.path };
    if (child.argv.length > 0) detail.argv = child.argv.slice(0, MAX_ARGV).map((a) => clip(a));
    if (child.argv.length > MAX_ARGV) detail.argc = child.argv.length;
    this.hostEvent(parent?.ctx ?? null, 'device.childAdded', child.pid, detail);
    await this.device.resume(child.pid).catch(() => undefined);
  }

  private onCrash(crash: CrashLike): void {
    if (this.device.isLost()) return;
    const t = this.byPid.get(crash.pid);
    const detail: Record<string, unknown> = { type: 'crash', processName: crash.processName, summary: clip(crash.summary) };
    if (crash.report) detail.report = clip(crash.report, MAX_REPORT);
    this.hostEvent(t?.ctx ?? null, 'device.processCrashed', crash.pid, detail);
    if (t === undefined) return;
    t.crash ??= crash.summary;
    // Frida may report the crash before or after the session's detach.
    if (t.ended) this.write(() => this.store.updateProcess(t.ctx.id, { end_reason: endReason(t) }));
  }

  private onGatingDisabled(reason: string): void {
    if (this.stopping) return;
    this.hostEvent(null, 'device.spawnGatingDisabled', null, { type: 'gating-disabled', reason });
    if (this.device.isLost()) return;
    this.log(`spawn gating was disabled by the device (${reason}); enabling it again and looking for processes of ${this.opts.package} that started meanwhile`);
    const work = this.rearm(reason);
    this.track(work);
  }

  /** After gating was switched off behind our back: on again, then attach what started meanwhile. */
  private async rearm(after: string): Promise<void> {
    try {
      await this.device.enableSpawnGating({ scope: 'applications' });
      this.hostEvent(null, 'device.spawnGatingEnabled', null, { type: 'gating-enabled', after });
    } catch (e) {
      this.log(`could not enable spawn gating again: ${(e as Error).message}; new processes are caught only by the next sweep`);
    }
    await this.sweep();
  }

  /** Attaches to running processes of the app that are not traced (started while gating was off). */
  private async sweep(): Promise<void> {
    if (this.stopping || this.device.isLost()) return;
    let running: AppProcess[];
    try {
      running = await appProcesses(this.device, this.opts.package);
    } catch (e) {
      this.log(`could not list the processes of ${this.opts.package}: ${(e as Error).message}`);
      return;
    }
    for (const p of running) {
      if (this.isTraced(p.pid) || this.stopping) continue;
      await this.attach(p.pid, p.name).catch((e: Error) => this.log(`could not attach to ${p.name} (pid ${p.pid}): ${e.message}`));
    }
  }

  private onLost(): void {
    this.hostEvent(null, 'device.lost', null, { type: 'lost' });
    // Frida may report the loss without detaching each session first.
    for (const t of this.all) if (!t.ended) this.onDetached(t, 'device-lost', null);
    this.lostResolve?.();
  }

  /** Attaches, loads the agent, configures it. The caller resumes the process when suspended. */
  private async trace(pid: number, name: string, spawnedBy: SpawnedBy): Promise<void> {
    if (this.ingest.failure !== null) throw new Error('the store has failed; nothing more can be recorded');
    // The same process name seen before in this run: this is that process started again.
    const prev = [...this.all].reverse().find((t) => t.ctx.name === name);
    const startedAt = this.ingest.deviceClock.now();
    let id: number | undefined;
    this.write(() => {
      id = this.store.transaction(() => {
        const row = this.store.addProcess({
          run_id: this.runId,
          pid,
          name,
          package: packageOf(name),
          target: true,
          started_at: startedAt,
          spawned_by: spawnedBy,
          start_reason: spawnedBy === 'sdktrace' ? 'launcher' : null,
        });
        const fields: { restart_of?: number; start_detail?: string } = {};
        if (prev !== undefined) fields.restart_of = prev.ctx.id;
        if (spawnedBy === 'sdktrace') fields.start_detail = JSON.stringify({ launchedBy: 'sdktrace', via: 'spawn' });
        this.store.updateProcess(row.id, fields);
        return row.id;
      });
    });
    if (id === undefined) throw new Error('the store has failed; nothing more can be recorded');
    const ctx: ProcessContext = { id, pid, name, package: packageOf(name), target: true, nextSeq: 0, gaps: 0 };
    const traced: Traced = { ctx, session: null, script: null, ended: false, detachReason: null, crash: null };
    this.byPid.set(pid, traced);
    this.all.push(traced);
    const started: Record<string, unknown> = { type: 'process-started', identifier: name, spawnedBy };
    if (prev !== undefined) Object.assign(started, { restartOf: prev.ctx.pid, previousEnd: prev.detachReason ?? (prev.ended ? 'ended' : 'running') });
    this.hostEvent(ctx, 'device.processStarted', pid, started);

    try {
      const session = await this.device.attach(pid);
      traced.session = session;
      session.detached.connect(this.afterIngest((reason: string, crash: CrashLike | null) => this.onDetached(traced, reason, crash)));
      if (session.isDetached()) throw new Error('the process ended while sdktrace attached');
      if (this.opts.childGating !== false) {
        await session.enableChildGating().catch((e: Error) => {
          if (this.childGatingWarned) return;
          this.childGatingWarned = true;
          this.log(`child gating is unavailable on this device (${e.message}); fork/exec children are not reported`);
        });
      }
      const script = await session.createScript(this.opts.agentSource, { name: 'sdktrace-agent' });
      traced.script = script;
      script.message.connect((message: unknown, data: Buffer | null) => this.ingest.handle(ctx, message, data));
      script.logHandler = (level: string, text: string) => this.log(`[${name}] agent ${level}: ${text}`);
      await script.load();
      await script.exports.init!({ ...this.opts.agentConfig, package: this.opts.package });
    } catch (e) {
      if (!traced.ended) {
        traced.ended = true;
        traced.detachReason = `not traced: ${(e as Error).message}`;
        this.write(() => this.store.updateProcess(ctx.id, { ended_at: this.ingest.deviceClock.now(), end_reason: endReason(traced) }));
        await traced.session?.detach().catch(() => undefined);
      }
      throw e;
    }
  }

  private onDetached(t: Traced, reason: string, crash: CrashLike | null): void {
    if (t.ended) return;
    t.ended = true;
    t.detachReason = reason;
    if (crash !== null) t.crash ??= crash.summary;
    const detail: Record<string, unknown> = { type: 'process-ended', reason };
    if (t.crash !== null) detail.crash = clip(t.crash);
    this.hostEvent(t.ctx, 'device.detached', t.ctx.pid, detail);
    this.write(() => this.store.updateProcess(t.ctx.id, { ended_at: this.ingest.deviceClock.now(), end_reason: endReason(t) }));
    if (!this.stopping && reason !== 'application-requested') this.log(`${t.ctx.name} (pid ${t.ctx.pid}) ${t.crash !== null ? 'crashed' : 'ended'}: ${reason}${t.crash !== null ? `: ${t.crash}` : ''}`);
  }

  /** Asks every agent to send what it holds (the analyst's "flush now"). */
  async flushAll(): Promise<void> {
    await Promise.all(this.scripts().map(({ script }) => script.exports.flush!().catch(() => undefined)));
  }

  /** Sends the analyst's consent decision to the app's main process (falls back to any process). */
  async markConsent(state: 'granted' | 'refused'): Promise<void> {
    const scripts = this.scripts();
    const main = scripts.find((s) => s.ctx.name === this.opts.package) ?? scripts[0];
    if (main === undefined) throw new Error('no traced process is running to receive the consent marker');
    await main.script.exports.markConsent!(state);
  }

  /**
   * Ends the run: gating off and every held spawn resumed, attaches in flight finished, agents
   * flushed (their last events stored), scripts unloaded, sessions detached, the run closed.
   */
  stop(reason: string): Promise<void> {
    this.stopped ??= this.stopNow(reason);
    return this.stopped;
  }

  private async stopNow(reason: string): Promise<void> {
    this.stopping = true;
    if (!this.device.isLost() && !this.gatingUnavailable) {
      const pending = await this.device.enumeratePendingSpawn().catch(() => [] as SpawnLike[]);
      await this.device.disableSpawnGating().catch(() => undefined);
      for (const s of pending) await this.device.resume(s.pid).catch(() => undefined);
    }
    // Attaches in flight end (ready, failed or resumed early) before the agents are flushed.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all([...this.inflight]), new Promise((resolve) => (timer = setTimeout(resolve, this.budgetMs + 4000)))]);
    clearTimeout(timer);
    await this.flushAll();
    for (const t of this.all) {
      if (t.ended) continue;
      try {
        await t.script?.unload();
      } catch {
        // Already gone.
      }
      try {
        await t.session?.detach();
      } catch {
        // Already gone.
      }
      if (!t.ended) {
        t.ended = true;
        // A crash reported while stopping: the process is gone, whatever the detach says.
        t.detachReason = t.crash !== null ? 'process-terminated' : 'detached at end of run';
        this.write(() => this.store.updateProcess(t.ctx.id, { ended_at: this.ingest.deviceClock.now(), end_reason: endReason(t) }));
      }
    }
    for (const h of this.handlers) h.disconnect();
    // Every batch handed to the writer thread committed (or failed) before the run is closed.
    this.ingest.close();
    if (this.ingest.failure !== null && !reason.startsWith('storage failed')) reason = storageFailureReason(this.ingest.failure);
    try {
      // Even after a storage failure: the reason is the most useful thing to keep.
      this.store.endRun(this.runId, reason, this.now());
    } catch (e) {
      this.log(`could not record the end of run ${this.runId}: ${(e as Error).message}`);
    }
  }
}
