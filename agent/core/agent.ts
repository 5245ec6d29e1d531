// The agent as one object: configuration, emitter, installer and the rpc surface, built over an
// injected Platform and Java runtime. agent/index.ts supplies the real ones.
import { PROTOCOL_VERSION, type HookState } from '../../protocol/constants.js';
import type { AgentStatus, Hello, HookStatus, HooksMessage } from '../../protocol/messages.js';
import { CATALOG_VERSION, HOOKS } from '../catalog/index.js';
import type { HookSpec } from '../catalog/types.js';
import { EXTRACTORS } from '../extract/index.js';
import type { JavaAccess } from '../extract/types.js';
import { sendAppInfoWhenReady } from './app-info.js';
import { DEFAULT_CONFIG, resolveConfig, type ResolvedConfig } from './config.js';
import { Emitter } from './emitter.js';
import { ThreadGuard } from './guard.js';
import { HookInstaller } from './installer.js';
import type { ClassFactoryLike } from './java-like.js';
import type { Platform } from './platform.js';
import { DEFAULT_LIMITS } from './summarize.js';

export const AGENT_VERSION = '0.1.0';

/** What the agent needs from frida-java-bridge beyond the Platform. */
export interface JavaRuntime extends JavaAccess {
  available: boolean;
  /** Runs fn once the app's class loader is known (Java.perform). */
  perform(fn: () => void): void;
  /** Runs fn attached to the VM now (Java.performNow). */
  performNow(fn: () => void): void;
  apiLevel(): number;
  androidRelease(): string;
  /** Class factories to try, app loader first (Java.classFactory, then other loaders). */
  factories(): ClassFactoryLike[];
}

export class Agent {
  config: ResolvedConfig = DEFAULT_CONFIG;
  readonly emitter: Emitter;
  readonly guard = new ThreadGuard();
  private installer: HookInstaller | null = null;
  private initialized = false;

  constructor(
    private readonly platform: Platform,
    private readonly java: JavaRuntime,
    private readonly pid: number,
    private readonly processName: () => string,
    private readonly specs: readonly HookSpec[] = HOOKS,
  ) {
    this.emitter = new Emitter(platform, pid, {
      flushIntervalMs: this.config.flushIntervalMs,
      batchSize: this.config.batchSize,
      stackLimit: this.config.stackLimit,
    });
  }

  hello(): Hello {
    const h: Hello = {
      v: PROTOCOL_VERSION,
      kind: 'hello',
      pid: this.pid,
      process: this.processName(),
      agent: AGENT_VERSION,
      catalog: CATALOG_VERSION,
      java: this.java.available,
      t: this.platform.now(),
    };
    if (this.java.available) {
      try {
        this.java.performNow(() => {
          h.android = { release: this.java.androidRelease(), sdk: this.java.apiLevel() };
        });
      } catch {
        // Version unknown; the host still has the device's own report.
      }
    }
    return h;
  }

  /** rpc init: applies the host's configuration and installs hooks once the app is bound. */
  init(config: unknown): { pid: number; hooks: number } {
    if (this.initialized) return { pid: this.pid, hooks: this.specs.length };
    this.initialized = true;
    this.config = resolveConfig(config);
    Object.assign(this.emitter.options, {
      flushIntervalMs: this.config.flushIntervalMs,
      batchSize: this.config.batchSize,
      stackLimit: this.config.stackLimit,
    });
    this.platform.send(this.hello());
    if (this.java.available) this.java.perform(() => this.installHooks());
    return { pid: this.pid, hooks: this.specs.length };
  }

  private installHooks(): void {
    const installer = new HookInstaller({
      platform: this.platform,
      emitter: this.emitter,
      guard: this.guard,
      extractors: EXTRACTORS,
      limits: () => ({ ...DEFAULT_LIMITS, maxString: this.config.maxString }),
      apiLevel: this.java.apiLevel(),
      disabled: new Set(this.config.disabledHooks),
      java: this.java,
    });
    this.installer = installer;
    const hooks = installer.install(this.specs, this.java.factories());
    const msg: HooksMessage = { v: PROTOCOL_VERSION, kind: 'hooks', pid: this.pid, hooks };
    this.platform.send(msg);
    sendAppInfoWhenReady(this.platform, this.java, this.guard, this.java.apiLevel(), this.pid);
  }

  hookStatus(): HookStatus[] {
    return this.installer?.statuses() ?? [];
  }

  status(): AgentStatus {
    const hooks: Record<string, number> = {};
    for (const s of this.hookStatus()) hooks[s.state] = (hooks[s.state] ?? 0) + 1;
    return {
      pid: this.pid,
      seq: this.emitter.seq,
      queued: this.emitter.queued,
      stacks: this.emitter.stacks.size,
      hooks: hooks as Record<HookState, number>,
      counters: this.emitter.counterSnapshot(),
    };
  }

  flush(): { sent: number; seq: number } {
    return { sent: this.emitter.flush(), seq: this.emitter.seq };
  }

  /** The analyst's consent marker: an event in this process's sequence, flushed at once. */
  markConsent(state: unknown): { seq: number } {
    if (state !== 'granted' && state !== 'refused') throw new Error(`markConsent: state must be "granted" or "refused", got ${JSON.stringify(state)}`);
    const ev = this.emitter.emit({ kind: 'consent', api: 'sdktrace.markConsent', detail: { state, source: 'marker' } }, false);
    this.emitter.flush();
    return { seq: ev.seq };
  }

  /** The flat rpc surface (objection style): only own enumerable properties count in Frida. */
  rpcExports(): Record<string, (...args: any[]) => unknown> {
    return {
      init: (config: unknown) => this.init(config),
      status: () => this.status(),
      hooks: () => this.hookStatus(),
      flush: () => this.flush(),
      markConsent: (state: unknown) => this.markConsent(state),
    };
  }
}
