// Class wrappers, method dispatchers, fields and method replacement, with frida-java-bridge's
// behaviour and error messages (lib/class-factory.js, lib/class-model.js): members are looked up
// in the class and then its superclasses, overloads are chosen with .overload(...), a replacement
// runs the original when the same method is called again on the same thread, hook arguments are
// disposed when the hook returns, and JS errors thrown from a hook reach the host while Java gets
// the default value.
import { G, handle, refOf, type Art, type JniValue, type NativePointerLike } from './env.js';
import { getType, type FactoryLike, type JavaType } from './types.js';

const CONSTRUCTOR_METHOD = 1;
const STATIC_METHOD = 2;
const INSTANCE_METHOD = 3;
const STATIC_FIELD = 1;
const INSTANCE_FIELD = 2;
const STRATEGY_VIRTUAL = 1;
const STRATEGY_DIRECT = 2;
const ACC_STATIC = 0x0008;

type Fn = (...args: any[]) => any;

interface ModelJson {
  name: string;
  interface: boolean;
  methods: [number, string, number, string, string[]][];
  fields: [number, string, number, string][];
}

type MemberSpec = { kind: 'm'; overloads: [number, number, string, string[]][] } | { kind: 'f'; id: number; flags: number; type: string };

/** Per-class data shared by the class wrapper and its instance wrappers. */
interface ClassData {
  name: string;
  factory: ClassFactory;
  /** Global ref of the java.lang.Class. */
  classRef: number;
  model: ModelJson;
  members: Map<string, MemberSpec>;
  cache: Map<string, (receiver: any) => any>;
  superData: ClassData | null | undefined;
  ctors: { allocAndInit: any; initOnly: any } | null;
  C: WrapperConstructor;
}

type WrapperConstructor = new (h: NativePointerLike | null, strategy: number, owned: boolean) => any;

/** Threads inside frida-java-bridge's own class loading, where hooks use the original (FJB ignoredThreads). */
const ignoredThreads = new Map<number, number>();

export class ClassFactory implements FactoryLike {
  static factories: ClassFactory[] = [];
  private static loaderRefs: { ref: number; factory: ClassFactory }[] = [];
  static runtimeArt: Art | null = null;

  cacheDir = '/data/local/tmp';
  codeCacheDir = '/data/local/tmp/dalvik-cache';
  tempFileNaming = { prefix: 'frida', suffix: '' };
  private _loader: any = null;
  private readonly classes = new Map<string, any>();
  readonly types: [Map<string, JavaType>, Map<string, JavaType>] = [new Map(), new Map()];
  readonly patched = new Set<any>();

  constructor(readonly art: Art) {
    ClassFactory.factories.push(this);
  }

  static get(classLoader: any): ClassFactory {
    const def = ClassFactory.factories[0]!;
    if (classLoader === null) return def;
    const art = def.art;
    const ref = refOf(classLoader.$h);
    for (const e of ClassFactory.loaderRefs) if (art.isSameObject(e.ref, ref)) return e.factory;
    const f = new ClassFactory(art);
    f.loader = classLoader;
    f.cacheDir = def.cacheDir;
    return f;
  }

  get loader(): any {
    return this._loader;
  }

  set loader(value: any) {
    this._loader = value;
    if (value !== null) {
      const g = this.art.newGlobalRef(refOf(value.$h));
      ClassFactory.loaderRefs.push({ ref: g, factory: this });
    }
  }

  use(className: string, options: { cache?: 'skip' } = {}): any {
    const allowCached = options.cache !== 'skip';
    if (allowCached) {
      const c = this.classes.get(className);
      if (c !== undefined) return c;
    }
    const art = this.art;
    const tid = G.Process.getCurrentThreadId();
    ignore(tid);
    let local: number;
    try {
      local = this._loader === null ? art.findClass(className) : art.loadClass(refOf(this._loader.$h), className);
      throwIfExceptionPending(this);
    } finally {
      unignore(tid);
    }
    const classRef = art.newGlobalRef(local);
    art.deleteRef(local);
    const C = this.make(className, classRef);
    if (allowCached) this.classes.set(className, C);
    return C;
  }

