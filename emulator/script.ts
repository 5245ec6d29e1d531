// A script loaded into an emulated process: a node:vm context with only JS builtins and the
// GumJS-like prelude, running the agent bundle. Host-side behaviour follows frida-node's Script:
// messages arrive asynchronously, `exports` is an rpc proxy ('then'/'catch'/'finally' reserved),
// log messages go to logHandler, unload reverts the script's hooks and emits `destroyed`.
import { createHash } from 'node:crypto';
import vm from 'node:vm';
import type { ScriptLike } from '../host/device/types.js';
import { preludeScript } from './gum/bundle.js';
import type { GumEntryPoints, GumHost, LogLevel } from './gum/host-api.js';
import { cmoduleModel, type CModuleEnv, type InvocationContextModel } from './gum/cmodules.js';
import { MemoryFault } from './native/memory.js';
import type { NativeListener } from './native/natives.js';
import { ownProcFile, procSelfPath, type EmulatedProcess } from './process.js';
import { SignalSource } from './signal.js';
import type { Scheduler } from './clock.js';
import type { Jni } from './java/jni.js';

/** The JNI functions a script may call (java/jni.ts); replace/revert are wrapped per script. */
const JNI_FUNCTIONS = [
  'runtimeInfo', 'currentThreadId', 'isMainThread', 'backtrace', 'exceptionOccurred', 'exceptionClear', 'throw',
  'newLocalRef', 'newGlobalRef', 'deleteRef', 'pushLocalFrame', 'popLocalFrame',
  'findClass', 'loadClass', 'getSuperclass', 'getClassName', 'getObjectClass', 'getObjectClassName', 'isInstanceOf',
  'isAssignableFrom', 'isSameObject', 'classModel', 'classLoaders', 'loadedClassNames', 'callMethod', 'allocObject', 'newObject', 'initObject',
  'getField', 'setField', 'newString', 'getString', 'getArrayLength', 'getArrayElement', 'setArrayElement', 'newArray',
] as const;

type MessageHandler = (message: any, data: Buffer | null) => void;

let scriptSeq = 0;

function defaultLog(level: string, text: string): void {
  if (level === 'error') console.error(text);
  else if (level === 'warning') console.warn(text);
  else console.log(text);
}

export class EmulatedScript implements ScriptLike {
  readonly message = new SignalSource<MessageHandler>();
  readonly destroyed = new SignalSource<() => void>();
  readonly exports: { [name: string]: (...args: any[]) => Promise<any> };
  logHandler: (level: any, text: string) => void = defaultLog;
  readonly name: string;
  private state: 'created' | 'loaded' | 'destroyed' = 'created';
  private entry: GumEntryPoints | null = null;
  private readonly pending = new Map<number, (error: Error | null, value?: unknown) => void>();
  private nextRequest = 1;
  private readonly listeners = new Map<number, NativeListener>();
  /** Module observers of this script (removed from the process on unload). */
  private readonly moduleListeners: ((m: { name: string; path: string; base: number; size: number }) => void)[] = [];
  /** Functions of this script's CModules by address (emulator/gum/cmodules.ts models). */
  private readonly cFunctions = new Map<number, { name: string; run: (ic: InvocationContextModel) => void }>();
  private readonly replaced = new Set<number>();
  private timerGen = new Map<number, number>();
  private readonly outbox: (() => void)[] = [];
  private flushing = false;

  constructor(
    private readonly process: EmulatedProcess,
    private readonly scheduler: Scheduler,
    private readonly source: string,
    name: string | undefined,
    private readonly onGone: (s: EmulatedScript) => void,
  ) {
    this.name = name ?? `script${++scriptSeq}`;
    const self = this;
    const reserved = new Set(['then', 'catch', 'finally']);
    this.exports = new Proxy({} as Record<string, (...args: any[]) => Promise<any>>, {
      get(_t, prop) {
        if (typeof prop !== 'string' || reserved.has(prop)) return undefined;
        return (...args: any[]) => self.request('call', [prop, args]);
      },
      has(_t, prop) {
        return typeof prop === 'string' && !reserved.has(prop);
      },
    });
  }

