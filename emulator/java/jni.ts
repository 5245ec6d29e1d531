// A JNI-shaped door into the emulated VM, for the emulated frida-java-bridge. Everything that
// crosses it is a primitive: references are integers (kind in the low two bits, like ART's
// IndirectRef), longs are bigints, chars are UTF-16 code units, structured answers are JSON.
// Java exceptions become the calling thread's pending exception, read with exceptionOccurred().
import type { JClass, JLoader, JMethod } from './classes.js';
import { JArray, JavaException, JObject, zeroOf } from './heap.js';
import type { JValue } from './model.js';
import type { JavaThread } from './threads.js';
import { componentOf, isPrimitive } from './types.js';
import type { ArtVm } from './vm.js';

export type JniValue = number | bigint | boolean | undefined;

/** Replacement callback: (thisRef, ...args) -> return value; installed by the bridge. */
export type JniReplacement = (thisRef: number, ...args: JniValue[]) => JniValue;

const LOCAL = 1;
const GLOBAL = 2;

export class Jni {
  private readonly refs = new Map<number, Exclude<JValue, null | undefined | boolean | number | bigint>>();
  private seq = 0x40;

  constructor(
    private readonly vm: ArtVm,
    private readonly apkPathOf: (c: JClass) => string,
    readonly info: { api: number; release: string; appProcess: boolean },
  ) {}

  private get thread(): JavaThread {
    return this.vm.current;
  }

  // ---- references ----------------------------------------------------------------------

  private newRef(v: JValue, kind: number): number {
    if (v === null || v === undefined) return 0;
    if (typeof v !== 'string' && !(v instanceof JObject)) throw new Error(`emulator: not a reference: ${String(v)}`);
    const id = (++this.seq << 2) | kind;
    this.refs.set(id, v);
    if (kind === LOCAL) {
      const frames = this.thread.localFrames;
      frames[frames.length - 1]!.push(id);
    }
    return id;
  }

  /** The object a reference names; 0 is null. A stale reference is a JNI error (ART aborts; we throw). */
  deref(ref: number): JValue {
    if (ref === 0) return null;
    const v = this.refs.get(ref);
    if (v === undefined) throw new Error(`JNI ERROR (app bug): accessed stale reference 0x${ref.toString(16)}`);
    return v;
  }

  newLocalRef(ref: number): number {
    return this.newRef(this.deref(ref), LOCAL);
  }

  newGlobalRef(ref: number): number {
    return this.newRef(this.deref(ref), GLOBAL);
  }

  deleteRef(ref: number): void {
    this.refs.delete(ref);
  }

  pushLocalFrame(): void {
    this.thread.localFrames.push([]);
  }

  popLocalFrame(result: number): number {
    const frames = this.thread.localFrames;
    const v = result === 0 ? null : this.deref(result);
    const top = frames.length > 1 ? frames.pop()! : [];
    for (const id of top) this.refs.delete(id);
    return v === null ? 0 : this.newRef(v, LOCAL);
  }

  /** Live references (tests check that hooks do not leak them). */
  get liveRefs(): number {
    return this.refs.size;
  }

  // ---- values ----------------------------------------------------------------------------

  private toJava(type: string, v: JniValue): JValue {
    if (isPrimitive(type)) {
      if (type === 'long') return typeof v === 'bigint' ? v : BigInt(v as number);
      if (type === 'boolean') return v === true || v === 1;
      return v as number;
    }
    return this.deref(v as number);
  }

  private toJni(type: string, v: JValue): JniValue {
    if (type === 'void') return undefined;
    if (isPrimitive(type)) return v as JniValue;
    return this.newRef(v, LOCAL);
  }

  // ---- runtime facts ----------------------------------------------------------------------

  runtimeInfo(): string {
    return JSON.stringify(this.info);
  }

  currentThreadId(): number {
    return this.thread.tid;
  }

  isMainThread(): boolean {
    const l = this.thread.looper;
    return l !== null && this.thread.tid === this.vm.env.pid;
  }

  backtrace(limit: number): string {
    return JSON.stringify(this.vm.backtrace(this.thread, limit, this.apkPathOf));
  }

  // ---- exceptions ----------------------------------------------------------------------

  exceptionOccurred(): number {
    const t = this.thread.pending;
    return t === null ? 0 : this.newRef(t, LOCAL);
  }

  exceptionClear(): void {
    this.thread.pending = null;
  }

