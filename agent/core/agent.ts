// The agent as one object: configuration, emitter, installer and the rpc surface, built over an
// injected Platform and Java runtime. agent/index.ts supplies the real ones.
import { PROTOCOL_VERSION, type HookState } from '../../protocol/constants.js';
import type { AgentStatus, ClickResult, ControlsResult, Hello, HookStatus, HooksMessage } from '../../protocol/messages.js';
import { CATALOG_VERSION, HOOKS, NATIVE_HOOKS } from '../catalog/index.js';
import type { HookSpec } from '../catalog/types.js';
import { EXTRACTORS } from '../extract/index.js';
import { ExtractServices } from '../extract/services.js';
import type { JavaAccess } from '../extract/java.js';
import { readStartInfo } from '../extract/wake-tracker.js';
import { NativeCollect } from '../natives/collect.js';
import { NativeNet } from '../natives/net.js';
import { TlsLink } from '../natives/tls-link.js';
import type { GumSurface } from '../natives/surface.js';
import { sendAppInfoWhenReady } from './app-info.js';
import { DEFAULT_CONFIG, resolveConfig, type ResolvedConfig } from './config.js';
import { Emitter, type EventDraft } from './emitter.js';
import { ThreadGuard } from './guard.js';
import { errorText, HookInstaller, readGroup } from './installer.js';
import type { ClassFactoryLike } from './java-like.js';
import { clickControl, findControls, type ControlsDeps } from '../ui/controls.js';
import { NetScope } from './netscope.js';
import { DecidingClasses, SubmittedWorkClasses } from './origin-gate.js';
import { OriginTracker } from './origins.js';
import { ReaderSites } from './readers.js';
import type { Platform } from './platform.js';
import { DEFAULT_LIMITS } from './summarize.js';

/** Polls of ApplicationStartInfo (API 35+) until the Application exists: 200 ms apart, 30 s at most. */
const START_INFO_POLL_MS = 200;
const START_INFO_POLLS = 150;
/** Later passes for classes shipped in the app (loaded by plugin/dynamic class loaders after start). */
const LATE_LOADER_PASSES_MS = [2_000, 10_000, 30_000];

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
  /** Forgets cached class loaders so the next factories() enumerates them again. */
  refreshFactories?(): void;
  /** The class factory of a loader object just built (Java.ClassFactory.get), remembered for later passes. */
  factoryFor?(loader: unknown): ClassFactoryLike;
  /** What class-loader enumeration has cost so far (each one suspends every thread). */
  loaderScans?(): { count: number; totalMs: number; maxMs: number; loaders: number };
  /** Java.scheduleOnMainThread: views may only be touched there (the audit's control finder). */
  scheduleOnMainThread?(fn: () => void): void;
}

export interface AgentOptions {
  /** Hook specs to install (default: the whole catalog). */
  specs?: readonly HookSpec[];
  /** The Gum surface for native hooks; without it no native hooks are installed. */
  natives?: () => GumSurface;
}

export class Agent {
  config: ResolvedConfig = DEFAULT_CONFIG;
  readonly emitter: Emitter;
  readonly guard = new ThreadGuard();
  readonly netScope = new NetScope();
  readonly tlsLink = new TlsLink(() => this.platform.now());
  readonly origins: OriginTracker;
  /** Per-reader keys for once-per-reader hooks (Location.getLatitude). */
  private readonly readers: ReaderSites;
  private installer: HookInstaller | null = null;
  private services: ExtractServices | null = null;
  private nativeStatus: HookStatus[] = [];
  private initialized = false;
  private readonly specs: readonly HookSpec[];
  private JavaThread: any = null;
  /** Set at install when the config asks for gated origin walks and carries the host's gate. */
  private workClasses: SubmittedWorkClasses | null = null;

  constructor(
    private readonly platform: Platform,
    private readonly java: JavaRuntime,
    private readonly pid: number,
    private readonly processName: () => string,
    private readonly options: AgentOptions = {},
  ) {
    this.specs = options.specs ?? HOOKS;
    this.emitter = new Emitter(platform, pid, {
      flushIntervalMs: this.config.flushIntervalMs,
      batchSize: this.config.batchSize,
      stackLimit: this.config.stackLimit,
    });
    this.origins = new OriginTracker({
      now: () => this.platform.now(),
      identity: (obj) => this.services?.identity(obj) ?? null,
      currentThread: () => {
        try {
          this.JavaThread ??= this.java.use('java.lang.Thread');
          return this.services?.identity(this.JavaThread.currentThread()) ?? null;
        } catch {
          return null;
        }
      },
      captureStack: () => this.emitter.stacks.captureDeferred(),
      workDecides: (work, self, obj) => {
        const classes = this.workClasses;
        if (classes === null) return false;
        return this.guard.ownWork(this.platform.threadId(), () => classes.decides(work, self, obj));
      },
    });
    this.readers = new ReaderSites(platform, this.emitter.stacks, () => this.emitter.options.stackLimit, (tid) => this.origins.current(tid));
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
    this.installNatives();
    if (this.java.available) this.java.perform(() => this.installHooks());
    return { pid: this.pid, hooks: this.specs.length };
  }

