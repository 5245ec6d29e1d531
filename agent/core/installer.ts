// Installs hooks described as data (agent/catalog) through frida-java-bridge: every listed overload
// is replaced by one shared hook body that calls the original through the bridge's re-entry rule,
// never lets our errors reach the app, and reports what it saw through the emitter.
import type { HookState } from '../../protocol/constants.js';
import type { HookStatus } from '../../protocol/messages.js';
import type { HookSpec } from '../catalog/types.js';
import type { ExtractServices } from '../extract/services.js';
import type { JavaAccess } from '../extract/java.js';
import type { Extractor, HookCall } from '../extract/types.js';
import type { Emitter, EventDraft } from './emitter.js';
import type { ThreadGuard } from './guard.js';
import { typeName, type ClassFactoryLike, type JavaDispatcherLike, type JavaMethodLike } from './java-like.js';
import type { NetScope } from './netscope.js';
import type { OriginTracker } from './origins.js';
import type { Platform } from './platform.js';
import { summarize, type SummaryLimits } from './summarize.js';

export interface InstallerContext {
  platform: Platform;
  emitter: Emitter;
  guard: ThreadGuard;
  extractors: Readonly<Record<string, Extractor>>;
  limits: () => SummaryLimits;
  apiLevel: number;
  disabled: ReadonlySet<string>;
  java: JavaAccess;
  /** Shared extractor state; required by extractors that resolve intents, track wake-ups, etc. */
  services?: ExtractServices;
  /** Asynchronous-work tracking; 'origin' specs are skipped without it. */
  origins?: OriginTracker;
  /** Marks Java calls that report their own socket bytes (natives stay silent meanwhile). */
  netScope?: NetScope;
  /** A class loader was just built (kind 'loader' specs): install what belongs in it. */
  onLoader?: (loader: any) => void;
}

/**
 * The chain group of a spec (see HookSpec.outermostOnly), or null. Every personal-information
 * read is outermost-only by its data type: AOSP forwards one overload to another (getImei() is
 * getImei(getSlotIndex()), getSubscriberId() is getSubscriberId(getSubId()), ClipboardManager
 * getText() reads getPrimaryClip()), and frida-java-bridge hooks each overload separately, so one
 * call by app or SDK code would otherwise be recorded once per hooked frame. The outermost hooked
 * frame on the thread records; nested reads of the same data type fold into it. Reads whose data
 * type an extractor decides (no static dataType) fold per hook.
 */
export function outerGroup(spec: HookSpec): string | null {
  if (spec.outermostOnly === false) return null;
  if (spec.outermostOnly === undefined) {
    if (spec.kind !== 'pi') return null;
    return readGroup(spec.dataType ?? spec.id);
  }
  return spec.outermostOnly === true ? spec.class : spec.outermostOnly;
}

/** The chain group of personal-information reads of one data type (or of one hook whose extractor decides it). */
export function readGroup(dataTypeOrHookId: string): string {
  return `pi:${dataTypeOrHookId}`;
}

/** Hook-body failures reported per hook before we stop repeating them (the counter keeps going). */
const MAX_REPORTED_ERRORS = 3;

export class HookInstaller {
  private readonly status = new Map<string, HookStatus>();
  private readonly errors = new Map<string, number>();
  /**
   * Per app-shipped spec: the class loaders whose copy of the class is hooked. A class can exist
   * in several loaders (the app's and a plugin's own OkHttp): each copy is a different class to
   * ART and to frida-java-bridge, and each is hooked.
   */
  private readonly copies = new Map<string, Set<string>>();

  constructor(private readonly ctx: InstallerContext) {}

  statuses(): HookStatus[] {
    return [...this.status.values()];
  }