  get isDestroyed(): boolean {
    return this.state === 'destroyed';
  }

  get pid(): number {
    return this.process.pid;
  }

  // ---- host -> script ------------------------------------------------------------------------

  async load(): Promise<void> {
    if (this.state === 'destroyed') throw new Error('Script is destroyed');
    if (this.state === 'loaded') throw new Error('Script is already loaded');
    if (this.process.state === 'dead') throw new Error('Process has terminated');
    this.state = 'loaded';
    const context = vm.createContext({}, { name: `${this.process.processName}/${this.name}`, codeGeneration: { strings: true, wasm: false } });
    const mod = preludeScript().runInContext(context) as { install: (g: unknown, host: GumHost, jni: object | null) => GumEntryPoints };
    const g = vm.runInContext('globalThis', context);
    const agent = new vm.Script(this.source, { filename: `/${this.name}.js` });
    this.inJs(() => {
      this.entry = mod.install(g, this.gumHost(), this.jniView());
      this.entry.evaluate(() => agent.runInContext(context));
    });
  }

  async unload(): Promise<void> {
    if (this.state === 'destroyed') throw new Error('Script is destroyed');
    this.destroy();
  }

  post(message: any, data: Buffer | null = null): void {
    if (this.state !== 'loaded') throw new Error('Script is destroyed');
    const json = JSON.stringify(message);
    const bytes = data === null ? null : new Uint8Array(data);
    setImmediate(() => {
      if (this.state !== 'loaded' || this.entry === null) return;
      this.inJs(() => this.entry!.message(json, bytes));
    });
  }