  throw(ref: number): void {
    this.thread.pending = this.deref(ref) as JObject;
  }

  private guard<T>(fallback: T, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof JavaException) {
        this.thread.pending = e.throwable;
        return fallback;
      }
      throw e;
    }
  }

  // ---- classes ------------------------------------------------------------------------------

  private classOfRef(ref: number): JClass {
    const o = this.deref(ref);
    if (!(o instanceof JObject) || o.cls.name !== 'java.lang.Class') throw new Error('emulator: not a class reference');
    return o.native as JClass;
  }

  findClass(name: string): number {
    return this.guard(0, () => this.newRef(this.vm.classObject(this.vm.findClass(name)), LOCAL));
  }

  loadClass(loaderRef: number, name: string): number {
    const lo = this.deref(loaderRef);
    const loader = lo instanceof JObject ? (lo.native as JLoader) : this.vm.boot;
    return this.guard(0, () => this.newRef(this.vm.classObject(this.vm.loadClass(loader, name)), LOCAL));
  }

  getSuperclass(classRef: number): number {
    const c = this.classOfRef(classRef);
    return c.isInterface || c.superclass === null ? 0 : this.newRef(this.vm.classObject(c.superclass), LOCAL);
  }

  getClassName(classRef: number): string {
    return this.classOfRef(classRef).name;
  }

  getObjectClass(ref: number): number {
    return this.newRef(this.vm.classObject(this.vm.classOf(this.deref(ref))), LOCAL);
  }

  getObjectClassName(ref: number): string {
    this.vm.counters.classNameReads++;
    return this.vm.classOf(this.deref(ref)).name;
  }

  isInstanceOf(ref: number, classRef: number): boolean {
    const v = this.deref(ref);
    return v === null || this.vm.isInstance(v, this.classOfRef(classRef));
  }

  isAssignableFrom(subRef: number, superRef: number): boolean {
    return this.vm.isAssignable(this.classOfRef(superRef), this.classOfRef(subRef));
  }

  isSameObject(a: number, b: number): boolean {
    return this.deref(a) === this.deref(b);
  }

  /** Declared members: {name, interface, methods: [[id, name, flags, ret, params]], fields: [[id, name, flags, type]]}. */
  classModel(classRef: number): string {
    const c = this.classOfRef(classRef);
    return JSON.stringify({
      name: c.name,
      interface: c.isInterface,
      methods: c.methods.map((mm) => [mm.uid, mm.name, mm.flags, mm.ret, mm.params]),
      fields: c.fields.map((ff) => [ff.uid, ff.name, ff.flags, ff.type]),
    });
  }

  /** Loaders ART's class linker knows (Java.enumerateClassLoaders): those that defined classes. */
  classLoaders(): string {
    const out: number[] = [];
    for (const l of this.vm.loaders) {
      if (l.kind === 'boot' || (l.defined.size === 0 && l !== this.vm.app)) continue;
      out.push(this.newRef(this.vm.loaderObject(l), GLOBAL));
    }
    return JSON.stringify(out);
  }

  /** Names of every class defined so far (Java.enumerateLoadedClasses). */
  loadedClassNames(): string {
    const names = new Set<string>();
    for (const l of this.vm.loaders) for (const n of l.defined.keys()) names.add(n);
    return JSON.stringify([...names]);
  }

  // ---- calls ------------------------------------------------------------------------------

  private methodById(id: number): JMethod {
    const mm = this.vm.methodsByUid.get(id);
    if (mm === undefined) throw new Error(`emulator: unknown method id 0x${id.toString(16)}`);
    return mm;
  }

  /** mode: 0 virtual, 1 non-virtual, 2 non-virtual bypassing a replacement (the bridge's re-entry). */
  callMethod(methodId: number, thisRef: number, mode: number, ...args: JniValue[]): JniValue {
    const mm = this.methodById(methodId);
    return this.guard(zeroOf(mm.ret) as JniValue, () => {
      const self = mm.isStatic ? null : (this.deref(thisRef) as JObject);
      const jargs = mm.params.map((p, i) => this.toJava(p, args[i]));
      const r = this.vm.invoke(mm, self, jargs, mode === 0 ? 'virtual' : mode === 1 ? 'special' : 'original');
      return this.toJni(mm.ret, r);
    });
  }

  allocObject(classRef: number): number {
    return this.newRef(this.vm.alloc(this.classOfRef(classRef)), LOCAL);
  }

  newObject(ctorId: number, ...args: JniValue[]): number {
    const ctor = this.methodById(ctorId);
    return this.guard(0, () => {
      const jargs = ctor.params.map((p, i) => this.toJava(p, args[i]));
      if (ctor.cls.name === 'java.lang.String') return this.newRef(stringFromCtor(jargs), LOCAL);
      const o = this.vm.alloc(ctor.cls);
      this.vm.invoke(ctor, o, jargs, 'special');
      return this.newRef(o, LOCAL);
    });
  }

  /** Runs a constructor on an allocated object ($init). */
  initObject(ctorId: number, thisRef: number, mode: number, ...args: JniValue[]): void {
    this.callMethod(ctorId, thisRef, mode, ...args);
  }

  getField(fieldId: number, ref: number): JniValue {
    const ff = this.vm.fieldsByUid.get(fieldId)!;
    if (ff.isStatic) {
      this.vm.ensureInitialized(ff.cls);
      return this.toJni(ff.type, ff.cls.staticValues.get(ff.uid) ?? zeroOf(ff.type));
    }
    this.vm.counters.fieldReads++;
    const o = this.deref(ref) as JObject;
    return this.toJni(ff.type, o.fields.get(ff.uid) ?? zeroOf(ff.type));
  }

  setField(fieldId: number, ref: number, v: JniValue): void {
    const ff = this.vm.fieldsByUid.get(fieldId)!;
    const jv = this.toJava(ff.type, v);
    if (ff.isStatic) {
      this.vm.ensureInitialized(ff.cls);
      ff.cls.staticValues.set(ff.uid, jv);
    } else {
      (this.deref(ref) as JObject).fields.set(ff.uid, jv);
    }
  }

  // ---- strings and arrays -------------------------------------------------------------------

  newString(s: string): number {
    return this.newRef(String(s), LOCAL);
  }

  getString(ref: number): string {
    const v = this.deref(ref);
    if (typeof v !== 'string') throw new Error('emulator: not a java.lang.String');
    return v;
  }

  getArrayLength(ref: number): number {
    return (this.deref(ref) as JArray).elems.length;
  }

  getArrayElement(ref: number, i: number): JniValue {
    const a = this.deref(ref) as JArray;
    if (i < 0 || i >= a.elems.length) throw new Error(`emulator: array index ${i} out of bounds for length ${a.elems.length}`);
    return this.toJni(componentOf(a.cls.name), a.elems[i] ?? null);
  }

  setArrayElement(ref: number, i: number, v: JniValue): void {
    const a = this.deref(ref) as JArray;
    a.elems[i] = this.toJava(componentOf(a.cls.name), v);
  }

  /** A new array of `type` ('[B', '[Ljava.lang.String;') with `length` zero elements. */
  newArray(type: string, length: number): number {
    const comp = componentOf(type);
    const loader = this.vm.app ?? this.vm.boot;
    return this.guard(0, () => this.newRef(this.vm.newArray(type, new Array(length).fill(zeroOf(comp)), loader), LOCAL));
  }

  // ---- method replacement (frida-java-bridge's implementation =) -------------------------------

  replace(methodId: number, callback: JniReplacement): void {
    const mm = this.methodById(methodId);
    mm.replacement = (self, args) => {
      const thread = this.thread;
      thread.localFrames.push([]);
      try {
        const thisRef = self === null ? 0 : this.newRef(self, LOCAL);
        const jargs = mm.params.map((p, i) => this.toJni(p, args[i] ?? null));
        const r = callback(thisRef, ...jargs);
        const pending = thread.pending;
        if (pending !== null) {
          thread.pending = null;
          throw new JavaException(pending, this.vm.describe(pending));
        }
        return this.toJava(mm.ret, r);
      } finally {
        const top = thread.localFrames.pop() ?? [];
        for (const id of top) this.refs.delete(id);
      }
    };
  }

  revert(methodId: number): void {
    this.methodById(methodId).replacement = null;
  }
}

const utf8 = new TextDecoder();

function stringFromCtor(args: JValue[]): string {
  const a = args[0];
  if (a === undefined) return '';
  if (typeof a === 'string') return a;
  if (a instanceof JArray) {
    if (a.cls.name === '[B') return utf8.decode(Uint8Array.from(a.elems as number[], (b) => b & 0xff));
    if (a.cls.name === '[C') return String.fromCharCode(...(a.elems as number[]));
  }
  return '';
}