  /** libc and BoringSSL hooks: they need no VM, so they go in at once (before the app runs). */
  private installNatives(): void {
    if (this.options.natives === undefined) return;
    const disabled = new Set(this.config.disabledHooks);
    const wanted = NATIVE_HOOKS.filter((h) => !disabled.has(h.id));
    if (wanted.length === 0) return;
    const net = new NativeNet({
      surface: this.options.natives(),
      emit: (draft) => this.emitter.emit(draft),
      countCall: (hook) => this.emitter.countCall(hook),
      maxSample: () => this.config.maxSample,
      netScope: this.netScope,
      tlsLink: this.tlsLink,
      tlsPatterns: this.config.tlsPatterns,
      disabled,
      onError: (hook, e) => this.reportNativeError(hook, e),
    });
    const collect = new NativeCollect({
      surface: this.options.natives(),
      emit: (draft) => this.emitter.emit(draft),
      countCall: (hook) => this.emitter.countCall(hook),
      ownPackage: () => this.services?.ownPackage() ?? this.config.package,
      ownPid: this.pid,
      disabled,
      onError: (hook, e) => this.reportNativeError(hook, e),
      // One call, one event: a libc read under a running Java hook of the same read (or under our
      // own Java work) is that call's implementation, not a second call.
      foldedInJava: (tid, dataType, funnel) =>
        this.guard.isBusy(tid) || this.guard.isInsideOuter(tid, readGroup(dataType)) || (funnel !== null && this.guard.isInsideOuter(tid, readGroup(funnel))),
    });
    try {
      const netReport = net.install();
      const collectReport = collect.install();
      const report = { hooked: [...netReport.hooked, ...collectReport.hooked], missing: [...netReport.missing, ...collectReport.missing] };
      this.nativeStatus = NATIVE_HOOKS.map((h) => {
        const found = report.hooked.filter((x) => x.endsWith(`!${h.symbol}`)).length;
        const base = { id: h.id, class: h.module, method: h.symbol };
        if (disabled.has(h.id)) return { ...base, state: 'skipped' as const, overloads: 0, reason: 'disabled by configuration' };
        if (found > 0) return { ...base, state: 'installed' as const, overloads: found };
        return { ...base, state: 'missing-method' as const, overloads: 0, reason: `${h.module}!${h.symbol} not exported or not mapped` };
      });
    } catch (e) {
      this.nativeStatus = NATIVE_HOOKS.map((h) => ({ id: h.id, class: h.module, method: h.symbol, state: 'failed' as const, overloads: 0, reason: errorText(e) }));
    }
  }

  private nativeErrors = 0;

  private reportNativeError(hook: string, e: unknown): void {
    if (++this.nativeErrors > 16) return;
    try {
      this.emitter.emit({ kind: 'hook', api: hook, hook, detail: { hook, error: errorText(e).slice(0, this.config.maxString) } }, false);
    } catch {
      // Nothing more we can safely do on the app's thread.
    }
  }

  private makeServices(): ExtractServices {
    const clip = (s: string) => (s.length <= this.config.maxString ? s : s.slice(0, this.config.maxString));
    return new ExtractServices({
      java: this.java,
      apiLevel: this.java.apiLevel(),
      pid: this.pid,
      now: () => this.platform.now(),
      configuredPackage: this.config.package,
      maxSample: this.config.maxSample,
      tlsLink: this.tlsLink,
      threadId: () => this.platform.threadId(),
      readerSite: (self) => this.readers.site(self),
      wake: {
        readStartInfo: () => readStartInfo(this.java, this.pid, clip),
        setTimeout: (fn, ms) => this.platform.setTimeout(fn, ms),
        clearTimeout: (h) => this.platform.clearTimeout(h),
        emit: (detail, api, hook) => {
          this.emitter.emit({ kind: 'lifecycle', api, hook, detail } as EventDraft, false);
        },
      },
    });
  }

  private installHooks(): void {
    const services = this.makeServices();
    this.services = services;
    this.emitter.origins = this.origins;
    const gate = this.config.originGate;
    if (gate !== null) {
      const deciding = new DecidingClasses(gate);
      this.emitter.stacks.decides = (className) => deciding.decides(className);
      if (this.config.originStacks === 'gated') this.workClasses = new SubmittedWorkClasses(this.java, deciding);
    }
    const installer = new HookInstaller({
      platform: this.platform,
      emitter: this.emitter,
      guard: this.guard,
      extractors: EXTRACTORS,
      limits: () => ({ ...DEFAULT_LIMITS, maxString: this.config.maxString }),
      apiLevel: this.java.apiLevel(),
      disabled: new Set(this.config.disabledHooks),
      java: this.java,
      services,
      origins: this.origins,
      netScope: this.netScope,
      ...(this.java.factoryFor === undefined ? {} : { onLoader: (loader: unknown) => this.onNewLoader(installer, loader) }),
    });
    this.installer = installer;
    const hooks = installer.install(this.specs, this.java.factories());
    const msg: HooksMessage = { v: PROTOCOL_VERSION, kind: 'hooks', pid: this.pid, hooks: [...hooks, ...this.nativeStatus] };
    this.platform.send(msg);
    sendAppInfoWhenReady(this.platform, this.java, this.guard, this.java.apiLevel(), this.pid);
    this.pollStartInfo(services, 0);
    this.scheduleLateLoaderPasses(installer, 0);
  }

