// The emulated Android runtime (ART) of one process: class loading through loaders, objects,
// virtual dispatch, frames, exceptions, class initialisation and frida-java-bridge method
// replacement. frida-java-bridge talks to it through a JNI-shaped facade (java/jni.ts); emulated
// framework code talks to it through a Call (java/model.ts).
import { createHash } from 'node:crypto';
import { JClass, JField, JLoader, JMethod } from './classes.js';
import { JArray, JavaException, JObject, zeroOf } from './heap.js';
import type { Call, ClassSpec, JavaEnv, JValue } from './model.js';
import { originPath } from './origins.js';
import { JavaThread, type Frame } from './threads.js';
import { ACC, componentOf, isPrimitive, overloadKey } from './types.js';

export type InvokeMode = 'virtual' | 'special' | 'original';

/** A frame as Java.backtrace() reports it. */
export interface BacktraceFrame {
  signature: string;
  origin: string;
  className: string;
  methodName: string;
  methodFlags: number;
  fileName: string;
  lineNumber: number;
}

export interface VmOptions {
  api: number;
  /** Framework classes (the boot class path), already filtered to exist at `api`. */
  bootSpecs: Map<string, ClassSpec>;
  env: JavaEnv;
}

const ARRAY_INTERFACES = ['java.lang.Cloneable', 'java.io.Serializable'];

export class ArtVm {
  readonly api: number;
  readonly env: JavaEnv;
  readonly boot: JLoader;
  /** ClassLoader.getSystemClassLoader(): what JNI FindClass uses on a thread with no Java frames. */
  readonly system: JLoader;
  /** The app's PathClassLoader, created by LoadedApk.getClassLoader(). */
  app: JLoader | null = null;
  readonly loaders: JLoader[] = [];
  readonly methodsByUid = new Map<number, JMethod>();
  readonly fieldsByUid = new Map<number, JField>();
  readonly threads = new Map<number, JavaThread>();
  current: JavaThread;
  /**
   * Exact counts of what the agent's origin tracking costs on a phone (bench/agent.ts, tests):
   * Java stack walks (Java.backtrace: every frame of the thread, formatted and hashed), reads of
   * an object's class name (a wrapper's $className: GetObjectClass + Class.getName over JNI) and
   * instance-field reads over JNI (GetObjectField and kin).
   */
  readonly counters = { stackWalks: 0, classNameReads: 0, fieldReads: 0 };
  private hashSeq = 0x0b7e3a1;
  private readonly calls = new WeakMap<JavaThread, Call>();

  constructor(opts: VmOptions, mainThread: JavaThread) {
    this.api = opts.api;
    this.env = opts.env;
    this.boot = new JLoader('boot', null, opts.bootSpecs, '', 'java.lang.BootClassLoader');
    this.system = new JLoader('path', this.boot, new Map(), `DexPathList[[directory "."],nativeLibraryDirectories=[${systemLibDirs(this.api)}]]`, 'dalvik.system.PathClassLoader');
    this.loaders.push(this.boot, this.system);
    this.current = mainThread;
    this.threads.set(mainThread.tid, mainThread);
  }

  // ---- classes -------------------------------------------------------------------------

  /** ClassLoader.loadClass semantics: parent first, then the loader's own dex. Throws ClassNotFoundException. */
  loadClass(loader: JLoader, name: string): JClass {
    const c = this.tryLoad(loader, name);
    if (c !== null) return c;
    if (loader.kind === 'boot') this.throwNew('java.lang.ClassNotFoundException', name);
    this.throwNew('java.lang.ClassNotFoundException', `Didn't find class "${name}" on path: ${loader.pathDescription}`);
  }

  tryLoad(loader: JLoader, name: string): JClass | null {
    if (name.startsWith('[')) return this.arrayClass(loader, name);
    if (isPrimitive(name)) return null;
    // Parent delegation: the root (boot) loader answers first; definitions are cached per loader.
    const chain: JLoader[] = [];
    for (let l: JLoader | null = loader; l !== null; l = l.parent) chain.unshift(l);
    for (const l of chain) {
      const known = l.defined.get(name);
      if (known !== undefined) return known;
      const spec = l.specs.get(name);
      if (spec !== undefined) return this.define(l, spec);
    }
    return null;
  }

  /** JNI FindClass from a thread without Java frames: the system class loader. */
  findClass(name: string): JClass {
    return this.loadClass(this.system, name);
  }