  /** @internal the class wrapper for an already resolved class. */
  make(name: string, classRef: number): any {
    const art = this.art;
    const model = JSON.parse(art.classModel(classRef)) as ModelJson;
    const members = new Map<string, MemberSpec>();
    for (const [id, mname, flags, ret, params] of model.methods) {
      if (mname === '<init>' || mname === '<clinit>') continue;
      const key = mname.startsWith('$') ? `_${mname}` : mname;
      const existing = members.get(key);
      const entry: [number, number, string, string[]] = [id, flags, ret, params];
      if (existing !== undefined && existing.kind === 'm') existing.overloads.push(entry);
      else members.set(key, { kind: 'm', overloads: [entry] });
    }
    for (const [id, fname, flags, type] of model.fields) {
      let key = fname.startsWith('$') ? `_${fname}` : fname;
      while (members.has(key)) key = `_${key}`;
      members.set(key, { kind: 'f', id, flags, type });
    }
    const data: ClassData = { name, factory: this, classRef, model, members, cache: new Map(), superData: undefined, ctors: null, C: null as unknown as WrapperConstructor };
    data.C = makeWrapperConstructor(data);
    return new data.C(null, STRATEGY_VIRTUAL, false);
  }

  cast(obj: any, klass: any, owned = true): any {
    const art = this.art;
    let ref: number;
    if (typeof obj === 'number') ref = obj;
    else if (obj instanceof G.NativePointer) ref = refOf(obj);
    else {
      const h = obj?.$h;
      if (h === undefined) throw new Error('Wrapper is disposed; perhaps it was borrowed from a hook instead of calling Java.retain() to make a long-lived wrapper?');
      ref = h instanceof G.NativePointer ? refOf(h) : refOf(obj);
    }
    const data = dataOf(klass);
    if (!art.isInstanceOf(ref, data.classRef)) throw new Error(`Cast from '${art.getObjectClassName(ref)}' to '${data.name}' isn't possible`);
    return new data.C(handle(ref), STRATEGY_VIRTUAL, owned);
  }

  retain(obj: any): any {
    return obj.$clone();
  }

  array(type: string, elements: unknown[]): any {
    const p = getType(type, true, this);
    const arrayType = getType(`[${p.name.length === 1 ? p.name : p.className.startsWith('[') ? p.className : `L${p.className};`}`, true, this);
    this.art.pushLocalFrame();
    try {
      return arrayType.fromJni(arrayType.toJni(elements), true);
    } finally {
      this.art.popLocalFrame(0);
    }
  }

  _getType(typeName: string, unbox = true): JavaType {
    const cache = this.types[unbox ? 1 : 0];
    let t = cache.get(typeName);
    if (t === undefined) {
      t = getType(typeName, unbox, this);
      cache.set(typeName, t);
    }
    return t;
  }

  choose(): never {
    throw new Error('Java.choose() is not supported by the emulated device (it has no heap to scan)');
  }

  registerClass(): never {
    throw new Error('Java.registerClass() is not supported by the emulated device (it cannot load generated dex)');
  }

  openClassFile(): never {
    throw new Error('Java.openClassFile() is not supported by the emulated device');
  }

  /** Reverts this factory's replacements (script teardown). */
  dispose(): void {
    for (const m of [...this.patched]) m.implementation = null;
    this.patched.clear();
  }
}

function ignore(tid: number): void {
  ignoredThreads.set(tid, (ignoredThreads.get(tid) ?? 0) + 1);
}

function unignore(tid: number): void {
  const n = (ignoredThreads.get(tid) ?? 1) - 1;
  if (n <= 0) ignoredThreads.delete(tid);
  else ignoredThreads.set(tid, n);
}

/** env.throwIfExceptionPending(): a Java exception becomes an Error with Throwable.toString() and `$h`. */
export function throwIfExceptionPending(f: ClassFactory): void {
  const art = f.art;
  const t = art.exceptionOccurred();
  if (t === 0) return;
  art.exceptionClear();
  const g = art.newGlobalRef(t);
  art.deleteRef(t);
  const error = new Error(describe(f, g)) as Error & { $h?: NativePointerLike };
  error.$h = handle(g);
  G.Script.bindWeak(error, () => art.deleteRef(g));
  throw error;
}