  private request(op: string, params: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.state !== 'loaded') {
        reject(new Error('Script is destroyed'));
        return;
      }
      const id = this.nextRequest++;
      this.pending.set(id, (err, value) => (err === null ? resolve(value) : reject(err)));
      this.post(['frida:rpc', id, op, ...params]);
    });
  }

  /** Runs host->script work on Frida's JS thread of the process. */
  private inJs(fn: () => void): void {
    if (this.process.state === 'dead') return;
    this.process.vm.runOn(this.process.jsThread, fn);
  }

  /** Called when the process dies or the session detaches. */
  destroy(): void {
    if (this.state === 'destroyed') return;
    const wasLoaded = this.state === 'loaded';
    this.state = 'destroyed';
    this.entry?.dispose();
    this.entry = null;
    // frida-java-bridge reverts its method replacements when the script goes away.
    for (const id of this.replaced) this.process.jni.revert(id);
    this.replaced.clear();
    for (const l of this.listeners.values()) this.process.natives.detach(l);
    this.listeners.clear();
    for (const l of this.moduleListeners) this.process.natives.moduleListeners.delete(l);
    for (const [, cb] of this.pending) cb(new Error('Script is destroyed'));
    this.pending.clear();
    this.onGone(this);
    void wasLoaded;
    this.destroyed.emit();
  }

  // ---- script -> host ----------------------------------------------------------------------------

  /** Delivers on a later turn, in order, like frida's message signal. */
  private deliver(fn: () => void): void {
    this.outbox.push(fn);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      const batch = this.outbox.splice(0);
      for (const f of batch) f();
    });
  }

  private onSend(json: string, data: Uint8Array | null): void {
    const message = JSON.parse(json) as { type: 'send'; payload: any };
    const buf = data === null ? null : Buffer.from(data);
    const p = message.payload;
    if (Array.isArray(p) && p[0] === 'frida:rpc') {
      this.deliver(() => this.onRpc(p as unknown[], buf));
      return;
    }
    this.deliver(() => this.message.emit(message, buf));
  }

  private onRpc(p: unknown[], data: Buffer | null): void {
    const [, id, op, ...params] = p as [string, number, string, ...unknown[]];
    const cb = this.pending.get(id);
    if (cb === undefined) return;
    this.pending.delete(id);
    if (op === 'ok') cb(null, data !== null ? data : params[0]);
    else {
      const [message, name, stack, raw] = params as [string, string | undefined, string | undefined, object | undefined];
      const err = new Error(message);
      if (name !== undefined) err.name = name;
      if (stack !== undefined) err.stack = stack;
      Object.assign(err, raw ?? {});
      cb(err);
    }
  }

  private gumHost(): GumHost {
    const proc = this.process;
    const natives = proc.natives;
    const script = this;
    const memErr = <T>(fn: () => T): T => {
      try {
        return fn();
      } catch (e) {
        if (e instanceof MemoryFault) throw new Error(e.message);
        throw e;
      }
    };
    const byPath = (p: string | null) => (p === null ? natives.modules : natives.modules.filter((m) => m.path === p || m.name === p));
    return {
      processInfo: () => JSON.stringify({ id: proc.pid, arch: 'arm64', platform: 'linux', pageSize: 4096, pointerSize: 8 }),
      currentThreadId: () => proc.vm.current.tid,
      now: () => this.scheduler.wallNow(),
      send: (json, data) => script.onSend(json, data),
      log: (level: LogLevel, text: string) => script.deliver(() => script.logHandler(level, text)),
      reportError: (description, stack, fileName, lineNumber, columnNumber) => {
        const msg: Record<string, unknown> = { type: 'error', description, stack };
        if (fileName !== '') Object.assign(msg, { fileName, lineNumber, columnNumber });
        script.deliver(() => script.message.emit(msg, null));
      },
      setTimer: (id, ms) => {
        const gen = (this.timerGen.get(id) ?? 0) + 1;
        this.timerGen.set(id, gen);
        this.scheduler.schedule(ms, () => {
          if (this.state !== 'loaded' || this.timerGen.get(id) !== gen || this.entry === null) return;
          this.inJs(() => this.entry!.timer(id));
        });
      },
      clearTimer: (id) => {
        this.timerGen.set(id, (this.timerGen.get(id) ?? 0) + 1);
      },
      modules: () => JSON.stringify(natives.modules.map((m) => ({ name: m.name, path: m.path, base: m.base, size: m.size }))),
      findExport: (module, name) => {
        for (const m of byPath(module)) {
          const off = m.exports.get(name);
          if (off !== undefined) return m.base + off;
        }
        return -1;
      },
      scan: (a, n, pattern) => JSON.stringify(natives.scan(a, n, pattern)),
      observeModules: (cb) => {
        const l = (m: { name: string; path: string; base: number; size: number }) => {
          // Synchronously, on the loading thread, before the library's code runs (gumjs.Process.attachModuleObserver.late).
          if (this.state === 'loaded') cb(JSON.stringify({ name: m.name, path: m.path, base: m.base, size: m.size }));
        };
        natives.moduleListeners.add(l);
        script.moduleListeners.push(l);
      },
      moduleExports: (module) => JSON.stringify(byPath(module).flatMap((m) => [...m.exports].map(([n, off]) => [n, m.base + off]))),
      read: (a, n) => memErr(() => natives.memory.read(a, n)),
      readCString: (a) => memErr(() => natives.memory.readCString(a)),
      write: (a, b) => memErr(() => natives.memory.write(a, Uint8Array.from(b))),
      alloc: (size) => natives.memory.alloc(size),
      attach: (addr, fn) => {
        const l = natives.attach(addr, script, fn);
        script.listeners.set(l.id, l);
        return l.id;
      },
      detach: (id) => {
        const l = script.listeners.get(id);
        if (l !== undefined) natives.detach(l);
        script.listeners.delete(id);
      },
      callFunction: (addr, ...args) => natives.invokeFunction(addr, args),
      cmodule: (source, symbolsJson) => {
        // gumquickcmodule.c gumjs_cmodule_construct: compile, add the symbols, link (an extern
        // without a value fails the link), then expose every global symbol as a NativePointer.
        const sha = createHash('sha256').update(source, 'utf8').digest('hex');
        const model = cmoduleModel(sha);
        if (model === null) throw new Error(`emulator: no model for this CModule source (sha256 ${sha}); the emulated device cannot compile C: add its TypeScript equivalent to emulator/gum/cmodules.ts`);
        const links = new Map<string, number>(JSON.parse(symbolsJson) as [string, number][]);
        for (const ext of model.externs) if (!links.has(ext)) throw new Error(`linking failed: undefined symbol '${ext}' (pass it in the CModule symbols)`);
        const env: CModuleEnv = {
          symbol: (name) => {
            const a = links.get(name);
            if (a === undefined) throw new Error(`emulator: CModule symbol ${name} is not linked`);
            return a;
          },
          readU8: (a) => memErr(() => natives.memory.read(a, 1))[0]!,
          writeU8: (a, v) => memErr(() => natives.memory.write(a, Uint8Array.of(v & 0xff))),
          call: (name, args) => natives.invokeFunction(env.symbol(name), args),
        };
        const out: [string, number][] = [];
        for (const [name, fn] of Object.entries(model.exports)) {
          const addr = natives.memory.alloc(16);
          script.cFunctions.set(addr, { name, run: (ic) => fn(ic, env) });
          out.push([name, addr]);
        }
        return JSON.stringify(out);
      },
      attachC: (addr, onEnter, onLeave, data) => {
        const fnOf = (a: number) => {
          if (a === 0) return null;
          const f = script.cFunctions.get(a);
          // Any other code pointer would run arbitrary native code: not something to guess.
          if (f === undefined) throw new Error(`emulator: C callback 0x${a.toString(16)} is not a function of a modelled CModule`);
          return f;
        };
        const enter = fnOf(onEnter);
        const leave = fnOf(onLeave);
        const l = natives.attach(addr, script, (phase, _inv, tid, _depth, ra, _retval, ...args) => {
          const f = phase === 0 ? enter : leave;
          if (f !== null) f.run({ args, data, returnAddress: ra, threadId: tid });
          return undefined;
        }, true);
        script.listeners.set(l.id, l);
        return l.id;
      },
      nativeCallback: (fn) => natives.nativeCallback((args) => fn(...args) ?? 0n),
      backtrace: () => JSON.stringify(natives.backtrace()),
      symbolize: (addr) => {
        const s = natives.symbolAt(addr);
        return JSON.stringify({ name: s?.name ?? null, moduleName: s?.module.name ?? null, fileName: '', lineNumber: 0 });
      },
      socketType: (fd) => natives.sockets.get(fd)?.type ?? null,
      socketAddress: (fd, which) => {
        const s = natives.sockets.get(fd);
        const a = s === undefined ? null : which === 'local' ? s.local : s.peer;
        return a === null ? null : JSON.stringify(a);
      },
      checksum: (type, data) => createHash(type).update(typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(Uint8Array.from(data))).digest('hex'),
      // GumJS File reads only the process's own /proc entries here (no other file is modelled).
      readFile: (path) => {
        const own = ownProcFile(procSelfPath(path, proc.pid), proc.processName);
        return own === null ? null : new TextEncoder().encode(own);
      },
      threads: () => JSON.stringify([...proc.threads.filter((t) => t.alive), proc.jsThread].map((t) => ({ id: t.tid, name: t.name }))),
    };
  }

  /** The process's JNI door as this script sees it: replacements are tracked so unload reverts them. */
  private jniView(): object | null {
    const jni: Jni = this.process.jni;
    const view: Record<string, unknown> = {};
    for (const key of JNI_FUNCTIONS) {
      const f = (jni as unknown as Record<string, unknown>)[key];
      if (typeof f !== 'function') throw new Error(`emulator: Jni has no ${key}`);
      view[key] = (...args: unknown[]) => (f as (...a: unknown[]) => unknown).apply(jni, args);
    }
    view.replace = (id: number, cb: (...a: unknown[]) => unknown) => {
      this.replaced.add(id);
      jni.replace(id, cb as never);
    };
    view.revert = (id: number) => {
      this.replaced.delete(id);
      jni.revert(id);
    };
    return view;
  }
}