  /**
   * Installs each spec not yet installed. `factories` are tried in order (the system/app loader
   * first, then other class loaders) so classes that ship inside the app are found too.
   * Returns the status of every spec passed in.
   */
  install(specs: readonly HookSpec[], factories: readonly ClassFactoryLike[]): HookStatus[] {
    const out: HookStatus[] = [];
    for (const spec of specs) {
      const prev = this.status.get(spec.id);
      if (spec.loader === 'app' && prev !== undefined && prev.state === 'installed') {
        // Already hooked somewhere: look for copies of the class in loaders not seen yet.
        const more = this.installCopies(spec, factories);
        if (more > 0) this.status.set(spec.id, { ...prev, overloads: prev.overloads + more });
        out.push(this.status.get(spec.id)!);
        continue;
      }
      if (prev !== undefined && prev.state === 'installed') {
        out.push(prev);
        continue;
      }
      const st = spec.loader === 'app' ? this.installApp(spec, factories) : this.installOne(spec, factories);
      this.status.set(spec.id, st);
      out.push(st);
    }
    return out;
  }

  /** An app-shipped spec: every loader whose copy of the class is new gets hooked. */
  private installApp(spec: HookSpec, factories: readonly ClassFactoryLike[]): HookStatus {
    let first: HookStatus | null = null;
    let total = 0;
    for (const f of factories) {
      const st = this.installOne(spec, [f], true);
      if (st.state === 'installed') total += st.overloads;
      if (first === null || (first.state !== 'installed' && st.state === 'installed')) first = st;
    }
    if (first === null) return this.installOne(spec, factories);
    return first.state === 'installed' ? { ...first, overloads: total } : first;
  }

  /** Hooks copies of an installed app-shipped class in loaders not seen yet; returns overloads hooked. */
  private installCopies(spec: HookSpec, factories: readonly ClassFactoryLike[]): number {
    let n = 0;
    for (const f of factories) {
      const st = this.installOne(spec, [f], true);
      if (st.state === 'installed') n += st.overloads;
    }
    return n;
  }

  private readonly factoryIds = new Map<ClassFactoryLike, string>();

  private factoryKey(f: ClassFactoryLike): string {
    let id = this.factoryIds.get(f);
    if (id === undefined) this.factoryIds.set(f, (id = `factory#${this.factoryIds.size}`));
    return id;
  }

  /** Identity of the loader that defined a class wrapper ('boot' for the boot loader), or null. */
  private loaderKey(cls: any): string | null {
    try {
      const loader = cls.class.getClassLoader();
      if (loader === null || loader === undefined) return 'boot';
      const System = this.ctx.java.use('java.lang.System');
      return `${String(loader.$className ?? '')}@${String(System.identityHashCode(loader))}`;
    } catch {
      return null;
    }
  }

  private installOne(spec: HookSpec, factories: readonly ClassFactoryLike[], copy = false): HookStatus {
    const result = (state: HookState, overloads: number, reason?: string): HookStatus =>
      reason === undefined
        ? { id: spec.id, class: spec.class, method: spec.method, state, overloads }
        : { id: spec.id, class: spec.class, method: spec.method, state, overloads, reason };

    if (this.ctx.disabled.has(spec.id)) return result('skipped', 0, 'disabled by configuration');
    if (spec.kind === 'origin' && (this.ctx.origins === undefined || spec.origin === undefined)) return result('skipped', 0, 'origin tracking not enabled');
    if (spec.kind === 'loader' && this.ctx.onLoader === undefined) return result('skipped', 0, 'class-loader tracking not enabled');
    const api = this.ctx.apiLevel;
    if (spec.minApi !== undefined && api < spec.minApi) return result('skipped', 0, `needs API ${spec.minApi}+, device is API ${api}`);
    if (spec.maxApi !== undefined && api > spec.maxApi) return result('skipped', 0, `exists up to API ${spec.maxApi}, device is API ${api}`);

    let cls: any = null;
    let lastError = '';
    for (const factory of factories) {
      try {
        cls = factory.use(spec.class);
        break;
      } catch (e) {
        lastError = errorText(e);
      }
    }
    if (cls === null) return result('missing-class', 0, lastError || `class ${spec.class} not found`);
    if (copy) {
      // A copy is hooked once per defining loader: a child loader that delegates to its parent
      // answers with the parent's class, which is the same copy.
      // Without a readable defining loader, the factory stands for it (a child factory that
      // delegates to its parent may then hook the parent's copy a second time: one more wrapper
      // on the same method, still one event per call since the inner one re-enters the original).
      const key = this.loaderKey(cls) ?? this.factoryKey(factories[0]!);
      let seen = this.copies.get(spec.id);
      if (seen === undefined) this.copies.set(spec.id, (seen = new Set()));
      if (seen.has(key)) return result('skipped', 0, 'this copy is hooked already');
      seen.add(key);
    }

    const dispatcher = cls[spec.method] as JavaDispatcherLike | undefined;
    if (dispatcher === undefined || dispatcher === null || !Array.isArray(dispatcher.overloads)) {
      return result('missing-method', 0, `${spec.class} has no method ${spec.method}`);
    }

    let methods: JavaMethodLike[];
    if (spec.overloads === 'all') {
      methods = dispatcher.overloads;
    } else {
      methods = [];
      const missing: string[] = [];
      for (const sig of spec.overloads) {
        try {
          methods.push(dispatcher.overload(...sig));
        } catch {
          missing.push(`(${sig.join(', ')})`);
        }
      }
      if (methods.length === 0) return result('missing-method', 0, `${spec.class}.${spec.method}${missing.join(' ')} not found`);
      if (missing.length > 0) lastError = `overloads not on this device: ${missing.join(' ')}`;
    }

    let hooked = 0;
    const failures: string[] = [];
    for (const m of methods) {
      try {
        m.implementation = this.makeHook(spec, m);
        hooked++;
      } catch (e) {
        failures.push(errorText(e));
      }
    }
    if (hooked === 0) return result('failed', 0, failures.join('; '));
    const reason = [lastError, ...failures].filter((s) => s !== '').join('; ');
    return result('installed', hooked, reason === '' ? undefined : reason);
  }