let objectToString: number | null = null;

function describe(f: ClassFactory, ref: number): string {
  const art = f.art;
  if (objectToString === null) {
    const cls = art.findClass('java.lang.Object');
    const model = JSON.parse(art.classModel(cls)) as ModelJson;
    art.deleteRef(cls);
    objectToString = model.methods.find((x) => x[1] === 'toString' && x[4].length === 0)![0];
  }
  art.pushLocalFrame();
  try {
    const s = art.callMethod(objectToString, ref, 0) as number;
    if (art.exceptionOccurred() !== 0) {
      art.exceptionClear();
      return art.getObjectClassName(ref);
    }
    return art.getString(s);
  } finally {
    art.popLocalFrame(0);
  }
}

const DATA = Symbol('classData');

function dataOf(wrapper: any): ClassData {
  const d = wrapper?.[DATA] as ClassData | undefined;
  if (d === undefined) throw new Error('expected a class wrapper (Java.use)');
  return d;
}

function superOf(data: ClassData): ClassData | null {
  if (data.superData !== undefined) return data.superData;
  const art = data.factory.art;
  const s = art.getSuperclass(data.classRef);
  if (s === 0) {
    data.superData = null;
    return null;
  }
  const name = art.getClassName(s);
  const g = art.newGlobalRef(s);
  art.deleteRef(s);
  const wrapper = data.factory.make(name, g);
  data.superData = dataOf(wrapper);
  return data.superData;
}

function findMember(data: ClassData, name: string): ((receiver: any) => any) | null {
  for (let d: ClassData | null = data; d !== null; d = superOf(d)) {
    const cached = d.cache.get(name);
    if (cached !== undefined) return cached;
    const spec = d.members.get(name);
    if (spec !== undefined) {
      const made = makeMember(name, spec, d);
      d.cache.set(name, made);
      return made;
    }
  }
  return null;
}

function listMembers(data: ClassData): string[] {
  const out = new Set<string>();
  const chain: ClassData[] = [];
  for (let d: ClassData | null = data; d !== null; d = superOf(d)) chain.unshift(d);
  for (const d of chain) for (const k of d.members.keys()) out.add(k);
  return [...out];
}

function makeWrapperConstructor(data: ClassData): WrapperConstructor {
  const art = data.factory.art;
  function Wrapper(this: any, h: NativePointerLike | null, strategy: number, owned: boolean): any {
    if (h !== null) {
      if (owned) {
        const g = art.newGlobalRef(refOf(h));
        this.$h = handle(g);
        this.$r = G.Script.bindWeak(this, () => art.deleteRef(g));
      } else {
        this.$h = h;
        this.$r = null;
      }
    } else {
      this.$h = null;
      this.$r = null;
    }
    this.$t = strategy;
    return new Proxy(this, wrapperHandler);
  }
  const proto = Object.create(wrapperPrototype, {
    [DATA]: { value: data },
    $n: { value: data.name },
  });
  Wrapper.prototype = proto;
  return Wrapper as unknown as WrapperConstructor;
}

const wrapperHandler: ProxyHandler<any> = {
  has(target, property) {
    if (property in target) return true;
    return typeof property === 'string' && findMember(target[DATA], property) !== null;
  },
  get(target, property, receiver) {
    if (typeof property !== 'string' || property.startsWith('$') || property === 'class') return target[property];
    const unwrap = findMember(target[DATA], property);
    if (unwrap !== null) return unwrap(receiver);
    return target[property];
  },
  set(target, property, value) {
    target[property] = value;
    return true;
  },
  ownKeys(target) {
    return listMembers(target[DATA]);
  },
  getOwnPropertyDescriptor(target, property) {
    if (Object.prototype.hasOwnProperty.call(target, property)) return Object.getOwnPropertyDescriptor(target, property);
    return { writable: false, configurable: true, enumerable: true };
  },
};