  /** A boot class that must exist (framework code referring to framework classes). */
  bootClass(name: string): JClass {
    const c = this.tryLoad(this.boot, name);
    if (c === null) throw new Error(`emulator: framework class ${name} is not modelled at API ${this.api}`);
    return c;
  }

  private define(loader: JLoader, spec: ClassSpec): JClass {
    const c = new JClass(spec.name, spec.flags, loader, spec, spec.origin, spec.file);
    loader.defined.set(spec.name, c);
    try {
      if (spec.superName !== null) c.superclass = this.loadClass(loader, spec.superName);
      c.interfaces = spec.interfaces.map((i) => this.loadClass(loader, i));
    } catch (e) {
      loader.defined.delete(spec.name);
      throw e;
    }
    c.populate(spec, this.api);
    for (const mm of c.methods) this.methodsByUid.set(mm.uid, mm);
    for (const ff of c.fields) this.fieldsByUid.set(ff.uid, ff);
    return c;
  }

  private arrayClass(loader: JLoader, name: string): JClass | null {
    const comp = componentOf(name);
    let defining = this.boot;
    if (!isPrimitive(comp)) {
      const cc = this.tryLoad(loader, comp);
      if (cc === null) return null;
      defining = cc.loader;
    }
    const known = defining.defined.get(name);
    if (known !== undefined) return known;
    const c = new JClass(name, ACC.PUBLIC | ACC.FINAL | ACC.ABSTRACT, defining, null, 'core-oj', null);
    c.superclass = this.bootClass('java.lang.Object');
    c.interfaces = ARRAY_INTERFACES.map((i) => this.bootClass(i));
    c.initialized = true;
    defining.defined.set(name, c);
    return c;
  }

  classOf(v: JValue): JClass {
    if (typeof v === 'string') return this.bootClass('java.lang.String');
    if (v instanceof JObject) return v.cls;
    throw new Error(`emulator: not a reference value: ${String(v)}`);
  }

  isInstance(v: JValue, cls: JClass): boolean {
    if (v === null || v === undefined) return false;
    return this.isAssignable(cls, this.classOf(v));
  }

  /** `to.isAssignableFrom(from)`, with array covariance resolved through class loading. */
  isAssignable(to: JClass, from: JClass): boolean {
    if (to.isArray && from.isArray) {
      const a = to.component;
      const b = from.component;
      if (isPrimitive(a) || isPrimitive(b)) return a === b;
      const ca = this.tryLoad(to.loader, a);
      const cb = this.tryLoad(from.loader, b);
      return ca !== null && cb !== null && this.isAssignable(ca, cb);
    }
    return to.isAssignableFrom(from);
  }

  ensureInitialized(c: JClass): void {
    if (c.initialized) return;
    c.initialized = true;
    if (c.superclass !== null) this.ensureInitialized(c.superclass);
    const call = this.callFor(this.current);
    for (const ff of c.fields) {
      if (!ff.isStatic) continue;
      const v = ff.spec?.value;
      c.staticValues.set(ff.uid, typeof v === 'function' ? v(call) : v !== undefined ? v : zeroOf(ff.type));
    }
  }

  /** The class's java.lang.Class object. */
  classObject(c: JClass): JObject {
    if (c.classObject === null) {
      const o = new JObject(this.bootClass('java.lang.Class'), this.nextHash());
      o.native = c;
      c.classObject = o;
    }
    return c.classObject;
  }

  /** Defines a class loader over app or SDK dex files. */
  newLoader(kind: 'path' | 'dex', parent: JLoader, specs: Map<string, ClassSpec>, pathDescription: string, className: string): JLoader {
    const l = new JLoader(kind, parent, specs, pathDescription, className);
    this.loaders.push(l);
    return l;
  }

  /** The java.lang.ClassLoader object of a loader. */
  loaderObject(l: JLoader): JObject {
    if (l.obj === null) {
      const o = new JObject(this.bootClass(l.className), this.nextHash());
      o.native = l;
      l.obj = o;
    }
    return l.obj;
  }

  // ---- objects -------------------------------------------------------------------------

  nextHash(): number {
    this.hashSeq = (this.hashSeq * 1103515245 + 12345) & 0x7fffffff;
    return this.hashSeq;
  }

