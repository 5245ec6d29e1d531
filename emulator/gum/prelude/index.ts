// The GumJS-like runtime of the emulated device, evaluated inside each script's vm context before
// the agent. It defines exactly the gum globals the agent may use and nothing from Node. Host
// functions are reached only through closures here; what the agent sees is created in its own
// realm (errors are its Error, arrays its Array), so `instanceof` works as under GumJS.
import type { GumEntryPoints, GumHost, LogLevel } from '../host-api.js';
import { ART_GLOBAL } from '../host-api.js';
import { bigOf, Int64, NativePointer, setMemory, UInt64, utf8Decode, utf8Encode, utf8Error, utf8InvalidAt } from './numbers.js';

type Fn = (...args: any[]) => any;

/** Wraps every function of a host object so host errors surface as this realm's Error. */
function membrane<T extends object>(host: T): T {
  const out: Record<string, Fn> = {};
  for (const key of Object.keys(host)) {
    const f = (host as Record<string, unknown>)[key];
    if (typeof f !== 'function') continue;
    out[key] = function (...args: unknown[]) {
      try {
        return (f as Fn).apply(host, args);
      } catch (e) {
        // Host errors come from another realm (not this realm's Object): test the shape, not instanceof.
        throw new Error(typeof e === 'object' && e !== null && 'message' in e ? String((e as { message: unknown }).message) : String(e));
      }
    };
  }
  return Object.freeze(out) as unknown as T;
}

function parseLocation(stack: string): { fileName: string; lineNumber: number; columnNumber: number } {
  const m = /\(?(\/[^\s():]+):(\d+):(\d+)\)?/.exec(stack);
  return m === null ? { fileName: '', lineNumber: 0, columnNumber: 0 } : { fileName: m[1]!, lineNumber: Number(m[2]), columnNumber: Number(m[3]) };
}