const wrapperPrototype: any = Object.create(Object.prototype, {
  $new: {
    enumerable: true,
    get() {
      return getCtor(this, 'allocAndInit');
    },
  },
  $init: {
    enumerable: true,
    get() {
      return getCtor(this, 'initOnly');
    },
  },
  $alloc: {
    enumerable: true,
    value(this: any) {
      const data: ClassData = this[DATA];
      const art = data.factory.art;
      const r = art.allocObject(data.classRef);
      try {
        return data.factory.cast(r, this);
      } finally {
        art.deleteRef(r);
      }
    },
  },
  $dispose: {
    enumerable: true,
    value(this: any) {
      const r = this.$r;
      if (r !== null) {
        this.$r = null;
        G.Script.unbindWeak(r);
      }
      if (this.$h !== null) this.$h = undefined;
    },
  },
  $clone: {
    value(this: any) {
      const data: ClassData = this[DATA];
      return new data.C(this.$getHandle(), this.$t, true);
    },
  },
  class: {
    enumerable: true,
    get(this: any) {
      const data: ClassData = this[DATA];
      return data.factory.cast(data.classRef, data.factory.use('java.lang.Class'));
    },
  },
  $className: {
    enumerable: true,
    get(this: any) {
      const h = this.$h;
      const data: ClassData = this[DATA];
      if (h === null) return data.name;
      if (h === undefined) throw new Error('Wrapper is disposed; perhaps it was borrowed from a hook instead of calling Java.retain() to make a long-lived wrapper?');
      return data.factory.art.getObjectClassName(refOf(h));
    },
  },
  $ownMembers: {
    enumerable: true,
    get(this: any) {
      return [...(this[DATA] as ClassData).members.keys()];
    },
  },
  $super: {
    enumerable: true,
    get(this: any) {
      const s = superOf(this[DATA]);
      if (s === null) return null;
      return new s.C(this.$h, STRATEGY_DIRECT, false);
    },
  },
  $s: {
    get(this: any) {
      const s = superOf(this[DATA]);
      return s === null ? null : new s.C(null, STRATEGY_VIRTUAL, false);
    },
  },
  $isSameObject: {
    value(this: any, obj: any) {
      return (this[DATA] as ClassData).factory.art.isSameObject(refOf(obj.$h), refOf(this.$h));
    },
  },
  $getHandle: {
    value(this: any) {
      const h = this.$h;
      if (h === undefined) throw new Error('Wrapper is disposed; perhaps it was borrowed from a hook instead of calling Java.retain() to make a long-lived wrapper?');
      return h;
    },
  },
  $classRef: {
    value(this: any) {
      return (this[DATA] as ClassData).classRef;
    },
  },
  $has: {
    value(this: any, member: string) {
      return findMember(this[DATA], member) !== null;
    },
  },
  $find: {
    value(this: any, member: string) {
      return findMember(this[DATA], member);
    },
  },
  $list: {
    value(this: any) {
      return listMembers(this[DATA]);
    },
  },
  $f: {
    get(this: any) {
      return (this[DATA] as ClassData).factory;
    },
  },
  toJSON: {
    value(this: any) {
      const data: ClassData = this[DATA];
      const h = this.$h;
      if (h === null) return `<class: ${data.name}>`;
      const actual = this.$className;
      return actual === data.name ? `<instance: ${data.name}>` : `<instance: ${data.name}, $className: ${actual}>`;
    },
  },
});

function classWrapperOf(data: ClassData): any {
  return new data.C(null, STRATEGY_VIRTUAL, false);
}

function makeMember(name: string, spec: MemberSpec, data: ClassData): (receiver: any) => any {
  if (spec.kind === 'f') {
    const type = spec.flags & ACC_STATIC ? STATIC_FIELD : INSTANCE_FIELD;
    const rtype = data.factory._getType(spec.type);
    return (receiver: any) => new Field(receiver, type, rtype, spec.id, data);
  }
  const holder = classWrapperOf(data);
  const methods = spec.overloads.map(([id, flags, ret, params]) =>
    makeMethod(name, holder, data, flags & ACC_STATIC ? STATIC_METHOD : INSTANCE_METHOD, id, data.factory._getType(ret), params.map((p) => data.factory._getType(p))),
  );
  const dispatcher = makeDispatcher(methods);
  return () => dispatcher;
}