  /**
   * A class loader was just built (BaseDexClassLoader constructor, on the app's thread): the
   * app-shipped hooks go into it now, before any of its classes run, every copy of a class included.
   */
  private onNewLoader(installer: HookInstaller, loader: unknown): void {
    this.loadersSeen++;
    const factory = this.java.factoryFor!(loader);
    const appSpecs = this.specs.filter((sp) => sp.loader === 'app');
    if (appSpecs.length === 0) return;
    const before = new Map(installer.statuses().map((st) => [st.id, `${st.state}/${st.overloads}`]));
    const after = installer.install(appSpecs, [factory]);
    if (after.some((st) => before.get(st.id) !== `${st.state}/${st.overloads}`)) {
      this.platform.send({ v: PROTOCOL_VERSION, kind: 'hooks', pid: this.pid, hooks: [...installer.statuses(), ...this.nativeStatus] } satisfies HooksMessage);
    }
  }

  private loadersSeen = 0;

  /** API 35+: the system's own record of what started us, once the Application exists. */
  private pollStartInfo(services: ExtractServices, polls: number): void {
    let state: 'decided' | 'retry' | 'heuristic' = 'heuristic';
    try {
      this.java.performNow(() => {
        state = this.guard.ownWork(this.platform.threadId(), () => services.wake.poll());
      });
    } catch {
      state = 'retry';
    }
    if (state === 'retry' && polls + 1 < START_INFO_POLLS) this.platform.setTimeout(() => this.pollStartInfo(services, polls + 1), START_INFO_POLL_MS);
  }

  /** Classes shipped in the app may sit in class loaders created after start: try them again later. */
  private scheduleLateLoaderPasses(installer: HookInstaller, pass: number): void {
    const delay = LATE_LOADER_PASSES_MS[pass];
    if (delay === undefined) return;
    this.platform.setTimeout(() => {
      const missing = this.specs.filter((s) => s.loader === 'app' && installer.statuses().find((st) => st.id === s.id)?.state === 'missing-class');
      if (missing.length > 0) {
        try {
          this.java.performNow(() => {
            this.java.refreshFactories?.();
            const before = new Map(installer.statuses().map((st) => [st.id, st.state]));
            const after = installer.install(missing, this.java.factories());
            if (after.some((st) => before.get(st.id) !== st.state)) {
              this.platform.send({ v: PROTOCOL_VERSION, kind: 'hooks', pid: this.pid, hooks: [...installer.statuses(), ...this.nativeStatus] } satisfies HooksMessage);
            }
          });
        } catch {
          // The VM refused (process exiting): nothing to retry.
        }
      }
      this.scheduleLateLoaderPasses(installer, pass + 1);
    }, delay);
  }

  hookStatus(): HookStatus[] {
    return [...(this.installer?.statuses() ?? []), ...this.nativeStatus];
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
      ...(this.java.loaderScans === undefined ? {} : { loaderScans: this.java.loaderScans() }),
      loadersSeen: this.loadersSeen,
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

  private controlsDeps(): ControlsDeps {
    const services = this.services;
    const onMain = this.java.scheduleOnMainThread;
    if (!this.java.available || services === null) throw new Error('the app is not bound yet: no activity to look at');
    if (onMain === undefined) throw new Error('this Java runtime cannot run code on the main thread');
    return { java: this.java, onMainThread: (fn) => onMain.call(this.java, fn), activities: () => services.activities.list() };
  }

  /** The texts of the controls on the resumed activities' windows (for the audit's consent steps). */
  findControls(): Promise<ControlsResult> {
    return findControls(this.controlsDeps());
  }

  /** Clicks a shown control by its text (and path), as a user's tap; the click event follows in the batch. */
  async clickControl(query: unknown): Promise<ClickResult> {
    const r = await clickControl(this.controlsDeps(), query);
    this.emitter.flush();
    return r;
  }

  /** The flat rpc surface (objection style): only own enumerable properties count in Frida. */
  rpcExports(): Record<string, (...args: any[]) => unknown> {
    return {
      init: (config: unknown) => this.init(config),
      status: () => this.status(),
      hooks: () => this.hookStatus(),
      flush: () => this.flush(),
      markConsent: (state: unknown) => this.markConsent(state),
      findControls: () => this.findControls(),
      clickControl: (query: unknown) => this.clickControl(query),
    };
  }
}