  private makeHook(spec: HookSpec, method: JavaMethodLike): (this: any, ...args: any[]) => any {
    if (spec.kind === 'origin') return this.makeOriginHook(spec, method);
    if (spec.kind === 'loader') return this.makeLoaderHook(spec, method);
    const { platform, guard, emitter, netScope } = this.ctx;
    const params = method.argumentTypes.map(typeName);
    const api = `${spec.class}.${spec.method === '$init' ? '<init>' : spec.method}(${params.join(',')})`;
    const installer = this;
    const group = outerGroup(spec);
    const scoped = spec.netScope === true && netScope !== undefined ? netScope : null;
    return function sdktraceHook(this: any, ...args: any[]): any {
      const tid = platform.threadId();
      // Our own Java calls (and the inner links of a chain already being reported) pass straight through.
      if (guard.isBusy(tid) || (group !== null && guard.isInsideOuter(tid, group))) return method.apply(this, args);
      emitter.countCall(spec.id);
      if (spec.before === true) {
        try {
          guard.ownWork(tid, () => installer.observe(spec, api, params, this, args, undefined, undefined));
        } catch (e) {
          installer.reportHookError(spec, e);
        }
        return method.apply(this, args);
      }
      let ret: any;
      let thrown: unknown;
      const original = () => method.apply(this, args);
      if (scoped !== null) scoped.enter(tid);
      try {
        // Calling the same method again on this thread reaches the original (FJB re-entry rule).
        ret = group !== null ? guard.outermost(tid, original, group) : original();
      } catch (e) {
        thrown = e;
      } finally {
        if (scoped !== null) scoped.exit(tid);
      }
      try {
        guard.ownWork(tid, () => installer.observe(spec, api, params, this, args, ret, thrown));
      } catch (e) {
        installer.reportHookError(spec, e);
      }
      if (thrown !== undefined) throw thrown;
      return ret;
    };
  }

  /**
   * Class-loader constructors: the original builds the loader, then (outermost frame only, as our
   * own work) the agent installs what belongs in it. Never an event; errors never reach the app.
   */
  private makeLoaderHook(spec: HookSpec, method: JavaMethodLike): (this: any, ...args: any[]) => any {
    const { platform, guard, emitter } = this.ctx;
    const onLoader = this.ctx.onLoader!;
    const installer = this;
    const group = outerGroup(spec) ?? spec.id;
    return function sdktraceLoaderHook(this: any, ...args: any[]): any {
      const tid = platform.threadId();
      if (guard.isBusy(tid) || guard.isInsideOuter(tid, group)) return method.apply(this, args);
      emitter.countCall(spec.id);
      const ret = guard.outermost(tid, () => method.apply(this, args), group);
      try {
        guard.ownWork(tid, () => onLoader(this));
      } catch (e) {
        installer.reportHookError(spec, e);
      }
      return ret;
    };
  }