function getCtor(wrapper: any, kind: 'allocAndInit' | 'initOnly'): any {
  const data: ClassData = wrapper[DATA];
  if (data.ctors === null) {
    const ctors = data.model.methods.filter((x) => x[1] === '<init>');
    const holder = classWrapperOf(data);
    const self = data.factory._getType(data.name, false);
    const voidType = data.factory._getType('void');
    if (ctors.length === 0) {
      if (data.model.interface) throw new Error('cannot instantiate an interface');
      // No declared constructor: java.lang.Object's <init>()V, as FJB does.
      const art = data.factory.art;
      const o = art.findClass('java.lang.Object');
      const om = JSON.parse(art.classModel(o)) as ModelJson;
      art.deleteRef(o);
      const id = om.methods.find((x) => x[1] === '<init>')![0];
      ctors.push([id, '<init>', 0x10001, 'void', []]);
    }
    const simple = data.name.slice(data.name.lastIndexOf('.') + 1);
    data.ctors = {
      allocAndInit: makeDispatcher(ctors.map(([id, , , , params]) => makeMethod(simple, holder, data, CONSTRUCTOR_METHOD, id, self, params.map((p) => data.factory._getType(p))))),
      initOnly: makeDispatcher(ctors.map(([id, , , , params]) => makeMethod(simple, holder, data, INSTANCE_METHOD, id, voidType, params.map((p) => data.factory._getType(p))))),
    };
  }
  return data.ctors[kind];
}

// ---- fields ----------------------------------------------------------------------------------------

class Field {
  constructor(
    readonly holder: any,
    readonly fieldType: number,
    readonly fieldReturnType: JavaType,
    private readonly id: number,
    private readonly data: ClassData,
  ) {}

  private target(): number {
    if (this.fieldType === INSTANCE_FIELD) {
      const h = this.holder.$getHandle();
      if (h === null) throw new Error('Cannot access an instance field without an instance');
      return refOf(h);
    }
    return this.data.classRef;
  }

  get value(): unknown {
    const art = this.data.factory.art;
    art.pushLocalFrame();
    try {
      return this.fieldReturnType.fromJni(art.getField(this.id, this.target()), true);
    } finally {
      art.popLocalFrame(0);
    }
  }

  set value(v: unknown) {
    const art = this.data.factory.art;
    art.pushLocalFrame();
    try {
      const t = this.target();
      if (!this.fieldReturnType.isCompatible(v)) throw new Error(`Expected value compatible with ${this.fieldReturnType.className}`);
      art.setField(this.id, t, this.fieldReturnType.toJni(v));
    } finally {
      art.popLocalFrame(0);
    }
  }

  toString(): string {
    return `Java.Field{holder: ${String(this.holder)}, fieldType: ${this.fieldType}, fieldReturnType: ${this.fieldReturnType.className}, value: ${String(this.value)}}`;
  }
}

// ---- methods and dispatchers -----------------------------------------------------------------------

interface MethodParams {
  methodName: string;
  holder: any;
  data: ClassData;
  type: number;
  id: number;
  retType: JavaType;
  argTypes: JavaType[];
}

interface Replacement {
  pending: Set<number>;
}

function makeMethod(methodName: string, holder: any, data: ClassData, type: number, id: number, retType: JavaType, argTypes: JavaType[]): any {
  const m: any = function (this: any, ...args: unknown[]) {
    return m.invoke(this, args);
  };
  Object.setPrototypeOf(m, methodPrototype);
  m._p = { methodName, holder, data, type, id, retType, argTypes } satisfies MethodParams;
  return m;
}

function makeDispatcher(overloads: any[]): any {
  const d: any = function (this: any, ...args: unknown[]) {
    return d.invoke(this, args);
  };
  Object.setPrototypeOf(d, dispatcherPrototype);
  d._o = overloads;
  return d;
}

function throwOverloadError(name: string, methods: any[], message: string): never {
  const sorted = methods.slice().sort((a, b) => a.argumentTypes.length - b.argumentTypes.length);
  const overloads = sorted.map((mm) => {
    const t: JavaType[] = mm.argumentTypes;
    return t.length > 0 ? `.overload('${t.map((x) => x.className).join("', '")}')` : '.overload()';
  });
  throw new Error(`${name}(): ${message}\n\t${overloads.join('\n\t')}`);
}