  alloc(c: JClass): JObject {
    this.ensureInitialized(c);
    const o = new JObject(c, this.nextHash());
    for (let k: JClass | null = c; k !== null; k = k.superclass) {
      for (const ff of k.fields) if (!ff.isStatic) o.fields.set(ff.uid, zeroOf(ff.type));
    }
    return o;
  }

  newObject(c: JClass, params: readonly string[], args: readonly JValue[]): JObject {
    const o = this.alloc(c);
    const ctor = c.byKey.get(overloadKey('<init>', params));
    if (ctor === undefined) throw new Error(`emulator: ${c.name} has no constructor (${params.join(',')}) at API ${this.api}`);
    this.invoke(ctor, o, args, 'special');
    return o;
  }

  newArray(type: string, elems: JValue[], loader: JLoader = this.boot): JArray {
    const c = this.tryLoad(loader, type);
    if (c === null) throw new Error(`emulator: no array class ${type}`);
    return new JArray(c, this.nextHash(), elems);
  }

  fieldOf(o: JObject, name: string): JField {
    const ff = o.cls.findField(name);
    if (ff === null || ff.isStatic) throw new Error(`emulator: ${o.cls.name} has no instance field ${name}`);
    return ff;
  }

  staticField(c: JClass, name: string): JField {
    const ff = c.findField(name);
    if (ff === null || !ff.isStatic) throw new Error(`emulator: ${c.name} has no static field ${name}`);
    this.ensureInitialized(ff.cls);
    return ff;
  }

  // ---- invocation ----------------------------------------------------------------------

  /**
   * Invokes a method on the current thread. 'virtual' dispatches on the receiver's class;
   * 'special' calls exactly `method`; 'original' also bypasses a frida-java-bridge replacement
   * (the bridge's re-entry rule). A replaced method runs its replacement in a frame of its own,
   * which backtraces show as the hooked method itself.
   */
  invoke(method: JMethod, self: JObject | null, args: readonly JValue[], mode: InvokeMode): JValue {
    let target = method;
    if (mode === 'virtual' && !method.isStatic && !method.isConstructor && self !== null) {
      target = this.classOf(self).resolveVirtual(method.key) ?? method;
    }
    this.ensureInitialized(target.cls);
    const thread = this.current;
    const caller = thread.top();
    if (caller !== undefined && !caller.replacement) caller.line++;
    if (target.replacement !== null && mode !== 'original') {
      const frame: Frame = { method: target, line: target.line, replacement: true };
      thread.frames.push(frame);
      try {
        return target.replacement(self, args);
      } finally {
        thread.frames.pop();
      }
    }
    if (target.impl === undefined) {
      if ((target.flags & ACC.ABSTRACT) !== 0) this.throwNew('java.lang.AbstractMethodError', `abstract method "${target.pretty()}"`);
      // Modelled for hooking and backtraces only: returns the type's zero value.
      return zeroOf(target.ret);
    }
    thread.frames.push({ method: target, line: target.line, replacement: false });
    try {
      const r = target.impl(this.callFor(thread), self, args);
      return r === undefined ? zeroOf(target.ret) : r;
    } finally {
      thread.frames.pop();
    }
  }

  /** Finds `name(params)` declared in `c` or its supertypes. */
  method(c: JClass, name: string, params: readonly string[]): JMethod {
    const mm = c.findMethod(overloadKey(name, params));
    if (mm === null) throw new Error(`emulator: ${c.name} has no method ${overloadKey(name, params)} at API ${this.api}`);
    return mm;
  }

  callFor(thread: JavaThread): Call {
    let c = this.calls.get(thread);
    if (c === undefined) {
      c = makeCall(this, thread);
      this.calls.set(thread, c);
    }
    return c;
  }

  /** Runs fn with `thread` as the current thread (the scheduler's context switch). */
  runOn<T>(thread: JavaThread, fn: () => T): T {
    const prev = this.current;
    this.current = thread;
    if (!this.threads.has(thread.tid)) this.threads.set(thread.tid, thread);
    try {
      return fn();
    } finally {
      this.current = prev;
    }
  }

  // ---- exceptions ----------------------------------------------------------------------

  throwNew(className: string, message?: string | null): never {
    const c = this.bootClass(className);
    const noArg = (message === null || message === undefined) && c.byKey.has('<init>()');
    const t = noArg ? this.newObject(c, [], []) : this.newObject(c, ['java.lang.String'], [message ?? null]);
    throw new JavaException(t, this.describe(t));
  }

