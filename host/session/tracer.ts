// Drives one tracing run on a device (a phone through Frida, or the emulated device: both are a
// DeviceLike). It follows every process of the target app through spawn gating, loads the agent
// into each before it runs, records every other app's process that starts (evidence that an
// associated start worked), and records crashes, detaches and device loss on the run's timeline.
import type { AgentConfig } from '../../protocol/messages.js';
import type { CrashLike, DeviceLike, ScriptLike, SessionLike, SpawnLike, ChildLike } from '../device/types.js';
import type { Ingest } from '../ingest/ingest.js';
import type { ProcessContext } from '../ingest/types.js';
import type { Store } from '../store/db.js';

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
}

interface Traced {
  ctx: ProcessContext;
  session: SessionLike | null;
  script: ScriptLike | null;
  ended: boolean;
}

/** "com.app:push" -> "com.app" */
export function packageOf(processName: string): string {
  const i = processName.indexOf(':');
  return i < 0 ? processName : processName.slice(0, i);
}

export class Tracer {
  private readonly traced = new Map<number, Traced>();
  /** Pids being attached right now (spawnAdded can race with our own spawn). */
  private readonly claiming = new Set<number>();
  private readonly now: () => number;
  private stopping = false;
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
    this.lost = new Promise((resolve) => (this.lostResolve = resolve));
  }

  get runId(): number {
    return this.ingest.runId;
  }

  processes(): ProcessContext[] {
    return [...this.traced.values()].map((t) => t.ctx);
  }

  /** Scripts of live target processes, main process first. */
  scripts(): { ctx: ProcessContext; script: ScriptLike }[] {
    return [...this.traced.values()].filter((t) => t.script !== null && !t.ended).map((t) => ({ ctx: t.ctx, script: t.script! }));
  }

  private connect<H extends (...a: any[]) => void>(signal: { connect(h: H): void; disconnect(h: H): void }, h: H): void {
    signal.connect(h);
    this.handlers.push({ disconnect: () => signal.disconnect(h) });
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }

  private hostEvent(ctx: ProcessContext | null, api: string, pid: number | null, detail: Record<string, unknown>): void {
    this.ingest.hostEvent(ctx, { kind: 'device', api, t: this.ingest.deviceClock.now(), pid, detail });
  }

  /** Subscribes to the device's signals and enables spawn gating for the app's other processes. */
  async watch(): Promise<void> {
    this.connect(this.device.spawnAdded, (s: SpawnLike) => void this.onSpawn(s));
    this.connect(this.device.childAdded, (c: ChildLike) => void this.onChild(c));
    this.connect(this.device.processCrashed, (c: CrashLike) => this.onCrash(c));
    this.connect(this.device.spawnGatingDisabled, (reason: string) => {
      this.hostEvent(null, 'device.spawnGatingDisabled', null, { type: 'gating-disabled', reason });
      this.log(`spawn gating disabled by the device (${reason}); processes started from now on are not traced`);
    });
    this.connect(this.device.lost, () => {
      this.hostEvent(null, 'device.lost', null, { type: 'lost' });
      this.lostResolve?.();
    });
    // 'applications' catches every zygote child of an app (pkg and pkg:proc), not just exec'd programs.
    await this.device.enableSpawnGating({ scope: 'applications' });
  }

  /** Spawns the app (Frida force-stops it first), traces its main process and resumes it. */
  async spawn(): Promise<number> {
    const pid = await this.device.spawn(this.opts.package);
    this.claiming.add(pid);
    try {
      await this.trace(pid, this.opts.package, 'sdktrace');
      return pid;
    } finally {
      this.claiming.delete(pid);
      await this.device.resume(pid).catch((e: Error) => this.log(`resume of ${pid} failed: ${e.message}`));
    }
  }

  /** Attaches to a running process of the app. */
  async attach(pid: number, name: string): Promise<void> {
    this.claiming.add(pid);
    try {
      await this.trace(pid, name, 'attach');
    } finally {
      this.claiming.delete(pid);
    }
  }

  private async onSpawn(spawn: SpawnLike): Promise<void> {
    if (this.traced.has(spawn.pid) || this.claiming.has(spawn.pid)) return;
    const pkg = packageOf(spawn.identifier);
    if (pkg !== this.opts.package || this.stopping) {
      // Another app's process: the evidence of an associated start. Resume at once.
      this.hostEvent(null, 'device.spawnAdded', spawn.pid, { type: 'spawn', identifier: spawn.identifier, package: pkg, other: pkg !== this.opts.package });
      await this.device.resume(spawn.pid).catch(() => undefined);
      return;
    }
    this.claiming.add(spawn.pid);
    try {
      await this.trace(spawn.pid, spawn.identifier, 'device');
    } catch (e) {
      this.log(`could not trace ${spawn.identifier} (pid ${spawn.pid}): ${(e as Error).message}`);
    } finally {
      this.claiming.delete(spawn.pid);
      // Resume even when tracing failed: a gated process must never stay suspended.
      await this.device.resume(spawn.pid).catch(() => undefined);
    }
  }

  private async onChild(child: ChildLike): Promise<void> {
    this.hostEvent(null, 'device.childAdded', child.pid, { type: 'child', parentPid: child.parentPid, origin: child.origin, identifier: child.identifier, path: child.path });
    await this.device.resume(child.pid).catch(() => undefined);
  }

  private onCrash(crash: CrashLike): void {
    const t = this.traced.get(crash.pid);
    this.hostEvent(t?.ctx ?? null, 'device.processCrashed', crash.pid, { type: 'crash', processName: crash.processName, summary: crash.summary });
    if (t !== undefined) this.store.updateProcess(t.ctx.id, { end_reason: `crashed: ${crash.summary}`.slice(0, 500) });
  }

  /** Attaches, loads the agent, configures it. The caller resumes the process. */
  private async trace(pid: number, name: string, spawnedBy: 'sdktrace' | 'device' | 'attach'): Promise<Traced> {
    const row = this.store.addProcess({
      run_id: this.runId,
      pid,
      name,
      package: packageOf(name),
      target: true,
      started_at: this.ingest.deviceClock.now(),
      spawned_by: spawnedBy,
    });
    const ctx: ProcessContext = { id: row.id, pid, name, package: row.package, target: true, nextSeq: 0, gaps: 0 };
    const traced: Traced = { ctx, session: null, script: null, ended: false };
    this.traced.set(pid, traced);
    this.hostEvent(ctx, 'device.processStarted', pid, { type: 'process-started', identifier: name, spawnedBy });

    const session = await this.device.attach(pid);
    traced.session = session;
    session.detached.connect((reason: string, crash: CrashLike | null) => this.onDetached(traced, reason, crash));
    const script = await session.createScript(this.opts.agentSource, { name: 'sdktrace-agent' });
    traced.script = script;
    script.message.connect((message: unknown, data: Buffer | null) => this.ingest.handle(ctx, message, data));
    script.logHandler = (level: string, text: string) => this.log(`[${name}] agent ${level}: ${text}`);
    await script.load();
    await script.exports.init!({ ...this.opts.agentConfig, package: this.opts.package });
    return traced;
  }

  private onDetached(t: Traced, reason: string, crash: CrashLike | null): void {
    if (t.ended) return;
    t.ended = true;
    const detail: Record<string, unknown> = { type: 'process-ended', reason };
    if (crash !== null) detail.crash = crash.summary;
    this.hostEvent(t.ctx, 'device.detached', t.ctx.pid, detail);
    this.store.updateProcess(t.ctx.id, { ended_at: this.ingest.deviceClock.now(), end_reason: crash !== null ? `${reason}: ${crash.summary}` : reason });
    if (!this.stopping && reason !== 'application-requested') this.log(`${t.ctx.name} (pid ${t.ctx.pid}) detached: ${reason}`);
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

  /** Ends the run: agents flushed, scripts unloaded, sessions detached, gating off. */
  async stop(reason: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.flushAll();
    for (const t of this.traced.values()) {
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
        this.store.updateProcess(t.ctx.id, { ended_at: this.ingest.deviceClock.now(), end_reason: 'detached at end of run' });
      }
    }
    if (!this.device.isLost()) await this.device.disableSpawnGating().catch(() => undefined);
    for (const h of this.handlers) h.disconnect();
    this.store.endRun(this.runId, reason, this.now());
  }
}