export function install(g: any, rawHost: GumHost, rawJni: object | null): GumEntryPoints {
  const host = membrane(rawHost);
  const info = JSON.parse(host.processInfo()) as { id: number; arch: string; platform: string; pageSize: number; pointerSize: number };

  // ---- entry accounting: Script.nextTick callbacks run when the outermost entry returns -------
  let depth = 0;
  const ticks: [Fn, unknown[]][] = [];

  function report(e: unknown): void {
    const err = e as { stack?: unknown };
    const description = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const stack = typeof err?.stack === 'string' ? err.stack : '';
    const loc = parseLocation(stack);
    host.reportError(description, stack, loc.fileName, loc.lineNumber, loc.columnNumber);
  }

  function drainTicks(): void {
    while (ticks.length > 0) {
      const [fn, args] = ticks.shift()!;
      depth++;
      try {
        fn(...args);
      } catch (e) {
        report(e);
      } finally {
        depth--;
      }
    }
  }

  /** Runs a host->script entry: errors become error messages; ticks run at the outermost exit. */
  function entry<T>(fn: () => T, fallback: T): T {
    depth++;
    let r = fallback;
    try {
      r = fn();
    } catch (e) {
      report(e);
    } finally {
      depth--;
    }
    if (depth === 0) drainTicks();
    return r;
  }

  /** Like entry() but lets errors propagate (callers that handle them, e.g. Java replacements). */
  function passthrough<T>(fn: () => T): T {
    depth++;
    try {
      return fn();
    } finally {
      depth--;
      if (depth === 0) drainTicks();
    }
  }

  setMemory({ read: host.read, readCString: host.readCString, write: host.write });

  const ptr = (v: unknown) => new NativePointer(v as number);
  const NULL = new NativePointer(0);

  // ---- time ------------------------------------------------------------------------------
  const RealDate = g.Date as DateConstructor;
  const DeviceDate = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [host.now()] : args, newTarget);
    },
    apply() {
      return new RealDate(host.now()).toString();
    },
    get(target, prop, receiver) {
      if (prop === 'now') return () => host.now();
      return Reflect.get(target, prop, receiver);
    },
  });

  // ---- messages ----------------------------------------------------------------------------
  const queued: [any, ArrayBuffer | null][] = [];
  const waiting = new Map<string, ((m: any, d: ArrayBuffer | null) => void)[]>();

  function toBytes(data: unknown): Uint8Array | null {
    if (data === undefined || data === null) return null;
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (Array.isArray(data)) return Uint8Array.from(data as number[]);
    throw new TypeError('expected an ArrayBuffer or an array of bytes');
  }

  function send(payload: unknown, data?: ArrayBuffer | number[] | null): void {
    host.send(JSON.stringify({ type: 'send', payload }), toBytes(data));
  }

  function dispatch(): void {
    for (let i = 0; i < queued.length; ) {
      const [msg, data] = queued[i]!;
      const type = typeof msg?.type === 'string' ? msg.type : undefined;
      let key: string | null = null;
      if (type !== undefined && waiting.has(type)) key = type;
      else if (waiting.has('*')) key = '*';
      if (key === null) {
        i++;
        continue;
      }
      queued.splice(i, 1);
      const ops = waiting.get(key)!;
      const cb = ops.shift()!;
      if (ops.length === 0) waiting.delete(key);
      cb(msg, data);
    }
  }

  function recv(a: unknown, b?: unknown): { wait(): void } {
    const type = typeof a === 'string' ? a : '*';
    const cb = (typeof a === 'function' ? a : b) as (m: any, d: ArrayBuffer | null) => void;
    if (typeof cb !== 'function') throw new TypeError('expected a callback');
    let done = false;
    const list = waiting.get(type) ?? [];
    list.push((m, d) => {
      try {
        cb(m, d);
      } finally {
        done = true;
      }
    });
    waiting.set(type, list);
    dispatch();
    return {
      wait() {
        // GumJS blocks this thread until the message arrives; a single-threaded emulator cannot.
        if (!done) throw new Error('recv().wait() would block forever: the emulated device runs scripts on one thread');
      },
    };
  }

  const rpc = { exports: {} as Record<string, unknown> };

  function reply(id: number, type: 'ok' | 'error', result: unknown, extra: unknown[] = []): void {
    if (result instanceof ArrayBuffer) send(['frida:rpc', id, type, {}, ...extra], result);
    else send(['frida:rpc', id, type, result, ...extra]);
  }

  function handleRpc(id: number, op: string, params: unknown[]): void {
    const exports = rpc.exports;
    if (op === 'list') {
      reply(id, 'ok', Object.keys(exports));
      return;
    }
    if (op !== 'call') return;
    const name = params[0] as string;
    const args = (params[1] as unknown[]) ?? [];
    if (exports === null || typeof exports !== 'object' || !Object.prototype.hasOwnProperty.call(exports, name)) {
      reply(id, 'error', `unable to find method '${name}'`);
      return;
    }
    try {
      const result = (exports[name] as Fn).apply(exports, args);
      if (typeof result === 'object' && result !== null && typeof (result as { then?: unknown }).then === 'function') {
        (result as Promise<unknown>).then(
          (v) => entry(() => reply(id, 'ok', v), undefined),
          (e: any) => entry(() => reply(id, 'error', e?.message ?? String(e), [e?.name, e?.stack, {}]), undefined),
        );
      } else {
        reply(id, 'ok', result);
      }
    } catch (e: any) {
      reply(id, 'error', e?.message ?? String(e), [e?.name, e?.stack, {}]);
    }
  }

  // ---- console -------------------------------------------------------------------------------
  function format(args: unknown[]): string {
    return args.map((a) => (a instanceof ArrayBuffer ? `ArrayBuffer(${a.byteLength})` : typeof a === 'object' && a !== null && !(a instanceof Error) ? safeJson(a) : String(a))).join(' ');
  }
  function safeJson(a: unknown): string {
    try {
      return JSON.stringify(a);
    } catch {
      return String(a);
    }
  }
  const logAt = (level: LogLevel) => (...args: unknown[]) => host.log(level, format(args));
  const console = { log: logAt('info'), info: logAt('info'), debug: logAt('info'), warn: logAt('warning'), error: logAt('error') };

  // ---- timers (device clock) ------------------------------------------------------------------
  let nextTimer = 1;
  const timers = new Map<number, { fn: Fn; args: unknown[]; repeat: number | null }>();
  function addTimer(fn: unknown, ms: unknown, args: unknown[], repeat: boolean): number {
    if (typeof fn !== 'function') throw new TypeError('expected a function');
    const id = nextTimer++;
    const delay = Math.max(0, Number(ms) || 0);
    timers.set(id, { fn: fn as Fn, args, repeat: repeat ? delay : null });
    host.setTimer(id, delay);
    return id;
  }
  function clearTimer(id: unknown): void {
    if (typeof id !== 'number' || !timers.delete(id)) return;
    host.clearTimer(id);
  }

  // ---- Script ----------------------------------------------------------------------------------
  const weak = new Map<number, Fn>();
  let nextWeak = 1;
  const registry = new FinalizationRegistry<number>((id) => {
    const fn = weak.get(id);
    weak.delete(id);
    if (fn !== undefined) entry(() => fn(), undefined);
  });
  const Script = {
    runtime: 'QJS',
    fileName: '',
    nextTick(fn: Fn, ...args: unknown[]) {
      ticks.push([fn, args]);
    },
    pin() {},
    unpin() {},
    bindWeak(value: object, fn: Fn): number {
      const id = nextWeak++;
      weak.set(id, fn);
      registry.register(value, id);
      return id;
    },
    unbindWeak(id: number): void {
      const fn = weak.get(id);
      weak.delete(id);
      if (fn !== undefined) fn();
    },
    setGlobalAccessHandler() {},
  };

  // ---- Process, Module ---------------------------------------------------------------------------
  interface ModuleInfo {
    name: string;
    path: string;
    base: string;
    size: number;
  }
  class Module {
    readonly name: string;
    readonly path: string;
    readonly base: NativePointer;
    readonly size: number;
    constructor(m: ModuleInfo) {
      this.name = m.name;
      this.path = m.path;
      this.base = ptr(m.base);
      this.size = m.size;
    }
    findExportByName(name: string): NativePointer | null {
      const a = host.findExport(this.path, name);
      return a < 0 ? null : ptr(a);
    }
    getExportByName(name: string): NativePointer {
      const a = this.findExportByName(name);
      // frida-gum bindings/gumjs/runtime/core.js, Module#getExportByName (gumjs.Module.getExportByName.throws).
      if (a === null) throw new Error(`${this.path}: unable to find export '${name}'`);
      return a;
    }
    enumerateExports(): { type: string; name: string; address: NativePointer }[] {
      return (JSON.parse(host.moduleExports(this.path)) as [string, number][]).map(([name, a]) => ({ type: 'function', name, address: ptr(a) }));
    }
    enumerateImports(): never[] {
      return [];
    }
    enumerateSymbols(): never[] {
      return [];
    }
    ensureInitialized(): void {}
    toJSON(): object {
      return { name: this.name, base: this.base.toString(), size: this.size, path: this.path };
    }
    static findGlobalExportByName(name: string): NativePointer | null {
      const a = host.findExport(null, name);
      return a < 0 ? null : ptr(a);
    }
    static getGlobalExportByName(name: string): NativePointer {
      const a = Module.findGlobalExportByName(name);
      if (a === null) throw new Error(`unable to find global export '${name}'`);
      return a;
    }
    static load(path: string): never {
      throw new Error(`${path}: unable to load library (the emulated device has no dynamic linker)`);
    }
  }
  const modules = (): Module[] => (JSON.parse(host.modules()) as ModuleInfo[]).map((m) => new Module(m));
  const moduleAt = (addr: unknown): Module | null => {
    const p = new NativePointer(addr as number);
    return modules().find((m) => p.compare(m.base) >= 0 && p.compare(m.base.add(m.size)) < 0) ?? null;
  };

  const Process = {
    id: info.id,
    arch: info.arch,
    platform: info.platform,
    pageSize: info.pageSize,
    pointerSize: info.pointerSize,
    codeSigningPolicy: 'optional',
    mainModule: undefined as unknown as Module,
    isDebuggerAttached: () => false,
    getCurrentThreadId: () => host.currentThreadId(),
    enumerateThreads: () => (JSON.parse(host.threads()) as { id: number; name: string }[]).map((t) => ({ id: t.id, name: t.name, state: 'waiting' })),
    enumerateModules: () => modules(),
    findModuleByName: (name: string) => modules().find((m) => m.name === name) ?? null,
    getModuleByName(name: string): Module {
      const m = modules().find((x) => x.name === name);
      if (m === undefined) throw new Error(`unable to find module '${name}'`);
      return m;
    },
    findModuleByAddress: (addr: unknown) => moduleAt(addr),
    getModuleByAddress(addr: unknown): Module {
      const m = moduleAt(addr);
      if (m === null) throw new Error(`unable to find module containing ${new NativePointer(addr as number).toString()}`);
      return m;
    },
    attachModuleObserver(callbacks: { onAdded?: (m: Module) => void; onRemoved?: (m: Module) => void }) {
      if (typeof callbacks?.onAdded !== 'function' && typeof callbacks?.onRemoved !== 'function') throw new Error('expected at least one callback');
      if (typeof callbacks.onAdded === 'function') {
        const onAdded = callbacks.onAdded;
        for (const m of modules()) onAdded(m);
        // Later loads: reported on the loading thread as the linker maps them.
        host.observeModules((json) => entry(() => onAdded(new Module(JSON.parse(json) as ModuleInfo)), undefined));
      }
      return { detach() {} };
    },
  };
  Object.defineProperty(Process, 'mainModule', { get: () => modules()[0], enumerable: true });

  class ModuleMap {
    private list: Module[];
    constructor(private readonly filter?: (m: Module) => boolean) {
      this.list = modules().filter((m) => filter === undefined || filter(m));
    }
    has(addr: unknown): boolean {
      return this.find(addr) !== null;
    }
    find(addr: unknown): Module | null {
      const p = new NativePointer(addr as number);
      return this.list.find((m) => p.compare(m.base) >= 0 && p.compare(m.base.add(m.size)) < 0) ?? null;
    }
    get(addr: unknown): Module {
      const m = this.find(addr);
      if (m === null) throw new Error(`unable to find module containing ${new NativePointer(addr as number).toString()}`);
      return m;
    }
    findName(addr: unknown): string | null {
      return this.find(addr)?.name ?? null;
    }
    getName(addr: unknown): string {
      return this.get(addr).name;
    }
    findPath(addr: unknown): string | null {
      return this.find(addr)?.path ?? null;
    }
    getPath(addr: unknown): string {
      return this.get(addr).path;
    }
    update(): void {
      this.list = modules().filter((m) => this.filter === undefined || this.filter(m));
    }
    values(): Module[] {
      return [...this.list];
    }
  }

  // ---- Interceptor ------------------------------------------------------------------------------
  const contexts = new Map<number, any>();
  const Interceptor = {
    attach(target: unknown, callbacks: { onEnter?: unknown; onLeave?: unknown } | Fn, data?: unknown): { detach(): void } {
      const addr = Number(bigOf(target));
      // gumquickinterceptor.c gumjs_interceptor_attach / gum_quick_listener_callback_get: each of
      // onEnter/onLeave is a JS function, a NativePointer (a C function) or absent; a listener
      // with any JS callback is a JS listener and its C pointers are dropped; `data` must be a
      // pointer (conformance: gumjs.Interceptor.attach.cCallbacks).
      if (callbacks instanceof NativePointer) throw new Error('emulator: C probe listeners (Interceptor.attach(target, NativePointer)) are not modelled');
      if (typeof callbacks !== 'function' && (typeof callbacks !== 'object' || callbacks === null)) throw new Error('expected at least one callback');
      const dataPtr = data === undefined ? 0n : bigOf(data);
      const cbs: { onEnter?: Fn; onLeave?: Fn } = {};
      let cEnter = 0n;
      let cLeave = 0n;
      if (typeof callbacks === 'function') cbs.onEnter = callbacks;
      else {
        for (const key of ['onEnter', 'onLeave'] as const) {
          const v = (callbacks as Record<string, unknown>)[key];
          if (typeof v === 'function') cbs[key] = v as Fn;
          else if (v !== undefined && v !== null) {
            const p = bigOf(v);
            if (key === 'onEnter') cEnter = p;
            else cLeave = p;
          }
        }
      }
      if (cbs.onEnter === undefined && cbs.onLeave === undefined) {
        if (cEnter === 0n && cLeave === 0n) throw new Error('expected at least one callback');
        const cid = host.attachC(addr, Number(cEnter), Number(cLeave), dataPtr);
        return {
          detach() {
            host.detach(cid);
          },
        };
      }
      const id = host.attach(addr, (phase, inv, tid, d, ra, retval, ...args) => {
        // gum_quick_js_call_listener_on_leave enters the JS scope only when there is an onLeave.
        if (phase === 1 && cbs.onLeave === undefined) {
          contexts.delete(inv);
          return undefined;
        }
        return entry(() => {
          if (phase === 0) {
            const ctx: any = {
              returnAddress: ptr(ra),
              threadId: tid,
              depth: d,
              errno: 0,
              context: { pc: ptr(addr), sp: ptr(0x7ff0000000 - d * 0x100), lr: ptr(ra) },
            };
            contexts.set(inv, ctx);
            if (cbs.onEnter !== undefined) {
              const argv: NativePointer[] = args.map((a) => new NativePointer(a));
              cbs.onEnter.call(ctx, argv);
            }
            return undefined;
          }
          const ctx = contexts.get(inv) ?? { returnAddress: ptr(ra), threadId: tid, depth: d, errno: 0, context: {} };
          contexts.delete(inv);
          if (cbs.onLeave === undefined) return undefined;
          let replaced: bigint | undefined;
          const rv: any = new NativePointer(retval);
          rv.replace = (v: unknown) => {
            replaced = bigOf(v);
          };
          cbs.onLeave.call(ctx, rv);
          return replaced;
        }, undefined);
      });
      return {
        detach() {
          host.detach(id);
        },
      };
    },
    detachAll() {
      // Listeners die with the script; explicit detachAll is handled by the host on unload.
    },
    flush() {},
    replace(): never {
      throw new Error('Interceptor.replace() is not available on the emulated device');
    },
    revert() {},
  };

  class NativeFunction {
    constructor(address: unknown, retType: string, _argTypes: string[]) {
      const addr = Number(bigOf(address));
      const f = (...args: unknown[]) => {
        const r = host.callFunction(addr, ...args.map((a) => (typeof a === 'boolean' ? (a ? 1n : 0n) : bigOf(a))));
        switch (retType) {
          case 'void':
            return undefined;
          case 'pointer':
            return new NativePointer(r);
          case 'int64':
          case 'long':
            return new Int64(r);
          case 'uint64':
          case 'ulong':
          case 'size_t':
            return new UInt64(r);
          case 'bool':
            return r !== 0n;
          default:
            return Number(BigInt.asIntN(32, r));
        }
      };
      Object.setPrototypeOf(f, NativeFunction.prototype);
      return f as unknown as NativeFunction;
    }
  }
  Object.setPrototypeOf(NativeFunction.prototype, Function.prototype);

  // A callable address: emulated C code (CModule models) and NativeFunction calls run `fn` as a
  // GumJS NativeCallback does, arguments converted by their declared types.
  const fromNative = (t: string, v: bigint): unknown => {
    switch (t) {
      case 'pointer':
        return new NativePointer(v);
      case 'int':
        return Number(BigInt.asIntN(32, v));
      case 'uint':
        return Number(BigInt.asUintN(32, v));
      case 'int64':
      case 'long':
        return new Int64(BigInt.asIntN(64, v));
      case 'uint64':
      case 'ulong':
      case 'size_t':
        return new UInt64(BigInt.asUintN(64, v));
      case 'bool':
        return v !== 0n;
      default:
        return Number(v);
    }
  };
  class NativeCallback extends NativePointer {
    constructor(fn: Fn, ret: string, args: string[]) {
      if (typeof fn !== 'function') throw new TypeError('expected a function');
      super(
        host.nativeCallback((...raw: bigint[]) =>
          entry(() => {
            const r = fn(...args.map((t, i) => fromNative(t, raw[i] ?? 0n)));
            return ret === 'void' || r === undefined ? 0n : typeof r === 'boolean' ? (r ? 1n : 0n) : bigOf(r);
          }, 0n),
        ),
      );
    }
  }

  // ---- CModule -------------------------------------------------------------------------------------
  // gumquickcmodule.c gumjs_cmodule_construct: source (a string; an ArrayBuffer is a precompiled
  // binary), optional symbols whose values must be pointers, optional options; every global symbol
  // of the linked module becomes an enumerable NativePointer property. The emulated device runs a
  // model of the exact source (emulator/gum/cmodules.ts) and refuses any other (conformance:
  // gumjs.CModule.modelledSources).
  class CModule {
    constructor(source: unknown, symbols?: Record<string, unknown> | null, _options?: unknown) {
      if (typeof source !== 'string') throw new Error('emulator: precompiled CModule binaries are not modelled (pass the C source)');
      const links: [string, number][] = [];
      if (symbols !== undefined && symbols !== null) for (const [name, v] of Object.entries(symbols)) links.push([name, Number(bigOf(v))]);
      const exported = JSON.parse(host.cmodule(source, JSON.stringify(links))) as [string, number][];
      for (const [name, a] of exported) Object.defineProperty(this, name, { value: ptr(a), enumerable: true, writable: true, configurable: true });
    }
    dispose(): void {}
    static builtins = { defines: {}, headers: {} };
  }

  // ---- misc APIs -----------------------------------------------------------------------------------
  const Thread = {
    backtrace(_ctx?: unknown, _backtracer?: unknown): NativePointer[] {
      return (JSON.parse(host.backtrace()) as number[]).map((a) => ptr(a));
    },
    sleep(_seconds: number): void {},
  };
  const Backtracer = { ACCURATE: { type: 'accurate' }, FUZZY: { type: 'fuzzy' } };
  const DebugSymbol = {
    fromAddress(addr: unknown) {
      const p = new NativePointer(addr as number);
      const s = JSON.parse(host.symbolize(Number(p.big))) as { name: string | null; moduleName: string | null; fileName: string; lineNumber: number };
      return {
        address: p,
        name: s.name,
        moduleName: s.moduleName,
        fileName: s.fileName,
        lineNumber: s.lineNumber,
        column: 0,
        toString() {
          return `${p.toString()} ${s.moduleName ?? ''}!${s.name ?? p.toString()}`;
        },
      };
    },
  };
  const Socket = {
    type: (fd: number) => host.socketType(fd),
    localAddress: (fd: number) => {
      const a = host.socketAddress(fd, 'local');
      return a === null ? null : JSON.parse(a);
    },
    peerAddress: (fd: number) => {
      const a = host.socketAddress(fd, 'peer');
      return a === null ? null : JSON.parse(a);
    },
  };
  const Checksum = {
    compute(type: string, data: string | ArrayBuffer | number[]): string {
      if (type !== 'md5' && type !== 'sha1' && type !== 'sha256' && type !== 'sha384' && type !== 'sha512') throw new Error(`unsupported checksum type '${type}'`);
      const bytes = typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : Uint8Array.from(data);
      return host.checksum(type, bytes);
    },
  };
  const Memory = {
    alloc: (size: number) => ptr(host.alloc(Number(size))),
    // gumquickmemory.c gumjs_memory_scan_sync: a pattern gum_match_pattern_new_from_string refuses
    // throws; matches are {address, size} (conformance: gumjs.Memory.scanSync.pattern).
    scanSync(address: unknown, size: unknown, pattern: unknown): { address: NativePointer; size: number }[] {
      if (typeof pattern !== 'string') throw new TypeError('expected a string');
      return (JSON.parse(host.scan(Number(bigOf(address)), Number(size), pattern)) as { address: number; size: number }[]).map((m) => ({ address: ptr(m.address), size: m.size }));
    },
    allocUtf8String(s: string) {
      const b = utf8Encode(s);
      const p = host.alloc(b.length + 1);
      host.write(p, b);
      return ptr(p);
    },
  };
  class File {
    // gumquickfile.c gumjs_file_read_all_text: g_file_get_contents, then g_utf8_validate over the
    // whole length, so a NUL anywhere (/proc/self/cmdline) throws (conformance: gumjs.File.readAllText.validates).
    static readAllText(path: string): string {
      const b = File.bytes(path);
      const bad = utf8InvalidAt(b);
      if (bad >= 0) throw utf8Error(b, bad);
      return utf8Decode(b);
    }
    static readAllBytes(path: string): ArrayBuffer {
      const b = File.bytes(path);
      const out = new ArrayBuffer(b.length);
      new Uint8Array(out).set(b);
      return out;
    }
    private static bytes(path: string): Uint8Array {
      const b = host.readFile(String(path));
      // g_file_get_contents' error (GLib gfileutils.c get_contents_posix), which GumJS throws as is (gumjs.File.missing).
      if (b === null) throw new Error(`Failed to open file “${path}”: No such file or directory`);
      return b;
    }
  }

  // ---- globals -------------------------------------------------------------------------------------
  const globals: Record<string, unknown> = {
    Date: DeviceDate,
    send,
    recv,
    rpc,
    console,
    setTimeout: (fn: unknown, ms?: unknown, ...args: unknown[]) => addTimer(fn, ms, args, false),
    setInterval: (fn: unknown, ms?: unknown, ...args: unknown[]) => addTimer(fn, ms, args, true),
    setImmediate: (fn: unknown, ...args: unknown[]) => addTimer(fn, 0, args, false),
    clearTimeout: clearTimer,
    clearInterval: clearTimer,
    clearImmediate: clearTimer,
    Script,
    Process,
    Module,
    ModuleMap,
    Interceptor,
    NativePointer,
    NativeFunction,
    NativeCallback,
    CModule,
    Int64,
    UInt64,
    ptr,
    NULL,
    int64: (v: unknown) => new Int64(v as number),
    uint64: (v: unknown) => new UInt64(v as number),
    Thread,
    Backtracer,
    DebugSymbol,
    Socket,
    Checksum,
    Memory,
    File,
    Frida: { version: '17.18.0', heapSize: 0 },
    gc: () => undefined,
  };
  for (const [k, v] of Object.entries(globals)) Object.defineProperty(g, k, { value: v, writable: true, configurable: true, enumerable: false });

  // The emulated frida-java-bridge's VM: hidden, non-enumerable, only in app processes.
  if (rawJni !== null) {
    const jni = membrane(rawJni) as Record<string, Fn>;
    const replace = jni.replace!;
    const view = Object.freeze({
      ...jni,
      replace(methodId: number, cb: Fn) {
        return replace(methodId, (...a: unknown[]) => passthrough(() => cb(...a)));
      },
    });
    Object.defineProperty(g, Symbol.for(ART_GLOBAL), { value: view, enumerable: false, writable: false, configurable: false });
  }

  return {
    timer(id: number): void {
      const t = timers.get(id);
      if (t === undefined) return;
      if (t.repeat === null) timers.delete(id);
      else host.setTimer(id, t.repeat);
      entry(() => t.fn(...t.args), undefined);
    },
    message(json: string, data: Uint8Array | null): void {
      entry(() => {
        const msg = JSON.parse(json);
        if (Array.isArray(msg) && msg[0] === 'frida:rpc') {
          handleRpc(msg[1] as number, msg[2] as string, msg.slice(3));
          return;
        }
        let buf: ArrayBuffer | null = null;
        if (data !== null) {
          buf = new ArrayBuffer(data.length);
          new Uint8Array(buf).set(data);
        }
        queued.push([msg, buf]);
        dispatch();
      }, undefined);
    },
    evaluate(run: () => void): void {
      entry(run, undefined);
    },
    dispose(): void {
      timers.clear();
      ticks.length = 0;
      waiting.clear();
    },
  };
}
