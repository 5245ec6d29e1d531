// Native reads around the framework: libc open/openat/fopen of identifier files,
// __system_property_get of identifier properties, getifaddrs (interface addresses, MACs on older
// releases) and ioctl(SIOCGIFHWADDR). Paths and property names are classified by the one table
// the Java routes use (agent/catalog/collection.ts); other calls are counted, not reported.
// Strings are read up to their NUL and then cut to a maximum (the surface's readCString: Gum's
// readUtf8String(size) would read past a short string's end).
//
// Cost: open/openat/fopen run for every file the process opens, so onEnter reads the path (one
// C-string read) and classifies it with a few regular expressions; ioctl checks its request number
// first and returns at once for any other. One call is one event: a read made while a Java hook
// on the same thread is running the call it reports folds into that Java event (not reported, not
// counted), as the Java hooks' own nested overloads do (agent/core/installer.ts outerGroup). The
// Java event is the one call: FileInputStream -> IoBridge.open -> Linux_open (libjavacore) ->
// libc open() on the app's thread; NetworkInterface.getNetworkInterfaces -> getifaddrs. Which Java
// calls a native read folds into is the `foldedInJava` option's answer (the agent asks the guard).
import type { EventDraft } from '../core/emitter.js';
import { classifyPath, SYSPROP_KEYS } from '../catalog/collection.js';
import type { DataType } from '../../protocol/constants.js';
import type { NativeInstallReport } from './net.js';
import type { GumSurface, InvocationLike, ModuleRef, PtrLike } from './surface.js';

export interface NativeCollectOptions {
  surface: GumSurface;
  emit(draft: EventDraft): void;
  countCall(hook: string): void;
  /** The traced app's package and pid: its own files and process are not reported. */
  ownPackage(): string | null;
  ownPid: number;
  disabled?: ReadonlySet<string>;
  onError(hook: string, e: unknown): void;
  /**
   * True when this native read is part of a Java call already reported on thread `tid`: a hooked
   * Java call of the same data type is running there, or `funnel` (the Java hook that classifies
   * the same path or key through the same table) is, or the agent's own work is. Without it,
   * nothing folds.
   */
  foldedInJava?(tid: number, dataType: DataType, funnel: string | null): boolean;
}

/**
 * The Java hook that meets the same argument before a native read does (libcore.io.IoBridge.open
 * for a path; SystemProperties.get for a key, which reaches __system_property_get on the releases
 * whose native_get calls it), by native hook id.
 */
const JAVA_FUNNEL: Readonly<Record<string, string>> = {
  'native.open': 'file.open',
  'native.openat': 'file.open',
  'native.fopen': 'file.open',
  'native.__system_property_get': 'sysprop.get',
};

/** SIOCGIFHWADDR from <linux/sockios.h>. */
const SIOCGIFHWADDR = 0x8927;
const MAX_PATH = 4096;

export class NativeCollect {
  constructor(private readonly o: NativeCollectOptions) {}

  install(): NativeInstallReport {
    const report: NativeInstallReport = { hooked: [], missing: [] };
    const libc = this.o.surface.modules().find((m) => m.name === 'libc.so');
    if (libc === undefined) {
      report.missing.push('libc.so');
      return report;
    }
    const self = this;
    const hook = (sym: string, onEnter: (ctx: InvocationLike, args: PtrLike[]) => void, onLeave?: (ctx: InvocationLike, ret: PtrLike) => void) => {
      const id = `native.${sym}`;
      if (this.o.disabled?.has(id) === true) return;
      const addr = this.o.surface.findExport(libc, sym);
      if (addr === null) {
        report.missing.push(`libc.so!${sym}`);
        return;
      }
      this.o.surface.attach(addr, {
        onEnter(this: InvocationLike, args: PtrLike[]) {
          self.guarded(id, () => onEnter(this, args));
        },
        ...(onLeave === undefined
          ? {}
          : {
              onLeave(this: InvocationLike, ret: PtrLike) {
                self.guarded(id, () => onLeave(this, ret));
              },
            }),
      });
      report.hooked.push(`libc.so!${sym}`);
    };
    const path = (sym: string, i: number) => (ctx: InvocationLike, args: PtrLike[]) => this.onPath(ctx, `native.${sym}`, `libc.so!${sym}`, args[i]);
    hook('open', path('open', 0));
    hook('openat', path('openat', 1));
    hook('fopen', path('fopen', 0));
    hook('__system_property_get', (ctx, args) => this.onPropertyEnter(ctx, args), (ctx) => this.onPropertyLeave(ctx));
    hook('getifaddrs', (ctx) => this.report(ctx, 'native.getifaddrs', 'libc.so!getifaddrs', 'mac_address', { via: 'native', target: 'getifaddrs' }));
    hook('ioctl', (ctx, args) => {
      if (args[1] === undefined || (args[1].toInt32() >>> 0) !== SIOCGIFHWADDR) return;
      const name = this.o.surface.readCString(args[2], 16);
      this.report(ctx, 'native.ioctl', 'libc.so!ioctl', 'mac_address', { via: 'native', target: `SIOCGIFHWADDR ${name ?? ''}`.trim() });
    });
    return report;
  }

  private guarded(hook: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.o.onError(hook, e);
    }
  }

  private report(ctx: InvocationLike, hook: string, api: string, dataType: DataType, detail: Record<string, unknown>): void {
    if (this.o.foldedInJava?.(ctx.threadId, dataType, JAVA_FUNNEL[hook] ?? null) === true) return;
    this.o.countCall(hook);
    const m = this.o.surface.moduleOf(ctx.returnAddress);
    if (m !== null) detail.module = m;
    this.o.emit({ kind: 'pi', api, hook, dataType, detail } as EventDraft);
  }

  private onPath(ctx: InvocationLike, hook: string, api: string, p: PtrLike | undefined): void {
    if (p === undefined || p.isNull()) return;
    const path = this.o.surface.readCString(p, MAX_PATH);
    if (path === null) return;
    const got = classifyPath(path, this.o.ownPackage(), this.o.ownPid);
    if (got === null) return;
    const detail: Record<string, unknown> = { via: 'native', target: got.what };
    if (got.package !== undefined) detail.values = [got.package];
    this.report(ctx, hook, api, got.dataType, detail);
  }

  private onPropertyEnter(ctx: InvocationLike, args: PtrLike[]): void {
    // Invocation contexts are recycled (GumJS keeps one per thread and depth), so a property left
    // from an earlier call must be cleared, not merely left unset.
    ctx.sdktraceProp = undefined;
    const name = args[0] === undefined || args[0].isNull() ? null : this.o.surface.readCString(args[0], 128);
    if (name === null || SYSPROP_KEYS[name] === undefined) return;
    ctx.sdktraceProp = name;
    ctx.sdktraceValue = args[1];
  }

  private onPropertyLeave(ctx: InvocationLike): void {
    const name = ctx.sdktraceProp as string | undefined;
    if (name === undefined) return;
    const detail: Record<string, unknown> = { via: 'native', key: name };
    const v = this.o.surface.readCString(ctx.sdktraceValue, 92);
    if (v !== null && v !== '') detail.values = [v];
    this.report(ctx, 'native.__system_property_get', 'libc.so!__system_property_get', SYSPROP_KEYS[name]!, detail);
  }
}

export type { ModuleRef };