function throwIfAmbiguous(d: any): void {
  const methods = d._o as any[];
  if (methods.length > 1) throwOverloadError(methods[0].methodName, methods, 'has more than one overload, use .overload(<signature>) to choose from:');
}

const dispatcherPrototype: any = Object.create(Function.prototype, {
  overloads: {
    enumerable: true,
    get() {
      return this._o;
    },
  },
  overload: {
    value(this: any, ...args: string[]) {
      const signature = args.join(':');
      for (const mm of this._o as any[]) {
        const t: JavaType[] = mm.argumentTypes;
        if (t.length === args.length && t.map((x) => x.className).join(':') === signature) return mm;
      }
      throwOverloadError(this.methodName, this.overloads, 'specified argument types do not match any of:');
    },
  },
  methodName: {
    enumerable: true,
    get() {
      return this._o[0].methodName;
    },
  },
  holder: {
    enumerable: true,
    get() {
      return this._o[0].holder;
    },
  },
  type: {
    enumerable: true,
    get() {
      return this._o[0].type;
    },
  },
  handle: {
    enumerable: true,
    get() {
      throwIfAmbiguous(this);
      return this._o[0].handle;
    },
  },
  implementation: {
    enumerable: true,
    get() {
      throwIfAmbiguous(this);
      return this._o[0].implementation;
    },
    set(fn) {
      throwIfAmbiguous(this);
      this._o[0].implementation = fn;
    },
  },
  returnType: {
    enumerable: true,
    get() {
      throwIfAmbiguous(this);
      return this._o[0].returnType;
    },
  },
  argumentTypes: {
    enumerable: true,
    get() {
      throwIfAmbiguous(this);
      return this._o[0].argumentTypes;
    },
  },
  canInvokeWith: {
    enumerable: true,
    get() {
      throwIfAmbiguous(this);
      return this._o[0].canInvokeWith;
    },
  },
  clone: {
    enumerable: true,
    value(this: any, options: unknown) {
      throwIfAmbiguous(this);
      return this._o[0].clone(options);
    },
  },
  invoke: {
    value(this: any, receiver: any, args: unknown[]) {
      // Like FJB: a disposed wrapper ($h undefined) still counts as an instance, and fails in $getHandle.
      const isInstance = receiver.$h !== null;
      for (const mm of this._o as any[]) {
        if (!mm.canInvokeWith(args)) continue;
        if (mm.type === INSTANCE_METHOD && !isInstance) {
          if (this.methodName === 'toString') return `<class: ${receiver.$n}>`;
          throw new Error(`${this.methodName}: cannot call instance method without an instance`);
        }
        return mm.apply(receiver, args);
      }
      if (this.methodName === 'toString') return `<class: ${receiver.$n}>`;
      throwOverloadError(this.methodName, this.overloads, 'argument types do not match any of:');
    },
  },
});