  /** Asynchronous-work tracking hooks: never an event; errors never reach the app. */
  private makeOriginHook(spec: HookSpec, method: JavaMethodLike): (this: any, ...args: any[]) => any {
    const { platform, guard, emitter } = this.ctx;
    const origins = this.ctx.origins!;
    const role = spec.origin!;
    const installer = this;
    const onError = (e: unknown) => installer.reportHookError(spec, e);
    return function sdktraceOriginHook(this: any, ...args: any[]): any {
      const tid = platform.threadId();
      if (guard.isBusy(tid)) return method.apply(this, args);
      emitter.countCall(spec.id);
      const original = () => method.apply(this, args);
      switch (role.role) {
        case 'submit':
          return origins.submit(tid, role, this, args, original, onError);
        case 'run':
          return origins.run(tid, role.key === 'self' ? this : args[role.key], role.once === true, original, onError);
        case 'begin':
          try {
            origins.begin(tid, args[role.key]);
          } catch (e) {
            onError(e);
          }
          return original();
        case 'end':
          try {
            return original();
          } finally {
            try {
              origins.end(tid);
            } catch (e) {
              onError(e);
            }
          }
      }
    };
  }

  private observe(spec: HookSpec, api: string, params: string[], self: any, args: any[], ret: any, thrown: unknown): void {
    const limits = this.ctx.limits();
    const sha256 = this.ctx.platform.sha256;
    const draft: EventDraft = { kind: spec.kind, api, hook: spec.id } as EventDraft;
    const extra: EventDraft[] = [];
    if (spec.dataType !== undefined) (draft as any).dataType = spec.dataType;
    const which = spec.args ?? true;
    if (which !== false && args.length > 0) {
      const idx = which === true ? args.map((_, i) => i) : which;
      (draft as any).args = idx.map((i) => summarize(args[i], params[i], limits, sha256));
    }
    if (spec.ret ?? spec.kind === 'pi') {
      if (thrown === undefined && ret !== undefined) (draft as any).ret = summarize(ret, undefined, limits, sha256);
    }
    if (thrown !== undefined) (draft as any).thrown = clip(errorText(thrown), limits.maxString);
    if (spec.extract !== undefined) {
      const installer = this;
      const extractor = this.ctx.extractors[spec.extract];
      if (extractor === undefined) throw new Error(`unknown extractor ${spec.extract}`);
      const call: HookCall = {
        spec,
        self,
        args,
        params,
        ret,
        thrown,
        draft,
        limits,
        clip: (s: string) => clip(s, limits.maxString),
        java: this.ctx.java,
        // Lazily: only extractors that need shared state require it to be configured.
        get services(): ExtractServices {
          return installer.services();
        },
        also: (d: EventDraft) => {
          extra.push(d);
        },
      };
      const keep = extractor(call) !== false;
      if (keep) this.ctx.emitter.emit(draft);
      for (const d of extra) this.ctx.emitter.emit(d);
      return;
    }
    this.ctx.emitter.emit(draft);
  }

  private services(): ExtractServices {
    const s = this.ctx.services;
    if (s === undefined) throw new Error('extractor needs ExtractServices, none configured');
    return s;
  }

  /** A bug in our hook body: recorded as a 'hook' event (bounded), never raised into the app. */
  reportHookError(spec: HookSpec, e: unknown): void {
    const n = (this.errors.get(spec.id) ?? 0) + 1;
    this.errors.set(spec.id, n);
    if (n > MAX_REPORTED_ERRORS) return;
    try {
      const error = clip(errorText(e), this.ctx.limits().maxString);
      this.ctx.emitter.emit({ kind: 'hook', api: `${spec.class}.${spec.method}`, hook: spec.id, detail: { hook: spec.id, error } }, false);
    } catch {
      // Nothing more we can safely do inside the app's thread.
    }
  }
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max);
}

/** Text of a JS error or a Java throwable (FJB puts Throwable.toString() in the message). */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e !== null && 'message' in e) return String((e as any).message);
  return String(e);
}