  /** Throws an existing throwable object. */
  throwObject(t: JObject): never {
    throw new JavaException(t, this.describe(t));
  }

  /** Throwable.toString() without dispatching through hooks (for host-side messages). */
  describe(t: JObject): string {
    const msgField = t.cls.findField('detailMessage');
    const msg = msgField === null ? null : t.fields.get(msgField.uid);
    return typeof msg === 'string' ? `${t.cls.name}: ${msg}` : t.cls.name;
  }

  // ---- stacks --------------------------------------------------------------------------

  /**
   * Java.backtrace(): innermost first, every frame of the thread; id = SHA-1 over (method, pc).
   * frida-java-bridge 7.0.13 passes `limit` only to g_array_sized_new (a size hint) and its
   * visit_frame always returns true, so the walk never stops early (lib/android.js, _create /
   * visit_frame; conformance: java-bridge.backtrace.ignoresLimit). `limit` is accepted and ignored.
   */
  backtrace(thread: JavaThread, limit: number, apkPathOf: (c: JClass) => string): { id: string; frames: BacktraceFrame[] } {
    void limit;
    this.counters.stackWalks++;
    const h = createHash('sha1');
    const out: BacktraceFrame[] = [];
    const buf = Buffer.alloc(12);
    for (let i = thread.frames.length - 1; i >= 0; i--) {
      const fr = thread.frames[i]!;
      const mm = fr.method;
      const native = (mm.flags & ACC.NATIVE) !== 0;
      // A replacement is a distinct ArtMethod (native, no dex pc); frames map it back to the original.
      buf.writeUInt32LE(fr.replacement ? mm.uid + 1 : mm.uid, 0);
      buf.writeUInt32LE(0, 4);
      buf.writeUInt32LE(fr.replacement ? 0xffffffff : fr.line - mm.line, 8);
      h.update(buf);
      out.push({
        signature: mm.signature(),
        origin: originPath(mm.cls.origin, this.api, apkPathOf(mm.cls)),
        className: mm.cls.name,
        methodName: mm.name,
        methodFlags: mm.flags & 0xffff,
        fileName: mm.cls.file ?? '',
        lineNumber: native && !fr.replacement ? -2 : fr.replacement ? mm.line : fr.line,
      });
    }
    return { id: h.digest('hex'), frames: out };
  }
}

function systemLibDirs(api: number): string {
  const dirs = api >= 30 ? ['/system/lib64', '/system_ext/lib64'] : ['/system/lib64', '/vendor/lib64'];
  return [...dirs, ...dirs].join(', ');
}

/** The per-thread Call handed to method implementations. */
function makeCall(vm: ArtVm, thread: JavaThread): Call {
  const loaderOf = () => {
    const top = thread.top();
    return top?.method.cls.loader ?? vm.app ?? vm.boot;
  };
  const cls = (name: string): JClass => vm.tryLoad(loaderOf(), name) ?? vm.bootClass(name);
  return {
    api: vm.api,
    vm,
    thread,
    env: vm.env,
    call(target, name, params = [], args = []) {
      if (target === null || target === undefined) vm.throwNew('java.lang.NullPointerException', `Attempt to invoke virtual method '${name}' on a null object reference`);
      const c = vm.classOf(target as JValue);
      return vm.invoke(vm.method(c, name, params), target as JObject, args, 'virtual');
    },
    callStatic(className, name, params = [], args = []) {
      return vm.invoke(vm.method(cls(className), name, params), null, args, 'special');
    },
    callSpecial(target, className, name, params = [], args = []) {
      return vm.invoke(vm.method(cls(className), name, params), target, args, 'special');
    },
    newObject(className, params = [], args = []) {
      return vm.newObject(cls(className), params, args);
    },
    get(obj, field) {
      return obj.fields.get(vm.fieldOf(obj, field).uid) ?? null;
    },
    set(obj, field, value) {
      obj.fields.set(vm.fieldOf(obj, field).uid, value);
    },
    getStatic(className, field) {
      const c = cls(className);
      const ff = vm.staticField(c, field);
      return ff.cls.staticValues.get(ff.uid) ?? null;
    },
    setStatic(className, field, value) {
      const ff = vm.staticField(cls(className), field);
      ff.cls.staticValues.set(ff.uid, value);
    },
    throwNew(className, message) {
      return vm.throwNew(className, message);
    },
  };
}