const methodPrototype: any = Object.create(Function.prototype, {
  methodName: {
    enumerable: true,
    get() {
      return (this._p as MethodParams).methodName;
    },
  },
  holder: {
    enumerable: true,
    get() {
      return (this._p as MethodParams).holder;
    },
  },
  type: {
    enumerable: true,
    get() {
      return (this._p as MethodParams).type;
    },
  },
  handle: {
    enumerable: true,
    get() {
      return G.ptr((this._p as MethodParams).id);
    },
  },
  returnType: {
    enumerable: true,
    get() {
      return (this._p as MethodParams).retType;
    },
  },
  argumentTypes: {
    enumerable: true,
    get() {
      return (this._p as MethodParams).argTypes;
    },
  },
  canInvokeWith: {
    enumerable: true,
    value(this: any, args: unknown[]) {
      const t = (this._p as MethodParams).argTypes;
      return args.length === t.length && t.every((x, i) => x.isCompatible(args[i]));
    },
  },
  clone: {
    enumerable: true,
    value(this: any) {
      const p = this._p as MethodParams;
      return makeMethod(p.methodName, p.holder, p.data, p.type, p.id, p.retType, p.argTypes);
    },
  },
  implementation: {
    enumerable: true,
    get() {
      return this._r === undefined ? null : this._r.fn;
    },
    set(fn) {
      const p = this._p as MethodParams;
      if (p.type === CONSTRUCTOR_METHOD) throw new Error('Reimplementing $new is not possible; replace implementation of $init instead');
      const art = p.data.factory.art;
      if (this._r !== undefined) {
        p.data.factory.patched.delete(this);
        art.revert(p.id);
        this._r = undefined;
      }
      if (fn !== null) {
        if (typeof fn !== 'function') throw new TypeError('implementation must be a function or null');
        const r = implement(p, fn, this);
        this._r = r;
        p.data.factory.patched.add(this);
      }
    },
  },
  invoke: {
    value(this: any, receiver: any, args: unknown[]) {
      const p = this._p as MethodParams;
      const art = p.data.factory.art;
      const f = p.data.factory;
      const isInstance = p.type === INSTANCE_METHOD;
      art.pushLocalFrame();
      try {
        const jniThis = isInstance ? refOf(receiver.$getHandle()) : p.data.classRef;
        let strategy: number = isInstance ? receiver.$t : STRATEGY_DIRECT;
        let bypass = false;
        const r = this._r as (Replacement & { fn: Fn }) | undefined;
        if (r !== undefined && r.pending.has(G.Process.getCurrentThreadId())) {
          // FJB's re-entry rule: calling the replaced method again from its replacement reaches the original.
          strategy = STRATEGY_DIRECT;
          bypass = true;
        }
        const jniArgs: JniValue[] = [];
        for (let i = 0; i < args.length; i++) jniArgs.push(p.argTypes[i]!.toJni(args[i]));
        let ret: JniValue;
        if (p.type === CONSTRUCTOR_METHOD) ret = art.newObject(p.id, ...jniArgs);
        else ret = art.callMethod(p.id, jniThis, bypass ? 2 : strategy === STRATEGY_VIRTUAL && isInstance ? 0 : 1, ...jniArgs);
        throwIfExceptionPending(f);
        return p.retType.fromJni(ret, true);
      } finally {
        art.popLocalFrame(0);
      }
    },
  },
  toString: {
    enumerable: true,
    value(this: any) {
      const p = this._p as MethodParams;
      return `function ${p.methodName}(${p.argTypes.map((t) => t.className).join(', ')}): ${p.retType.className}`;
    },
  },
});

/** Installs `handler` as the method's replacement in the VM (FJB's implement + handleMethodInvocation). */
function implement(p: MethodParams, handler: Fn, original: any): Replacement & { fn: Fn } {
  const pending = new Set<number>();
  const art = p.data.factory.art;
  const replacement = { pending, fn: handler };
  art.replace(p.id, (thisRef: number, ...jniArgs: JniValue[]) => {
    const self = p.type === INSTANCE_METHOD ? new p.data.C(handle(thisRef), STRATEGY_VIRTUAL, false) : p.holder;
    const tid = G.Process.getCurrentThreadId();
    const owned: unknown[] = [];
    art.pushLocalFrame();
    let haveFrame = true;
    pending.add(tid);
    try {
      const fn = ignoredThreads.has(tid) ? original : handler;
      const args: unknown[] = [];
      for (let i = 0; i < jniArgs.length; i++) {
        const v = p.argTypes[i]!.fromJni(jniArgs[i], false);
        args.push(v);
        owned.push(v);
      }
      const retval = fn === original ? original.apply(self, args) : fn.apply(self, args);
      if (!p.retType.isCompatible(retval)) throw new Error(`Implementation for ${p.methodName} expected return value compatible with ${p.retType.className}`);
      let jniRet = p.retType.toJni(retval);
      if (p.retType.type === 'pointer') {
        jniRet = art.popLocalFrame(jniRet as number);
        haveFrame = false;
        owned.push(retval);
      }
      return jniRet;
    } catch (e) {
      const h = (e as { $h?: NativePointerLike } | null)?.$h;
      if (h !== undefined) art.throw(refOf(h));
      else G.Script.nextTick(() => {
        throw e;
      });
      return p.retType.defaultValue;
    } finally {
      if (haveFrame) art.popLocalFrame(0);
      pending.delete(tid);
      for (const o of owned) {
        if (o === null || typeof o !== 'object') continue;
        const d = (o as { $dispose?: () => void }).$dispose;
        if (d !== undefined) d.call(o);
      }
    }
  });
  return replacement;
}
